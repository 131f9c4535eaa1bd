"""A reviewer sees a procedure while an assignment of theirs is active (registered with testing.access)."""

from __future__ import annotations

from django.db.models import Q

from gelingen.accounts.models import User
from gelingen.testing.models import Procedure

from .models import Assignment


def is_assigned(procedure: Procedure, user: User) -> bool:
    return Assignment.objects.active().filter(procedure=procedure, reviewer_id=user.pk).exists()


def assigned_scope(user: User) -> Q:
    """Procedures with an active assignment of `user` (a subquery: no duplicate rows in lists)."""
    return Q(pk__in=Assignment.objects.active().filter(reviewer_id=user.pk).values("procedure_id"))
