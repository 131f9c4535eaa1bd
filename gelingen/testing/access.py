"""Who sees a procedure and from which side: the organisation, the testing body, or a reviewer.

Organisation members see their organisation's procedures; members of the testing body other than
reviewers (officer, read-only) see all of the body's procedures; a reviewer sees a procedure only when
a registered check says so (the reviewers sub-app registers its assignment check). Everyone else: None.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from gelingen.accounts.models import Membership, User
from gelingen.accounts.roles import REVIEWER, Level

from .models import Procedure

ORGANISATION = "organisation"
TESTING_BODY = "testing_body"
REVIEWER_SIDE = "reviewer"
ROLES = (ORGANISATION, TESTING_BODY, REVIEWER_SIDE)

ReviewerCheck = Callable[[Procedure, User], bool]
ReviewerScope = Callable[[User], Q]
_reviewer_checks: list[ReviewerCheck] = []
_reviewer_scopes: list[ReviewerScope] = []


def register_reviewer_access(check: ReviewerCheck, scope: ReviewerScope | None = None) -> None:
    """Let a reviewer see procedures: `check(procedure, user)` for one, `scope(user)` (a Q on Procedure) for lists."""
    if check not in _reviewer_checks:
        _reviewer_checks.append(check)
    if scope is not None and scope not in _reviewer_scopes:
        _reviewer_scopes.append(scope)


def membership(user: User, organisation_id: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation_id=organisation_id).first()


def role_of(procedure: Procedure, user: User, memberships: dict[int, Membership] | None = None) -> str | None:
    """The side from which `user` sees `procedure`, or None when they may not see it at all."""
    if not user.is_authenticated:
        return None
    if memberships is None:
        memberships = {
            m.organisation_id: m
            for m in Membership.objects.filter(
                user=user, organisation_id__in=[procedure.organisation_id, procedure.testing_body_id]
            )
        }
    if procedure.organisation_id in memberships:
        return ORGANISATION
    body = memberships.get(procedure.testing_body_id)
    if body is not None and body.role != REVIEWER:
        return TESTING_BODY
    if any(check(procedure, user) for check in _reviewer_checks):
        return REVIEWER_SIDE
    return None


def can_act(procedure: Procedure, user: User, side: str) -> bool:
    """May `user` do a step of `side` on this procedure (write level in that side's organisation)?"""
    organisation_id = procedure.organisation_id if side == ORGANISATION else procedure.testing_body_id
    member = membership(user, organisation_id)
    if member is None or member.level < Level.WRITE:
        return False
    return side != TESTING_BODY or member.role != REVIEWER


def reviewed_by(user_id: int) -> Q:
    """Procedures a reviewer is assigned to (for the testing body's filter); nothing without a registered scope."""
    q = Q(pk__in=[])
    reviewer = User(pk=user_id)
    for scope in _reviewer_scopes:
        q |= scope(reviewer)
    return q


def visible_to(user: User) -> QuerySet[Procedure]:
    """Every procedure the person may open, from any side."""
    if not user.is_authenticated:
        return Procedure.objects.none()
    mine = Membership.objects.filter(user=user)
    q = Q(organisation__in=mine.values("organisation")) | Q(
        testing_body__in=mine.exclude(role=REVIEWER).values("organisation")
    )
    for scope in _reviewer_scopes:
        q |= scope(user)
    return Procedure.objects.filter(q)
