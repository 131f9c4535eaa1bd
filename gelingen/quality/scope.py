"""What an organisation may pick from: its members, its cycles' areas and requirements.

Every form and filter that offers areas or requirements uses these, so the rule is the same everywhere:
the mandatory areas of the models its cycles use plus the optional areas it chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Area, Requirement
from gelingen.quality.models import Cycle


def members(organisation: Organisation) -> QuerySet:
    return organisation.members()


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


def requirements(organisation: Organisation, include=()):
    """Requirements an organisation can link to: those of its cycles' areas (mandatory areas of each
    cycle's model plus the optional areas it chose); `include` keeps already linked ones selectable."""
    cycles = Cycle.objects.filter(organisation=organisation)
    optional = Cycle.optional_areas.through.objects.filter(cycle__in=cycles).values("area_id")
    condition = models.Q(model__in=cycles.values("model_id"), area__optional=False) | models.Q(
        area_id__in=optional
    )
    include = [getattr(r, "pk", r) for r in include]
    if include:
        condition |= models.Q(pk__in=include)
    return (
        Requirement.objects.filter(condition)
        .select_related("area", "model")
        .order_by("model__code", "model__version", "area__number", "position")
    )


@dataclass(frozen=True)
class AreaChoice:
    number: int
    name: str

    @property
    def code(self) -> str:
        return f"QB{self.number}"

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def area_choices(organisation: Organisation) -> list[AreaChoice]:
    """Areas an identifier can be tied to: those of the organisation's cycles, one per number (the
    newest model's name wins); without any cycle, the areas of every installed model."""
    cycles = Cycle.objects.filter(organisation=organisation)
    areas = Area.objects.filter(
        models.Q(model__in=cycles.values("model_id"), optional=False)
        | models.Q(pk__in=Cycle.optional_areas.through.objects.filter(cycle__in=cycles).values("area_id"))
    )
    if not cycles.exists():
        areas = Area.objects.all()
    seen: dict[int, AreaChoice] = {}
    for area in areas.order_by("number", "-model_id"):
        seen.setdefault(area.number, AreaChoice(area.number, area.display_name))
    return list(seen.values())


def requirement_groups(requirements) -> list[tuple[str, list[Requirement]]]:
    """Requirements grouped by area for checkboxes and <optgroup>s; the model name only when several."""
    requirements = list(requirements)
    several_models = len({r.model_id for r in requirements}) > 1
    groups: dict[tuple[int, int], tuple[str, list[Requirement]]] = {}
    for r in requirements:
        label = f"{r.area.code} {r.area.display_name}"
        if several_models:
            label = f"{r.model} – {label}"
        groups.setdefault((r.model_id, r.area_id), (label, []))[1].append(r)
    return list(groups.values())
