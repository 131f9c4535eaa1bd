"""Who sees the pool: the testing body's officer writes, read-only members read, reviewers see only their
own profile, another testing body and service organisations see nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gelingen.accounts.roles import READONLY, STAFF
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
def profile(body):
    return make_profile(body, "gutachterin@pruef.example")


@pytest.fixture
def other_profile(body):
    return make_profile(body, "kollege@pruef.example")


def url(name, body, *args):
    return reverse(f"testing_reviewers:{name}", args=[body.slug, *args])


OFFICER_PAGES = ["pool", "profile_create", "settings", "assignments"]
PROFILE_PAGES = ["profile", "profile_edit", "conflict_create"]


def test_officer_opens_every_pool_page(client, body, officer, profile):
    client.force_login(officer)
    for name in OFFICER_PAGES:
        assert client.get(url(name, body)).status_code == 200, name
    for name in PROFILE_PAGES:
        assert client.get(url(name, body, profile.pk)).status_code == 200, name
    assert client.get(url("index", body)).url == url("pool", body)


def test_read_only_member_reads_the_pool_and_changes_nothing(client, body, profile):
    client.force_login(add_member(body, READONLY))
    assert client.get(url("pool", body)).status_code == 200
    assert client.get(url("profile", body, profile.pk)).status_code == 200
    for name in ("profile_create", "settings"):
        assert client.get(url(name, body)).status_code == 403
        assert client.post(url(name, body), {"capacity": "2"}).status_code == 403
    assert client.post(url("profile_edit", body, profile.pk), {"capacity": "9"}).status_code == 403
    assert client.post(url("conflict_create", body, profile.pk), {}).status_code == 403
    profile.refresh_from_db()
    assert profile.capacity == 3


def test_reviewer_sees_only_the_own_profile(client, body, profile, other_profile):
    client.force_login(profile.user)
    assert client.get(url("index", body)).url == url("my_procedures", body)
    page = client.get(url("own_profile", body))
    assert page.status_code == 200 and "gutachterin@pruef.example" in page.content.decode()
    assert client.get(url("profile", body, profile.pk)).status_code == 200
    assert client.get(url("profile", body, other_profile.pk)).status_code == 404
    assert client.get(url("pool", body)).status_code == 403
    for name in PROFILE_PAGES[1:]:
        assert client.get(url(name, body, profile.pk)).status_code == 403
    assert "kollege@pruef.example" not in page.content.decode()


def test_reviewer_does_not_see_the_internal_note(client, body, profile):
    profile.note = "nur für die Sachbearbeitung"
    profile.save()
    client.force_login(profile.user)
    assert "nur für die Sachbearbeitung" not in client.get(url("own_profile", body)).content.decode()
    assert "nur für die Sachbearbeitung" not in client.get(url("profile", body, profile.pk)).content.decode()


def test_reviewer_without_profile_gets_a_note(client, body):
    from gelingen.accounts.roles import REVIEWER

    client.force_login(add_member(body, REVIEWER, "neu@pruef.example"))
    page = client.get(url("own_profile", body))
    assert page.status_code == 200 and "noch kein Profil" in page.content.decode()
    assert client.get(url("own_profile_edit", body)).status_code == 404
    assert client.get(url("own_conflict_create", body)).status_code == 404


def test_officer_has_no_own_profile_page(client, body, officer):
    client.force_login(officer)
    assert client.get(url("own_profile", body)).status_code == 404


def test_another_testing_body_sees_nothing(client, body, profile):
    other = make_body("sued", "Testierungsstelle Süd")
    stranger = make_officer(other)
    client.force_login(stranger)
    for name in OFFICER_PAGES:
        assert client.get(url(name, body)).status_code == 404
    for name in PROFILE_PAGES:
        assert client.get(url(name, body, profile.pk)).status_code == 404
        # through the own testing body's address the other pool's profile does not exist either
        assert client.get(url(name, other, profile.pk)).status_code == 404
        assert client.post(url(name, other, profile.pk), {"capacity": "9"}).status_code == 404


def test_service_organisation_members_see_nothing_of_the_pool(client, body, profile, org_a, qm_a):
    body_member_elsewhere = add_member(org_a, STAFF, "gutachterin2@alpha.example")
    for person in (qm_a, body_member_elsewhere):
        client.force_login(person)
        for name in OFFICER_PAGES:
            assert client.get(url(name, org_a)).status_code == 404
            assert client.get(url(name, body)).status_code == 404
        for name in PROFILE_PAGES:
            assert client.get(url(name, org_a, profile.pk)).status_code == 404
        assert client.get(url("own_profile", org_a)).status_code == 404
    client.force_login(qm_a)
    assert client.get(url("index", org_a)).url == url("advice", org_a)


def test_testing_body_has_no_advice_page(client, body, officer):
    client.force_login(officer)
    assert client.get(url("advice", body)).status_code == 404


def test_navigation_links_the_pool_for_testing_body_and_organisation(client, body, officer, qm_a, org_a):
    client.force_login(officer)
    html = client.get(reverse("dashboard", args=[body.slug])).content.decode()
    assert url("index", body) in html
    client.force_login(qm_a)
    html = client.get(reverse("dashboard", args=[org_a.slug])).content.decode()
    assert url("index", org_a) in html
