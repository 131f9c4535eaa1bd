import pytest

from gelingen.catalogue.models import Area
from gelingen.quality.scope import area_choices, areas, requirement_groups, requirements
from tests.conftest import make_cycle

pytestmark = pytest.mark.django_db


def test_requirements_and_areas_follow_the_cycles(org_a, kqs):
    assert list(requirements(org_a)) == []
    assert [a.number for a in area_choices(org_a)][:3] == [1, 2, 3]  # without a cycle: every model's areas
    cycle = make_cycle(org_a, kqs)
    assert requirements(org_a).count() == 71
    assert [a.number for a in area_choices(org_a)] == list(range(1, 13))
    optional_area = Area.objects.filter(model=kqs, optional=True).first()
    cycle.optional_areas.add(optional_area)
    assert requirements(org_a).count() == 71 + optional_area.requirements.count()
    assert area_choices(org_a)[-1].label == f"QB{optional_area.number} {optional_area.name}"
    linked = Area.objects.filter(model=kqs, optional=True).exclude(pk=optional_area.pk).first()
    extra = linked.requirements.first()
    assert extra in requirements(org_a, include=[extra])


def test_requirement_groups_name_the_model_only_when_several(org_a, kqs):
    make_cycle(org_a, kqs)
    groups = requirement_groups(requirements(org_a))
    assert groups[0][0] == "QB1 Leitbild"
    assert len(groups) == 12 and len(groups[0][1]) == 6


def test_areas_are_the_cycles_mandatory_and_chosen_optional_ones(org_a, kqs):
    cycle = make_cycle(org_a, kqs)
    assert [a.number for a in areas(org_a)] == list(range(1, 13))
    cycle.optional_areas.add(kqs.areas.get(number=14))
    assert [a.number for a in areas(org_a)] == [*range(1, 13), 14]


def test_members_are_the_organisations_people(org_a, qm_a, staff_a, qm_b):
    assert list(org_a.members()) == sorted([qm_a, staff_a], key=lambda u: u.name)
