"""The officer's pool: filters, profile create/edit (versioned), conflicts, settings; the reviewer's own page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gelingen.accounts.roles import REVIEWER
from gelingen.testing.reviewers import workload
from gelingen.testing.reviewers.models import (
    Accreditation,
    ConflictOfInterest,
    PoolSettings,
    ReviewerProfile,
)
from tests.conftest import add_member

from .factories import make_body, make_officer, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(db):
    return make_body()


@pytest.fixture
def officer(body):
    return make_officer(body)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def url(name, body, *args):
    return reverse(f"testing_reviewers:{name}", args=[body.slug, *args])


def names(response) -> list[str]:
    return [p.user.name for p in response.context["page"]]


def _formset(rows=(), prefix="accreditations", initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


# Filters ---------------------------------------------------------------------------------------------


@pytest.fixture
def pool(body, kqs):
    return {
        "anna": make_profile(body, "anna@pruef.example", model=kqs, valid_until=date(2026, 12, 31)),
        "bert": make_profile(body, "bert@pruef.example", model=kqs, regions=("HH",), languages=("de", "tr")),
        "cleo": make_profile(body, "cleo@pruef.example", regions=("BE", "BB"), languages=("en",)),
        "dora": make_profile(body, "dora@pruef.example", model=kqs, active=False),
    }


def test_pool_lists_active_profiles_by_name(officer_client, body, pool):
    response = officer_client.get(url("pool", body))
    assert names(response) == ["Anna", "Bert", "Cleo"]
    assert names(officer_client.get(url("pool", body), {"inactive": "on"})) == [
        "Anna",
        "Bert",
        "Cleo",
        "Dora",
    ]


def test_filter_by_model_and_accreditation_date(officer_client, body, pool, kqs):
    listing = url("pool", body)
    assert names(officer_client.get(listing, {"model": kqs.pk, "valid_on": "2026-12-31"})) == ["Anna", "Bert"]
    assert names(officer_client.get(listing, {"model": kqs.pk, "valid_on": "2027-01-01"})) == ["Bert"]
    html = officer_client.get(listing, {"model": kqs.pk, "valid_on": "2027-01-01"}).content.decode()
    assert "akkreditiert für KQS 3 am 01.01.2027" in html


def test_filter_by_region_and_language(officer_client, body, pool):
    listing = url("pool", body)
    assert names(officer_client.get(listing, {"region": "BE"})) == ["Anna", "Cleo"]
    assert names(officer_client.get(listing, {"region": "BB"})) == ["Cleo"]
    assert names(officer_client.get(listing, {"language": "tr"})) == ["Bert"]
    assert names(officer_client.get(listing, {"language": "de", "region": "HH"})) == ["Bert"]


def test_filter_by_free_capacity(officer_client, body, pool, monkeypatch):
    monkeypatch.setattr(
        workload, "open_counts", lambda ids: {pool["anna"].user_id: 3, pool["bert"].user_id: 2}
    )
    response = officer_client.get(url("pool", body), {"free": "on"})
    assert names(response) == ["Bert", "Cleo"]
    assert "ausgelastet" not in response.content.decode()
    assert "ausgelastet" in officer_client.get(url("pool", body)).content.decode()


def test_bad_filter_input_is_reported_not_applied(officer_client, body, pool):
    response = officer_client.get(url("pool", body), {"region": "XX", "valid_on": "kein-datum"})
    assert response.status_code == 200
    assert names(response) == ["Anna", "Bert", "Cleo"]
    assert "Bitte ein gültiges Datum eingeben" in response.content.decode()


def test_pool_page_queries_are_bounded(officer_client, body, kqs, django_assert_max_num_queries):
    for n in range(30):
        make_profile(body, f"p{n:02}@pruef.example", model=kqs)
    with django_assert_max_num_queries(14):
        response = officer_client.get(url("pool", body), {"model": kqs.pk})
    assert len(response.context["page"]) == 30


# Profiles --------------------------------------------------------------------------------------------


def test_officer_creates_a_profile_with_an_accreditation(officer_client, body, kqs):
    person = add_member(body, REVIEWER, "neu@pruef.example")
    data = {
        "user": person.pk,
        "regions": ["BE", "BB"],
        "languages": ["de"],
        "capacity": "2",
        "active": "on",
        **_formset([{"model": kqs.pk, "valid_until": "2029-06-30"}, {"model": "", "valid_until": ""}]),
    }
    response = officer_client.post(url("profile_create", body), data)
    profile = ReviewerProfile.objects.get(user=person)
    assert response.url == url("profile", body, profile.pk)
    assert profile.region_codes == ["BE", "BB"] and profile.capacity == 2
    assert [(a.model, a.valid_until) for a in profile.accreditations.all()] == [(kqs, date(2029, 6, 30))]
    html = officer_client.get(response.url).content.decode()
    assert "Berlin, Brandenburg" in html and "gültig bis 30.06.2029" in html


def test_only_reviewers_of_the_own_body_without_profile_can_be_chosen(officer_client, body, org_a, qm_a):
    existing = make_profile(body, "schon@pruef.example")
    for person in (qm_a, existing.user):
        response = officer_client.post(
            url("profile_create", body), {"user": person.pk, "capacity": "2", **_formset()}
        )
        assert response.status_code == 200
        assert "Bitte wählen Sie eine Gutachterin oder einen Gutachter" in response.content.decode()
    assert ReviewerProfile.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"capacity": "-1"}, "größer oder gleich 0"),
        ({"capacity": "51"}, "kleiner oder gleich 50"),
        ({"regions": ["XX"]}, "keine gültige Auswahl"),
        ({**_formset([{"model": "", "valid_until": "2029-01-01"}])}, "Bitte wählen Sie das Qualitätsmodell"),
    ],
)
def test_bad_profile_input_saves_nothing(officer_client, body, extra, message):
    person = add_member(body, REVIEWER, "neu@pruef.example")
    data = {"user": person.pk, "capacity": "2", **_formset(), **extra}
    response = officer_client.post(url("profile_create", body), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReviewerProfile.objects.exists()


def test_accreditation_needs_a_date(officer_client, body, kqs):
    person = add_member(body, REVIEWER, "neu@pruef.example")
    data = {"user": person.pk, "capacity": "2", **_formset([{"model": kqs.pk, "valid_until": ""}])}
    response = officer_client.post(url("profile_create", body), data)
    assert "bis wann die Akkreditierung gilt" in response.content.decode()
    assert not ReviewerProfile.objects.exists()


def test_edit_changes_capacity_and_removes_an_accreditation(officer_client, body, kqs):
    profile = make_profile(body, "anna@pruef.example", model=kqs)
    accreditation = profile.accreditations.get()
    data = {
        "capacity": "5",
        "lock_version": "0",
        **_formset(
            [{"id": accreditation.pk, "model": kqs.pk, "valid_until": "2028-12-31", "DELETE": "on"}],
            initial=1,
        ),
    }
    response = officer_client.post(url("profile_edit", body, profile.pk), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.capacity == 5 and profile.lock_version == 1
    assert not Accreditation.objects.exists()


def test_a_stale_edit_is_refused_and_saves_nothing(officer_client, body, kqs):
    profile = make_profile(body, "anna@pruef.example")
    ReviewerProfile.objects.filter(pk=profile.pk).update(lock_version=1, capacity=4)
    data = {
        "capacity": "7",
        "lock_version": "0",
        **_formset([{"model": kqs.pk, "valid_until": "2030-01-01"}]),
    }
    response = officer_client.post(url("profile_edit", body, profile.pk), data)
    assert response.status_code == 200
    assert "Jemand anderes hat diesen Eintrag gespeichert" in response.content.decode()
    profile.refresh_from_db()
    assert profile.capacity == 4 and not Accreditation.objects.exists()


# Conflicts -------------------------------------------------------------------------------------------


def test_officer_records_a_conflict(officer_client, body, officer, org_a):
    profile = make_profile(body, "anna@pruef.example")
    data = {
        "organisation": org_a.pk,
        "kind": "employment",
        "period_from": "2020-01-01",
        "period_to": "2024-03-31",
    }
    response = officer_client.post(url("conflict_create", body, profile.pk), data)
    assert response.url == url("profile", body, profile.pk) + "#conflicts"
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.reviewer, conflict.organisation, conflict.source, conflict.recorded_by) == (
        profile.user,
        org_a,
        "testing_body",
        officer,
    )
    html = officer_client.get(url("profile", body, profile.pk)).content.decode()
    assert "01.01.2020 – 31.03.2024" in html and org_a.name in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "advised", "period_from": "2024-05-01", "period_to": "2024-04-30"}, "nicht vor dem Beginn"),
        ({"kind": "workshop", "period_from": "2024-05-01"}, "keine gültige Auswahl"),
        ({"kind": "advised", "period_from": ""}, "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_bad_conflict_input_saves_nothing(officer_client, body, org_a, data, message):
    profile = make_profile(body, "anna@pruef.example")
    response = officer_client.post(
        url("conflict_create", body, profile.pk), {"organisation": org_a.pk, **data}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not ConflictOfInterest.objects.exists()


def test_conflicts_name_only_service_organisations(officer_client, body, org_a):
    profile = make_profile(body, "anna@pruef.example")
    data = {"organisation": body.pk, "kind": "other", "period_from": "2024-05-01"}
    response = officer_client.post(url("conflict_create", body, profile.pk), data)
    assert "Bitte wählen Sie eine Organisation aus der Liste" in response.content.decode()
    assert not ConflictOfInterest.objects.exists()


def test_reviewer_reports_own_advice(client, body, org_a):
    profile = make_profile(body, "anna@pruef.example")
    client.force_login(profile.user)
    data = {
        "organisation": org_a.pk,
        "kind": "advised",
        "period_from": "2025-02-01",
        "note": "Leitbildprozess",
    }
    response = client.post(url("own_conflict_create", body), data)
    assert response.url == url("own_profile", body) + "#conflicts"
    conflict = ConflictOfInterest.objects.get()
    assert conflict.source == "reviewer" and conflict.reviewer == profile.user
    assert "Leitbildprozess" in client.get(url("own_profile", body)).content.decode()


# Own profile and settings ----------------------------------------------------------------------------


def test_reviewer_edits_regions_but_not_capacity(client, body):
    profile = make_profile(body, "anna@pruef.example", capacity=2)
    client.force_login(profile.user)
    data = {
        "regions": ["HH"],
        "languages": ["de", "en"],
        "phone": "040 123",
        "capacity": "40",
        "lock_version": "0",
    }
    response = client.post(url("own_profile_edit", body), data)
    assert response.url == url("own_profile", body)
    profile.refresh_from_db()
    assert profile.region_codes == ["HH"] and profile.language_codes == ["de", "en"]
    assert profile.phone == "040 123" and profile.capacity == 2


def test_officer_sets_the_look_back(officer_client, body):
    assert officer_client.post(url("settings", body), {"lookback_years": "5"}).status_code == 302
    assert PoolSettings.objects.get(testing_body=body).lookback_years == 5
    response = officer_client.post(url("settings", body), {"lookback_years": "0", "lock_version": "1"})
    assert "größer oder gleich 1" in response.content.decode()
    assert PoolSettings.objects.get(testing_body=body).lookback_years == 5
