"""Everything with a due date, from every app, in one list (the "Fällig" page, reminders, iCal).

Each app registers a provider in its AppConfig.ready():

    from gelingen.core import deadlines
    deadlines.register(my_provider)

A provider takes the organisations to look at, a horizon date and, as keywords, an `owner_id` and a
`limit`; it yields `DueItem`s that are due on or before the horizon and not yet done (overdue ones
included). With `owner_id` it yields only that person's items, with `limit` at most that many of the
earliest, both applied in SQL, so the dashboard box does not build every item of the organisation. It
should run a bounded number of queries however many organisations it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from django.db.models import QuerySet
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


class Provider(Protocol):
    def __call__(
        self,
        organisation_ids: Sequence[int],
        until: date,
        *,
        owner_id: int | None = None,
        limit: int | None = None,
    ) -> Iterable[DueItem]: ...


_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def bounded(rows: QuerySet, owner_field: str | None, due_field: str, owner_id: int | None, limit: int | None):
    """A provider's query narrowed to one owner (no owner field: nothing) and cut to the `limit`
    earliest; for providers whose due date is a column."""
    if owner_id is not None:
        rows = rows.filter(**{owner_field: owner_id}) if owner_field else rows.none()
    if limit is not None:
        rows = rows.order_by(due_field, "pk")[:limit]
    return rows


def due_items(
    organisation_ids: Sequence[int], until: date, owner_id: int | None = None, limit: int | None = None
) -> list[DueItem]:
    """Open items of these organisations due on or before `until`, oldest first; only `owner_id`'s and
    at most `limit` when given (each provider applies both in SQL)."""
    items = [
        item
        for provider in _providers
        for item in provider(organisation_ids, until, owner_id=owner_id, limit=limit)
    ]
    if owner_id is not None:
        items = [item for item in items if item.owner_id == owner_id]
    items.sort(key=lambda item: (item.due, item.kind, item.title))
    return items[:limit] if limit is not None else items


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
