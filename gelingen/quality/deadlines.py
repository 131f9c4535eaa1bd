"""Due dates of self-assessment rows for the shared deadline list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem, bounded

from .models import Assessment


def assessment_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    # plain values, not model rows: the due list asks for up to 150 items on every visit
    rows = (
        Assessment.objects.filter(cycle__organisation_id__in=organisation_ids, due_date__lte=until)
        .exclude(status=Assessment.Status.DONE)
        .values_list(
            "pk",
            "due_date",
            "status",
            "responsible_id",
            "cycle_id",
            "requirement__code",
            "cycle__organisation_id",
            "cycle__organisation__slug",
        )
    )
    statuses = {value: str(label) for value, label in Assessment.Status.choices}  # translated once
    title, kind = _("%(code)s bearbeiten (%(status)s)"), _("Selbstbewertung")
    pages: dict[int, str] = {}  # one reverse() per cycle, not per row
    for pk, due, status, responsible_id, cycle_id, code, org_id, slug in bounded(
        rows, "responsible_id", "due_date", owner_id, limit
    ):
        if cycle_id not in pages:
            pages[cycle_id] = reverse("quality:assessment", args=[slug, cycle_id])
        yield DueItem(
            key=f"quality.assessment:{pk}",
            title=title % {"code": code, "status": statuses.get(status, status)},
            due=due,
            url=f"{pages[cycle_id]}#row-{pk}",
            kind=kind,
            organisation_id=org_id,
            owner_id=responsible_id,
        )
