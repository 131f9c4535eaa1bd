"""Open complaints in the shared due list: each should be settled within 30 days of receipt."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem, bounded

from .models import COMPLAINT_DAYS, Feedback


def complaint_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    entries = (
        Feedback.objects.filter(
            organisation_id__in=organisation_ids,
            kind=Feedback.Kind.COMPLAINT,
            received_on__lte=until - timedelta(days=COMPLAINT_DAYS),
        )
        .exclude(status=Feedback.Status.DONE)
        .select_related("organisation")
    )
    # due = received_on + COMPLAINT_DAYS, so the earliest received are the earliest due
    for entry in bounded(entries, "handler_id", "received_on", owner_id, limit):
        yield DueItem(
            key=f"feedback.complaint:{entry.pk}",
            title=_("Beschwerde vom %(date)s abschließen")
            % {"date": formats.date_format(entry.received_on, "SHORT_DATE_FORMAT")},
            due=entry.complaint_due,
            url=reverse("feedback:detail", args=[entry.organisation.slug, entry.pk]),
            kind=_("Beschwerde"),
            organisation_id=entry.organisation_id,
            owner_id=entry.handler_id,
        )
