"""The Auflagen of the released Gutachten as data, for the visit (where each is checked) and the letters."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gelingen.testing.models import Procedure

from . import rules
from .models import GoalRating, Gutachten, Rating


def auflagen_for_visit(procedure: Procedure) -> list[tuple[str, str, str, str]]:
    """One (key, quality-area label, requirement label, Auflage text) per Auflage of the sent Gutachten of
    the current round, the agreed goals of a re-testing last; empty before it is sent. The key
    (`g<gutachten>-<requirement code or goal key>`) stays the same for as long as the round exists."""
    found = rules.current(procedure)
    if found is None or found.status != Gutachten.Status.RELEASED:
        return []
    rows = (
        Rating.objects.filter(review__gutachten=found)
        .exclude(value=Rating.Value.MET)
        .select_related("requirement__area")
        .order_by("requirement__area__number", "requirement__position", "requirement__pk")
    )
    found_rows = [
        (
            f"g{found.pk}-{r.requirement.code}",
            f"{r.requirement.area.code} {r.requirement.area.display_name}",
            f"{r.requirement.code} {r.requirement.display_text}",
            r.auflage,
        )
        for r in rows
    ]
    # at re-testing the agreed strategic goals are extra requirements: their Auflagen are checked too
    goals = (
        GoalRating.objects.filter(gutachten=found).exclude(value=Rating.Value.MET).order_by("position", "pk")
    )
    label = _("Vereinbarte strategische Ziele")
    return found_rows + [(f"g{found.pk}-{g.key}", label, g.title, g.auflage) for g in goals]
