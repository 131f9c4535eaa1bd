"""The next Leitbild revision date in the shared due list (reminders, "Fällig", iCal)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem, bounded

from .models import RevisionPlan


def revision_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    plans = RevisionPlan.objects.filter(
        organisation_id__in=organisation_ids, next_revision_on__isnull=False, next_revision_on__lte=until
    ).select_related("organisation")
    for plan in bounded(plans, "responsible_id", "next_revision_on", owner_id, limit):
        yield DueItem(
            key=f"leitbild.revision:{plan.organisation_id}",
            title=_("Leitbild überprüfen und fortschreiben"),
            due=plan.next_revision_on,
            url=reverse("leitbild:overview", args=[plan.organisation.slug]),
            kind=_("Leitbild"),
            organisation_id=plan.organisation_id,
            owner_id=plan.responsible_id,
        )
