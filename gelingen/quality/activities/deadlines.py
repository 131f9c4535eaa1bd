"""Due dates of active recurring activities for the shared deadline list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem, bounded

from .models import Activity


def activity_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    rows = Activity.objects.filter(
        organisation_id__in=organisation_ids, active=True, next_due__lte=until
    ).select_related("organisation")
    kind = _("Wiederkehrende Tätigkeit")
    for activity in bounded(rows, "owner_id", "next_due", owner_id, limit):
        yield DueItem(
            key=f"activities.activity:{activity.pk}",
            title=activity.title,
            due=activity.next_due,
            url=reverse("activities:detail", args=[activity.organisation.slug, activity.pk]),
            kind=kind,
            organisation_id=activity.organisation_id,
            owner_id=activity.owner_id,
        )
