"""Open complaints in the shared due list: each should be settled within 30 days of receipt."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem, bounded
from gelingen.core.links import PkUrl, pk_url

from .models import COMPLAINT_DAYS, Feedback


def complaint_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    # plain values, not model rows: the due list asks for up to 150 items on every visit
    entries = (
        Feedback.objects.filter(
            organisation_id__in=organisation_ids,
            kind=Feedback.Kind.COMPLAINT,
            received_on__lte=until - timedelta(days=COMPLAINT_DAYS),
        )
        .exclude(status=Feedback.Status.DONE)
        .values_list("pk", "received_on", "handler_id", "organisation_id", "organisation__slug")
    )
    title, kind = _("Beschwerde vom %(date)s abschließen"), _("Beschwerde")
    details: dict[str, PkUrl] = {}  # one reverse() per organisation, not per entry
    # due = received_on + COMPLAINT_DAYS, so the earliest received are the earliest due
    for pk, received_on, handler_id, org_id, slug in bounded(
        entries, "handler_id", "received_on", owner_id, limit
    ):
        detail = details.get(slug) or details.setdefault(slug, pk_url("feedback:detail", slug))
        yield DueItem(
            key=f"feedback.complaint:{pk}",
            title=title % {"date": formats.date_format(received_on, "SHORT_DATE_FORMAT")},
            due=received_on + timedelta(days=COMPLAINT_DAYS),
            url=detail.for_pk(pk),
            kind=kind,
            organisation_id=org_id,
            owner_id=handler_id,
        )
