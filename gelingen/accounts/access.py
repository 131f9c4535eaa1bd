"""Tenant scoping for views: every organisation page goes through `org_view`, every page of an object
shared with other organisations through `granted_view`.

`org_view`: the organisation comes from the URL (`/o/<slug>/...`). A person who is not a member gets
404, so the existence of other organisations and their objects is never revealed. Reading needs any
membership; changing (every method but GET/HEAD/OPTIONS) needs the `write` level, else 403.

`granted_view`: the object comes from the URL (`/shared/<app>/<pk>/...`). Members of the object's
organisation (its owner) pass with their usual levels; people an active grant reaches pass within its
permission (403 for more); everybody else gets 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from .models import Grant, Membership, Organisation, User
from .roles import Level

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
View = Callable[..., HttpResponseBase]


class AuthenticatedRequest(HttpRequest):
    """For type checking only: a request behind login_required (annotate views with these classes)."""

    user: User
    htmx: HtmxDetails


class OrgRequest(AuthenticatedRequest):
    """For type checking only: a request behind `org_view` (or attach_current_org that found one)."""

    org: Organisation
    membership: Membership


class GrantedRequest(OrgRequest):
    """For type checking only: a request behind `granted_view`."""

    granted_object: Any
    access: str  # "owner" or "grantee"
    grant: Grant | None


def org_view(
    write: Level = Level.WRITE, read: Level = Level.READ, kinds: Iterable[str] = ()
) -> Callable[[View], View]:
    kinds = tuple(kinds)

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: OrgRequest, org: str, *args, **kwargs) -> HttpResponseBase:
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
            membership.record_use()  # the header's recent organisations; writes every few minutes
            if request.session.get("current_org") != org:
                request.session["current_org"] = org
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@dataclass(frozen=True)
class GrantedAccess:
    """What a granted view allows, kept on the view for tests/test_tenant_isolation.py."""

    model: type[Model]
    read: str
    write: str | None


def granted_view(
    model: type[Model],
    *,
    read: str = Grant.Permission.VIEW,
    write: str | None = None,
    owner_read: Level = Level.READ,
    owner_write: Level = Level.WRITE,
    related: Iterable[str] = (),
    pk_kwarg: str = "pk",
) -> Callable[[View], View]:
    """Open the `model` object named by the URL's `pk` to its owner's members and to its grantees.

    The object needs `organisation_id` (the owner); `related` is passed to select_related so that
    reading it costs no query. Reading needs the `read` permission, changing the `write` permission
    (None: grantees may only read). The view gets `request.granted_object`, `request.access`
    ("owner" or "grantee") and `request.grant` (None for owners); `request.org` is the organisation
    whose navigation is shown (the owner for its members, the person's current one for grantees).
    """
    if not hasattr(model, "organisation_id"):
        raise TypeError(f"{model.__name__} needs organisation_id to be shared")
    related = tuple(related)

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: GrantedRequest, *args, **kwargs) -> HttpResponseBase:
            obj = model._default_manager.select_related(*related).filter(pk=kwargs[pk_kwarg]).first()
            if obj is None:
                raise Http404
            safe = request.method in SAFE_METHODS
            membership = (
                Membership.objects.select_related("organisation")
                .filter(user=request.user, organisation_id=obj.organisation_id)
                .first()
            )
            if membership is not None:
                if membership.level < (owner_read if safe else owner_write):
                    raise PermissionDenied
                request.membership, request.org = membership, membership.organisation
                request.access, request.grant = "owner", None
            else:
                needed = read if safe else write
                grant = Grant.objects.active_for(request.user, obj, needed) if needed else None
                if grant is None:
                    if not safe and Grant.objects.active_for(request.user, obj, read):
                        raise PermissionDenied  # may look, may not change
                    raise Http404
                attach_current_org(request)
                request.access, request.grant = "grantee", grant
            request.granted_object = obj
            return view(request, *args, **kwargs)

        wrapped.granted_access = GrantedAccess(model, read, write)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_level(request: OrgRequest, level: Level) -> None:
    """For views that allow some writes to one role and others to another."""
    if request.membership.level < level:
        raise PermissionDenied


def attach_current_org(request: AuthenticatedRequest) -> None:
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
        org_request = cast(OrgRequest, request)
        org_request.membership = membership
        org_request.org = membership.organisation
