"""The shared due-date registry: registration, owner filter, grouping."""

from datetime import date, timedelta

import pytest

from gelingen.core import deadlines
from gelingen.core.deadlines import DueItem, due_items, group_due


def item(key: str, due: date, owner_id: int | None = None, org: int = 1, title: str = "x") -> DueItem:
    return DueItem(
        key=key, title=title, due=due, url="/", kind="Test", organisation_id=org, owner_id=owner_id
    )


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(deadlines, "_providers", [])
    return deadlines


def test_register_is_idempotent_and_merges_sorted(registry):
    def first(org_ids, until, **_):
        return [item("a:1", date(2026, 3, 5), org=org_ids[0]), item("a:2", date(2026, 4, 1))]

    def second(org_ids, until, **_):
        yield item("b:1", date(2026, 3, 1))

    registry.register(first)
    registry.register(first)
    registry.register(second)
    assert [i.key for i in due_items([1], date(2026, 12, 31))] == ["b:1", "a:1", "a:2"]


def test_owner_filter(registry):
    def provider(org_ids, until, **_):
        return [item("a:1", date(2026, 3, 5), owner_id=7), item("a:2", date(2026, 3, 6), owner_id=8)]

    registry.register(provider)
    assert [i.key for i in due_items([1], date(2026, 12, 31), owner_id=7)] == ["a:1"]
    assert len(due_items([1], date(2026, 12, 31))) == 2


def test_group_due_by_week():
    wednesday = date(2026, 3, 11)
    items = [
        item("o", wednesday - timedelta(days=1)),
        item("t", wednesday),
        item("s", date(2026, 3, 15)),  # Sunday of the same week
        item("l", date(2026, 3, 16)),
    ]
    groups = group_due(items, wednesday)
    assert [i.key for i in groups.overdue] == ["o"]
    assert [i.key for i in groups.this_week] == ["t", "s"]
    assert [i.key for i in groups.later] == ["l"]
    assert groups.count == 4
    overdue, week, later = groups
    assert (overdue, week, later) == (groups.overdue, groups.this_week, groups.later)


def test_group_due_on_a_sunday():
    sunday = date(2026, 3, 15)
    groups = group_due([item("s", sunday), item("m", sunday + timedelta(days=1))], sunday)
    assert [i.key for i in groups.this_week] == ["s"] and [i.key for i in groups.later] == ["m"]


def test_owner_and_limit_reach_the_providers_and_the_merge_keeps_the_earliest(registry):
    asked = []

    def provider(org_ids, until, *, owner_id=None, limit=None):
        asked.append((owner_id, limit))
        days = [date(2026, 3, d) for d in (9, 2, 5)]
        return [item(f"a:{d.day}", d, owner_id=7) for d in days][:limit]

    def other(org_ids, until, *, owner_id=None, limit=None):
        asked.append((owner_id, limit))
        return [item("b:1", date(2026, 3, 1), owner_id=7), item("b:2", date(2026, 3, 3), owner_id=8)]

    registry.register(provider)
    registry.register(other)
    items = due_items([1], date(2026, 12, 31), owner_id=7, limit=2)
    assert asked == [(7, 2), (7, 2)]
    assert [i.key for i in items] == ["b:1", "a:2"]  # b:2 is someone else's even if a provider yields it
