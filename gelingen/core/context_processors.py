"""The main navigation of an organisation: the registered features its kind uses (gelingen/features.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from gelingen import features


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    links: list[Link]


def navigation_for(kind: str, slug: str, path: str) -> list[Group]:
    """Groups in NAV_GROUPS order; within a group, registry order. The longest matching path is current."""
    base = f"/o/{slug}/"
    entries = [link for feature in features.for_kind(kind) for link in feature.nav]
    matches = [link for link in entries if link.active and path.startswith(base + link.active)]
    current = max(matches, key=lambda link: len(link.active), default=None)
    groups = []
    for key, label in features.NAV_GROUPS.items():
        links = [
            Link(str(link.label), reverse(link.url_name, args=[slug]), link is current)
            for link in entries
            if link.group == key
        ]
        if links:
            groups.append(Group(key, str(label), links))
    return groups


def navigation(request: HttpRequest) -> dict:
    """`nav_groups` for base.html, computed only when the page renders the navigation."""
    org = getattr(request, "org", None)
    if org is None:
        return {}
    return {"nav_groups": lambda: navigation_for(org.kind, org.slug, request.path)}
