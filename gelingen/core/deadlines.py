"""Everything with a due date, from every app, in one list (the "Fällig" page, reminders, iCal).

Each app registers a provider in its AppConfig.ready():

    from gelingen.core import deadlines
    deadlines.register(my_provider)

A provider takes the organisations to look at and a horizon date and yields `DueItem`s that are due on
or before the horizon and not yet done (overdue ones included). It should run a bounded number of
queries however many organisations it is given. Filtering by owner happens here, once, so providers stay
simple; an organisation's open items within the horizon are few enough to filter in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class DueItem:
    key: str  # stable identity, e.g. "measures.task:42"; reminders are sent once per (key, due)
    title: str
    due: date
    url: str  # path inside the site, e.g. /o/<slug>/measures/3/
    kind: str  # short human label, e.g. "Aufgabe", "Wiederkehrende Tätigkeit"
    organisation_id: int
    owner_id: int | None = None  # the person reminded; None: nobody in particular

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()


Provider = Callable[[Sequence[int], date], Iterable[DueItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def due_items(organisation_ids: Sequence[int], until: date, owner_id: int | None = None) -> list[DueItem]:
    """All open items of these organisations due on or before `until`, oldest first."""
    items = [item for provider in _providers for item in provider(organisation_ids, until)]
    if owner_id is not None:
        items = [item for item in items if item.owner_id == owner_id]
    return sorted(items, key=lambda item: (item.due, item.kind, item.title))


@dataclass(frozen=True)
class DueGroups:
    overdue: list[DueItem]
    this_week: list[DueItem]
    later: list[DueItem]

    def __iter__(self):
        return iter((self.overdue, self.this_week, self.later))

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.this_week) + len(self.later)


def group_due(items: Iterable[DueItem], today: date) -> DueGroups:
    """Split items into overdue (before today), this week (today until Sunday) and later."""
    sunday = today + timedelta(days=6 - today.weekday())
    overdue, this_week, later = [], [], []
    for item in items:
        if item.due < today:
            overdue.append(item)
        elif item.due <= sunday:
            this_week.append(item)
        else:
            later.append(item)
    return DueGroups(overdue, this_week, later)
