"""Who may change whose role, and the audit log of every change.

Rules (each organisation kind has one leading role: the Leitung in a service organisation):
- only a manager changes roles or removes members; nobody changes or removes their own membership;
- only a member with the leading role grants, takes away or changes the leading role (an organisation
  that has nobody in it yet may be given one by its managers);
- the last member with the leading role, and the last manager, stay;
- every change is logged: who, when, whose membership, old and new role ("" = joined / removed).
The checks run under row locks on the organisation's memberships, so two people demoting each other at
the same moment cannot both succeed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Membership, Organisation, RoleChange, User
from .roles import COORDINATOR, LEITUNG, OFFICER, PARTNER, ROLES_BY_KIND, Level, level_of

LEADING_ROLE = {
    "service": LEITUNG,
    "testing_body": OFFICER,
    "municipality": COORDINATOR,
    "provider": PARTNER,
}


class RoleChangeRefused(Exception):
    """A refused change; `forbidden` means the person may not do this at all (403), else it is a rule
    of the organisation (shown as a form error)."""

    def __init__(self, message: str, forbidden: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.forbidden = forbidden


def leading_role(organisation: Organisation) -> str:
    return LEADING_ROLE.get(organisation.kind, LEITUNG)


def _has_leader(organisation: Organisation, exclude: Membership | None = None) -> bool:
    others = organisation.memberships.filter(role=leading_role(organisation))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def may_grant_leading_role(actor: Membership) -> bool:
    organisation = actor.organisation
    return actor.role == leading_role(organisation) or not _has_leader(organisation)


def assignable_roles(actor: Membership) -> list[str]:
    """The roles this person may hand out (in member edits and invitations)."""
    organisation = actor.organisation
    roles = list(ROLES_BY_KIND[organisation.kind])
    if not actor.can_manage:
        return []
    if not may_grant_leading_role(actor):
        roles.remove(leading_role(organisation))
    return roles


def check_may_edit(actor: Membership, target: Membership) -> None:
    """May `actor` open `target`'s membership for a change at all? Raises a forbidden refusal if not."""
    if actor.organisation_id != target.organisation_id or not actor.can_manage:
        raise RoleChangeRefused(_("Nur wer die Organisation verwaltet, kann Rollen ändern."), forbidden=True)
    if actor.pk == target.pk:
        raise RoleChangeRefused(
            _("Die eigene Rolle kann niemand selbst ändern; bitten Sie eine andere Person der Leitung."),
            forbidden=True,
        )
    if target.role == leading_role(target.organisation) and actor.role != target.role:
        raise RoleChangeRefused(
            _("Nur die Leitung kann die Rolle einer Person der Leitung ändern oder sie entfernen."),
            forbidden=True,
        )


def check_change(actor: Membership, target: Membership, new_role: str) -> None:
    """Raises RoleChangeRefused unless `actor` may give `target` the role `new_role`."""
    check_may_edit(actor, target)
    organisation = target.organisation
    if new_role not in ROLES_BY_KIND[organisation.kind]:
        raise RoleChangeRefused(_("Diese Rolle gibt es in dieser Organisation nicht."))
    leader = leading_role(organisation)
    if new_role == leader and target.role != leader and not may_grant_leading_role(actor):
        raise RoleChangeRefused(_("Nur die Leitung kann die Rolle Leitung vergeben."), forbidden=True)
    if (target.role == leader and new_role != leader) or (
        target.can_manage and level_of(new_role) < Level.MANAGE
    ):
        _check_not_last(target)


def check_removal(actor: Membership, target: Membership) -> None:
    check_may_edit(actor, target)
    _check_not_last(target)


def _check_not_last(target: Membership) -> None:
    organisation = target.organisation
    if target.role == leading_role(organisation) and not _has_leader(organisation, exclude=target):
        raise RoleChangeRefused(
            _(
                "Die letzte Person mit der Rolle „%(role)s“ kann ihre Rolle nicht abgeben und nicht entfernt werden."
            )
            % {"role": target.get_role_display()}
        )
    others = organisation.memberships.exclude(pk=target.pk)
    if target.can_manage and not any(level_of(m.role) >= Level.MANAGE for m in others.only("role")):
        raise RoleChangeRefused(_("Mindestens eine Person muss die Organisation verwalten können."))


def _lock(organisation: Organisation) -> None:
    """Lock every membership of the organisation until the transaction ends (no-op on SQLite, which
    serialises writers anyway)."""
    list(Membership.objects.select_for_update().filter(organisation=organisation).values_list("pk"))


def change_role(actor: Membership, target: Membership, new_role: str) -> RoleChange | None:
    """Give `target` the role `new_role` (checked and logged); None when the role stays the same."""
    with transaction.atomic():
        _lock(target.organisation)
        target.refresh_from_db(fields=["role"])
        actor.refresh_from_db(fields=["role"])
        if new_role == target.role:
            return None
        check_change(actor, target, new_role)
        old_role = target.role
        target.role = new_role
        target.save(update_fields=["role"])
        return log(target.organisation, target.user, old_role, new_role, by=actor.user, membership=target)


def remove_member(actor: Membership, target: Membership) -> RoleChange:
    with transaction.atomic():
        _lock(target.organisation)
        target.refresh_from_db(fields=["role"])
        actor.refresh_from_db(fields=["role"])
        check_removal(actor, target)
        entry = log(target.organisation, target.user, target.role, "", by=actor.user)
        target.delete()
        return entry


def log(
    organisation: Organisation,
    user: User,
    old_role: str,
    new_role: str,
    by: User | None,
    membership: Membership | None = None,
) -> RoleChange:
    return RoleChange.objects.create(
        organisation=organisation,
        membership=membership,
        user=user,
        old_role=old_role,
        new_role=new_role,
        changed_by=by,
    )


def keep_last_leader(sender, instance: Membership, origin=None, **kwargs) -> None:
    """pre_delete of a membership (any path: queryset delete, deleting the person): the last member
    with the leading role stays, unless the whole organisation is being deleted."""
    if isinstance(origin, Organisation) or getattr(origin, "model", None) is Organisation:
        return
    organisation = instance.organisation
    if instance.role == leading_role(organisation) and not _has_leader(organisation, exclude=instance):
        raise RoleChangeRefused(
            _(
                "Die letzte Person mit der Rolle „%(role)s“ kann ihre Rolle nicht abgeben und nicht entfernt werden."
            )
            % {"role": instance.get_role_display()}
        )
