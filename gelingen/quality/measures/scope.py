"""What an organisation may pick from: its members, its cycles' areas and requirements."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import Area, Requirement
from gelingen.quality.models import Cycle


def members(organisation: Organisation) -> QuerySet:
    return User.objects.filter(memberships__organisation=organisation).order_by("name")


def areas(organisation: Organisation) -> QuerySet:
    """Mandatory areas of the models the organisation's cycles use, plus the optional areas they chose."""
    chosen = Cycle.optional_areas.through.objects.filter(cycle__organisation=organisation).values("area_id")
    model_ids = organisation.cycles.values("model_id")
    return (
        Area.objects.filter(model_id__in=model_ids)
        .filter(Q(optional=False) | Q(pk__in=chosen))
        .select_related("model")
        .order_by("model__code", "model__version", "number")
    )


def requirements(organisation: Organisation) -> QuerySet:
    return (
        Requirement.objects.filter(area__in=areas(organisation))
        .select_related("area__model")
        .order_by("area__model__code", "area__model__version", "area__number", "position")
    )
