"""assignment_blockers at its boundaries: look-back, accreditation, capacity, status."""

from __future__ import annotations

from datetime import date

import pytest

from gelingen.testing.reviewers.conflicts import assignment_blockers, pool_blockers, years_before
from gelingen.testing.reviewers.models import ConflictOfInterest, PoolSettings

from .factories import make_body, make_conflict, make_profile

pytestmark = pytest.mark.django_db

ON = date(2026, 12, 3)
ADVISED = ConflictOfInterest.Kind.ADVISED
EMPLOYMENT = ConflictOfInterest.Kind.EMPLOYMENT
OTHER = ConflictOfInterest.Kind.OTHER


@pytest.fixture
def body(db):
    return make_body()


@pytest.fixture
def profile(body, kqs):
    return make_profile(body, "gutachterin@pruef.example", model=kqs, valid_until=date(2028, 12, 31))


def blockers(profile, org, on=ON, model=None, open_procedures=0):
    return assignment_blockers(profile, org, on, model=model, open_procedures=open_procedures)


def test_a_free_reviewer_has_no_blockers(profile, org_a, kqs):
    assert blockers(profile, org_a, model=kqs) == []


@pytest.mark.parametrize(
    ("ended", "blocked"),
    [(date(2023, 12, 2), False), (date(2023, 12, 3), True), (date(2023, 12, 4), True)],
    ids=["day-before-look-back", "first-day-of-look-back", "day-after"],
)
@pytest.mark.parametrize("kind", [ADVISED, EMPLOYMENT])
def test_advice_and_employment_count_within_the_three_year_look_back(profile, org_a, kind, ended, blocked):
    make_conflict(profile, org_a, kind, date(2022, 1, 10), ended)
    reasons = blockers(profile, org_a)
    assert bool(reasons) is blocked
    if blocked:
        assert org_a.name in reasons[0] and "3 Jahren" in reasons[0]
        assert "10.01.2022" in reasons[0]


def test_ongoing_advice_always_blocks(profile, org_a):
    make_conflict(profile, org_a, ADVISED, date(2015, 3, 1))
    assert "seit 01.03.2015" in blockers(profile, org_a)[0]


def test_the_look_back_is_the_testing_bodys_setting(profile, org_a, body):
    make_conflict(profile, org_a, ADVISED, date(2020, 1, 1), date(2021, 12, 3))
    assert blockers(profile, org_a) == []
    PoolSettings.objects.create(testing_body=body, lookback_years=5)
    assert "5 Jahren" in blockers(profile, org_a)[0]
    assert blockers(profile, org_a, on=date(2026, 12, 4)) == []


def test_look_back_from_29_february_lands_on_28_february():
    assert years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)
    assert years_before(date(2028, 2, 29), 4) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("period", "blocked"),
    [
        ((date(2026, 12, 4), None), False),  # not yet in effect
        ((date(2026, 12, 3), None), True),
        ((date(2026, 1, 1), date(2026, 12, 3)), True),  # last day
        ((date(2026, 1, 1), date(2026, 12, 2)), False),  # ended the day before
    ],
)
def test_other_reasons_block_while_in_effect(profile, org_a, period, blocked):
    make_conflict(profile, org_a, OTHER, *period, note="Verwandtschaft mit der Leitung")
    reasons = blockers(profile, org_a)
    assert bool(reasons) is blocked
    if blocked:
        assert "Verwandtschaft mit der Leitung" in reasons[0]


def test_a_conflict_with_another_organisation_does_not_block(profile, org_a, org_b):
    make_conflict(profile, org_b, ADVISED, date(2026, 1, 1))
    assert blockers(profile, org_a) == []


@pytest.mark.parametrize(
    ("on", "blocked"),
    [(date(2028, 12, 30), False), (date(2028, 12, 31), False), (date(2029, 1, 1), True)],
)
def test_accreditation_is_valid_through_its_last_day(profile, org_a, kqs, on, blocked):
    reasons = blockers(profile, org_a, on=on, model=kqs)
    assert bool(reasons) is blocked
    if blocked:
        assert reasons == [f"Die Akkreditierung für {kqs} ist am 31.12.2028 abgelaufen."]


def test_missing_accreditation_for_the_cycles_model_blocks(body, org_a, kqs):
    from gelingen.catalogue.transfer import import_catalogue
    from tests.conftest import synthetic_catalogue

    other = import_catalogue(synthetic_catalogue(10))
    profile = make_profile(body, "x@pruef.example", model=other)
    assert blockers(profile, org_a, model=kqs) == [f"Keine Akkreditierung für {kqs}."]


@pytest.mark.parametrize(("open_procedures", "blocked"), [(2, False), (3, True), (4, True)])
def test_capacity(profile, org_a, open_procedures, blocked):
    reasons = blockers(profile, org_a, open_procedures=open_procedures)
    assert bool(reasons) is blocked
    if blocked:
        assert f"{open_procedures} von höchstens 3" in reasons[0]


def test_inactive_profile_blocks(body, org_a):
    profile = make_profile(body, "ruht@pruef.example", active=False)
    assert blockers(profile, org_a) == ["Das Profil ist nicht aktiv."]


def test_all_reasons_are_listed(body, org_a, kqs):
    profile = make_profile(body, "alles@pruef.example", active=False, capacity=1)
    make_conflict(profile, org_a, EMPLOYMENT, date(2024, 1, 1), date(2025, 6, 30))
    reasons = blockers(profile, org_a, model=kqs, open_procedures=1)
    assert len(reasons) == 4
    assert reasons[-1].startswith("War bei Suchtberatung Alpha e.V. beschäftigt (01.01.2024 bis 30.06.2025)")


def test_pool_blockers_cost_two_queries_for_any_pool(body, org_a, kqs, django_assert_num_queries):
    from django.db.models import Prefetch

    from gelingen.testing.reviewers.models import Accreditation, ReviewerProfile

    profiles = [make_profile(body, f"p{n}@pruef.example", model=kqs) for n in range(6)]
    make_conflict(profiles[2], org_a, ADVISED, date(2025, 1, 1), date(2025, 2, 1))
    rows = list(
        ReviewerProfile.objects.filter(testing_body=body).prefetch_related(
            Prefetch("accreditations", queryset=Accreditation.objects.all())
        )
    )
    with django_assert_num_queries(2):
        result = pool_blockers(rows, org_a, ON, model=kqs, open_counts={profiles[4].user_id: 3})
    assert [pk for pk, reasons in result.items() if reasons] == [profiles[2].pk, profiles[4].pk]
