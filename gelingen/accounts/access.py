"""Tenant scoping for views: every organisation page goes through `org_view`.

The organisation comes from the URL (`/o/<slug>/...`). A person who is not a member gets 404, so
the existence of other organisations and their objects is never revealed. Reading needs any
membership; changing (every method but GET/HEAD/OPTIONS) needs the `write` level, else 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .models import Membership
from .roles import Level

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def org_view(
    write: Level = Level.WRITE, read: Level = Level.READ, kinds: Iterable[str] = ()
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    kinds = tuple(kinds)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, org: str, *args, **kwargs) -> HttpResponse:
            membership = (
                Membership.objects.select_related("organisation")
                .filter(user=request.user, organisation__slug=org)
                .first()
            )
            if membership is None or (kinds and membership.organisation.kind not in kinds):
                raise Http404
            needed = read if request.method in SAFE_METHODS else write
            if membership.level < needed:
                raise PermissionDenied
            request.membership = membership
            request.org = membership.organisation
            if request.session.get("current_org") != org:
                request.session["current_org"] = org
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_level(request: HttpRequest, level: Level) -> None:
    """For views that allow some writes to one role and others to another."""
    if request.membership.level < level:
        raise PermissionDenied


def attach_current_org(request: HttpRequest) -> None:
    """On pages outside an organisation (catalogue, profile) keep the navigation of the last one used."""
    slug = request.session.get("current_org")
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=request.user, organisation__slug=slug)
        .first()
        if slug
        else None
    )
    if membership:
        request.membership = membership
        request.org = membership.organisation
