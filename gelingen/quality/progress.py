"""Progress of a cycle's self-assessment, per area and overall."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.functional import Promise

from .models import Assessment, Cycle

STATUS_ORDER = [
    Assessment.Status.DONE,
    Assessment.Status.PRACTICE,
    Assessment.Status.MISSING,
    Assessment.Status.OPEN,
]


@dataclass
class Progress:
    label: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    def percent(self, status: str) -> int:
        return round(100 * self.count(status) / self.total) if self.total else 0

    @property
    def done(self) -> int:
        return self.count(Assessment.Status.DONE)

    @property
    def done_percent(self) -> int:
        """Share of requirements met and documented: the figure a quality manager reports."""
        return self.percent(Assessment.Status.DONE)

    @property
    def assessed(self) -> int:
        return self.total - self.count(Assessment.Status.OPEN)

    @property
    def segments(self) -> list[tuple[str, str | Promise, int, int]]:
        """(status, label, count, percent) in display order."""
        return [(s.value, s.label, self.count(s), self.percent(s)) for s in STATUS_ORDER]


@dataclass
class CycleProgress:
    overall: Progress
    areas: list[Progress]


def from_rows(rows: Iterable[tuple[str, str]]) -> CycleProgress:
    """Build progress from (area label, status) pairs, keeping the order areas first appear in."""
    areas: dict[str, Progress] = {}
    overall = Progress("")
    for label, status in rows:
        areas.setdefault(label, Progress(label)).counts[status] += 1
        overall.counts[status] += 1
    return CycleProgress(overall, list(areas.values()))


def for_cycle(cycle: Cycle) -> CycleProgress:
    """One aggregate query, whatever the number of requirements."""
    rows = (
        cycle.current_assessments()
        .values("requirement__area__number", "status")
        .annotate(n=Count("pk"))
        .order_by("requirement__area__number")
    )
    areas: dict[int, Progress] = {}
    overall = Progress("")
    for row in rows:
        number = row["requirement__area__number"]
        areas.setdefault(number, Progress(f"QB{number}")).counts[row["status"]] += row["n"]
        overall.counts[row["status"]] += row["n"]
    return CycleProgress(overall, list(areas.values()))
