"""Sharing objects with other organisations' people: make, revoke and list grants.

The rules of access through a grant live in `Grant.objects.active_for` and `access.granted_view`;
this module holds what changes grants. An object can be shared when it has `organisation_id` (its
owner) and its model names the granted page in `GRANTED_URL` (a URL name taking the object's pk).
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Grant, Organisation, User

log = logging.getLogger("gelingen.grants")


class ShareRefused(ValueError):
    """The grant would not leave the owner or names nobody; the message is for the person sharing."""


def share(
    obj: models.Model,
    *,
    by: User,
    grantee_organisation: Organisation | None = None,
    grantee_user: User | None = None,
    permission: str = Grant.Permission.VIEW,
    valid_until: date | None = None,
    title: str = "",
) -> Grant:
    """Share `obj` of its organisation; an identical active grant is returned instead of a second one."""
    owner_id = getattr(obj, "organisation_id", None)
    if owner_id is None:
        raise TypeError(f"{type(obj).__name__} has no organisation_id and cannot be shared")
    if grantee_organisation is None and grantee_user is None:
        raise ShareRefused(_("Bitte wählen Sie, mit wem Sie teilen."))
    if grantee_organisation is not None and grantee_organisation.pk == owner_id:
        raise ShareRefused(_("Mit der eigenen Organisation muss nichts geteilt werden."))
    if valid_until is not None and valid_until < timezone.localdate():
        raise ShareRefused(_("Das Ende der Freigabe darf nicht in der Vergangenheit liegen."))
    with transaction.atomic():
        existing = (
            Grant.objects.active()
            .on(obj)
            .filter(
                grantee_organisation=grantee_organisation,
                grantee_user=grantee_user,
                permission=permission,
                valid_until=valid_until,
            )
            .first()
        )
        if existing:
            return existing
        grant = Grant.objects.create(
            owner_id=owner_id,
            grantee_organisation=grantee_organisation,
            grantee_user=grantee_user,
            target=obj,
            title=(title or str(obj))[:300],
            permission=permission,
            granted_by=by,
            valid_until=valid_until,
        )
    log.info(
        "grant %s: %s shared %s:%s (%s) with %s",
        grant.pk,
        by.pk,
        grant.content_type_id,
        obj.pk,
        permission,
        grant.grantee,
    )
    return grant


def revoke(grant: Grant, *, by: User) -> bool:
    """End a grant now; False when it was already revoked."""
    changed = Grant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    if changed:
        grant.refresh_from_db(fields=["revoked_at", "revoked_by"])
        log.info("grant %s: revoked by %s", grant.pk, by.pk)
    return bool(changed)


def shared_with(user: User):
    """Active grants reaching this person (directly or through their organisations), newest first."""
    return (
        Grant.objects.active().reaching(user).select_related("owner", "grantee_organisation", "grantee_user")
    )


def shared_by(owner: Organisation):
    """Everything the organisation has shared, revoked and expired ones included (the audit trail)."""
    return Grant.objects.filter(owner=owner).select_related(
        "grantee_organisation", "grantee_user", "granted_by", "revoked_by"
    )


def shared_with_organisation(organisation: Organisation):
    return (
        Grant.objects.active()
        .filter(grantee_organisation=organisation)
        .select_related("owner", "grantee_organisation", "grantee_user")
    )


def of_object(obj: models.Model):
    return Grant.objects.on(obj).select_related(
        "grantee_organisation", "grantee_user", "granted_by", "revoked_by"
    )
