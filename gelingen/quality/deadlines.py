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
    rows = (
        Assessment.objects.filter(cycle__organisation_id__in=organisation_ids, due_date__lte=until)
        .exclude(status=Assessment.Status.DONE)
        .select_related("requirement", "cycle__organisation")
    )
    pages: dict[int, str] = {}  # one reverse() per cycle, not per row
    for row in bounded(rows, "responsible_id", "due_date", owner_id, limit):
        org = row.cycle.organisation
        if row.cycle_id not in pages:
            pages[row.cycle_id] = reverse("quality:assessment", args=[org.slug, row.cycle_id])
        yield DueItem(
            key=f"quality.assessment:{row.pk}",
            title=_("%(code)s bearbeiten (%(status)s)")
            % {"code": row.requirement.code, "status": row.get_status_display()},
            due=row.due_date,
            url=f"{pages[row.cycle_id]}#row-{row.pk}",
            kind=_("Selbstbewertung"),
            organisation_id=org.pk,
            owner_id=row.responsible_id,
        )
