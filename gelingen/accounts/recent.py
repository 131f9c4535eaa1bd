"""The header's recently opened organisations, cached per person (the query sorts all of a person's
memberships: ~2 ms for someone in 2,000 organisations, on every page).

The cache holds the few most recent memberships regardless of the current one; the header drops the
current one. Anything that changes the list deletes the entry: a membership created, changed or
removed (signals), an organisation renamed (its members' entries), and `Membership.record_use` writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.core.cache import cache

from .models import Membership, Organisation, User, recent_memberships

TIMEOUT = 60 * 60  # a safety net; the entry is deleted whenever the list changes


def cache_key(user_id: int) -> str:
    return f"accounts:recent:{user_id}"


class RecentOrganisation(NamedTuple):
    membership_id: int
    name: str
    url: str


def recent_for_header(
    user: User, current: Membership | None, limit: int
) -> tuple[list[RecentOrganisation], bool]:
    """The `limit` most recently opened organisations other than `current`'s, and whether there are
    more (one query on a miss, none on a hit)."""
    key = cache_key(user.pk)
    rows = cache.get(key)
    if rows is None:
        # limit + 1 others to know whether there are more, + 1 for the current one
        rows = [
            RecentOrganisation(m.pk, m.organisation.name, m.organisation.get_absolute_url())
            for m in recent_memberships(user, limit=limit + 2)
        ]
        cache.set(key, rows, TIMEOUT)
    others = [r for r in rows if current is None or r.membership_id != current.pk]
    return others[:limit], len(others) > limit


def forget(user_ids: Iterable[int]) -> None:
    cache.delete_many([cache_key(pk) for pk in user_ids])


def membership_changed(sender, instance: Membership, **kwargs) -> None:
    forget([instance.user_id])


def organisation_changed(sender, instance: Organisation, created: bool = False, **kwargs) -> None:
    if not created:
        forget(instance.memberships.values_list("user_id", flat=True))
