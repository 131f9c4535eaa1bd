"""How many procedures a reviewer has open (against the profile's capacity)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from gelingen.testing.models import CLOSED

from .models import Assignment


def open_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """Open procedures per person (active assignments of procedures not closed), one query; people
    without any are missing from the result."""
    rows = (
        Assignment.objects.active()
        .filter(reviewer_id__in=list(user_ids))
        .exclude(procedure__status__in=CLOSED)
        .values("reviewer_id")
        .annotate(n=Count("procedure_id", distinct=True))
    )
    return {row["reviewer_id"]: row["n"] for row in rows}
