"""The main navigation of an organisation: the registered features its kind uses (gelingen/features.py).

Every organisation page shows it, so it is built once per language, organisation kind, role (whether
the "Organisation" entry shows) and URL configuration, kept in process memory with a placeholder for
the organisation's slug, and per request only filled in and marked current: no `reverse()` or
`{% translate %}` per entry. Nothing in it comes from the database, so it cannot go stale while the
process runs (a role change shows at once: the role is part of the key).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from gelingen import features

SLUG = "__org__"  # stands for the slug in cached URLs; matches the slug converter, never a real slug


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


@dataclass(frozen=True)
class _Entry:
    label: str  # escaped
    url: str  # with SLUG for the organisation
    active: str  # features: path below /o/<slug>/ that marks it current (longest match wins)
    group: str  # features: key of NAV_GROUPS; "" for the fixed entries around them
    match: str = "prefix"  # "prefix" (features), "exact" or "contains" (fixed entries)


_built: dict[tuple, tuple[_Entry, ...]] = {}


def _clear(**kwargs) -> None:
    _built.clear()


setting_changed.connect(_clear, dispatch_uid="navigation_cache")


def _feature_entries(kind: str) -> list[_Entry]:
    entries = [link for feature in features.for_kind(kind) for link in feature.nav]
    ordered = [link for key in features.NAV_GROUPS for link in entries if link.group == key]
    return [
        _Entry(escape(str(link.label)), reverse(link.url_name, args=[SLUG]), link.active, link.group)
        for link in ordered
    ]


def _entries(kind: str, can_manage: bool) -> tuple[_Entry, ...]:
    key = (kind, can_manage, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    entries = _built.get(key)
    if entries is None:
        fixed_end = [
            _Entry(escape(gettext("Katalog")), reverse("catalogue:list"), "/catalogue/", "", "contains"),
            _Entry(escape(gettext("Mitglieder")), reverse("members", args=[SLUG]), "", "", "exact"),
            _Entry(
                escape(gettext("Freigaben")), reverse("organisation_grants", args=[SLUG]), "", "", "exact"
            ),
        ]
        if can_manage:
            url = reverse("organisation_settings", args=[SLUG])
            fixed_end.append(_Entry(escape(gettext("Organisation")), url, "", "", "exact"))
        entries = (
            _Entry(escape(gettext("Übersicht")), reverse("dashboard", args=[SLUG]), "", "", "exact"),
            *_feature_entries(kind),
            *fixed_end,
        )
        _built[key] = entries
    return entries


def _current_feature(entries: tuple[_Entry, ...], base: str, path: str) -> _Entry | None:
    matches = [e for e in entries if e.group and e.active and path.startswith(base + e.active)]
    return max(matches, key=lambda e: len(e.active), default=None)


def navigation_for(kind: str, slug: str, path: str) -> list[Group]:
    """The feature entries: groups in NAV_GROUPS order; within a group, registry order. The longest
    matching path is current."""
    entries = [e for e in _entries(kind, False) if e.group]
    current = _current_feature(tuple(entries), f"/o/{slug}/", path)
    groups = []
    for key, label in features.NAV_GROUPS.items():
        links = [Link(e.label, e.url.replace(SLUG, slug), e is current) for e in entries if e.group == key]
        if links:
            groups.append(Group(key, str(label), links))
    return groups


def main_nav_html(kind: str, slug: str, path: str, can_manage: bool) -> SafeString:
    """The `<li>` entries of an organisation's main navigation: overview, features, catalogue, members,
    grants and (for managers) the organisation's settings."""
    entries = _entries(kind, can_manage)
    current = _current_feature(entries, f"/o/{slug}/", path)
    parts = []
    for e in entries:
        url = e.url.replace(SLUG, slug)
        if e.group:
            is_current = e is current
        elif e.match == "contains":
            is_current = e.active in path
        else:
            is_current = path == url
        attrs = f' data-nav-group="{e.group}"' if e.group else ""
        aria = ' aria-current="page"' if is_current else ""
        parts.append(f'<li{attrs}><a href="{escape(url)}"{aria}>{e.label}</a></li>')
    return mark_safe("\n".join(parts))  # noqa: S308 - labels and URLs escaped above


def navigation(request: HttpRequest) -> dict:
    """`org_nav` for base.html, computed only when the page renders the navigation."""
    org = getattr(request, "org", None)
    if org is None:
        return {}
    membership = getattr(request, "membership", None)
    can_manage = bool(membership and membership.can_manage)
    return {"org_nav": lambda: main_nav_html(org.kind, org.slug, request.path, can_manage)}
