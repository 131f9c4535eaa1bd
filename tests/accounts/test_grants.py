"""Granted access: sharing rules, revocation, who a grant reaches, the Freigaben pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.accounts import grants
from gelingen.accounts.models import Grant, Organisation
from gelingen.accounts.roles import OFFICER, READONLY, REVIEWER
from tests.conftest import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(db):
    return Organisation.objects.create(name="Testierungsstelle Nord", slug="nord", kind="testing_body")


@pytest.fixture
def officer(body):
    return add_member(body, OFFICER)


def test_share_records_who_shared_what_with_whom(cycle_a, qm_a, body):
    grant = grants.share(cycle_a, by=qm_a, grantee_organisation=body, title="Zyklus A")
    assert (grant.owner, grant.grantee_organisation, grant.target, grant.granted_by) == (
        cycle_a.organisation,
        body,
        cycle_a,
        qm_a,
    )
    assert grant.permission == "view" and grant.is_active and grant.title == "Zyklus A"
    # the same share again is the same grant
    assert grants.share(cycle_a, by=qm_a, grantee_organisation=body, title="Zyklus A") == grant
    assert Grant.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "mit wem Sie teilen"),
        ({"grantee_organisation": "own"}, "eigenen Organisation"),
        ({"grantee_organisation": "body", "valid_until": date(2020, 1, 1)}, "Vergangenheit"),
    ],
)
def test_share_refuses_bad_grants(cycle_a, qm_a, body, org_a, kwargs, message):
    kwargs = {k: {"own": org_a, "body": body}.get(v, v) for k, v in kwargs.items()}
    with pytest.raises(grants.ShareRefused, match=message):
        grants.share(cycle_a, by=qm_a, **kwargs)
    assert not Grant.objects.exists()


def test_objects_without_an_owner_cannot_be_shared(qm_a, body):
    with pytest.raises(TypeError):
        grants.share(qm_a, by=qm_a, grantee_organisation=body)


def test_grants_are_not_edited_only_revoked_once(cycle_a, qm_a, leitung_a, body):
    grant = grants.share(cycle_a, by=qm_a, grantee_organisation=body)
    grant.title = "anders"
    with pytest.raises(TypeError):
        grant.save()
    with pytest.raises(TypeError):
        Grant.objects.filter(pk=grant.pk).update(valid_until=date(2030, 1, 1))
    assert grants.revoke(grant, by=leitung_a) is True
    first = grant.revoked_at
    assert grants.revoke(grant, by=qm_a) is False
    grant.refresh_from_db()
    assert (grant.revoked_at, grant.revoked_by) == (first, leitung_a) and not grant.is_active


def test_who_a_grant_reaches(cycle_a, qm_a, qm_b, body, officer):
    reviewer, reader = add_member(body, REVIEWER), add_member(body, READONLY)
    grants.share(cycle_a, by=qm_a, grantee_organisation=body, permission="review")
    for person in (officer, reviewer, reader):
        assert Grant.objects.active_for(person, cycle_a, "view")
    assert Grant.objects.active_for(reviewer, cycle_a, "review")
    assert Grant.objects.active_for(reader, cycle_a, "review") is None  # read-only members do not review
    assert Grant.objects.active_for(reviewer, cycle_a, "sign") is None  # another permission
    assert Grant.objects.active_for(qm_b, cycle_a, "view") is None


def test_a_grant_to_a_person_of_an_organisation_needs_both(cycle_a, qm_a, body, officer):
    reviewer = add_member(body, REVIEWER)
    grants.share(cycle_a, by=qm_a, grantee_organisation=body, grantee_user=reviewer)
    assert Grant.objects.active_for(reviewer, cycle_a)
    assert Grant.objects.active_for(officer, cycle_a) is None
    reviewer.memberships.all().delete()  # left the testing body: the grant no longer reaches them
    assert Grant.objects.active_for(reviewer, cycle_a) is None


def test_expiry_is_the_last_valid_day(cycle_a, qm_a, body, officer):
    today = timezone.localdate()
    grant = grants.share(cycle_a, by=qm_a, grantee_organisation=body, valid_until=today)
    assert Grant.objects.active_for(officer, cycle_a) == grant
    assert not Grant.objects.active(today=today + timedelta(days=1)).exists()


def test_a_grant_must_come_from_the_objects_organisation(cycle_a, cycle_b, qm_a, body, officer):
    """A row claiming org A owns B's cycle (e.g. written by a faulty import) opens nothing."""
    Grant.objects.create(
        owner=cycle_a.organisation, grantee_organisation=body, target=cycle_b, title="falsch", granted_by=qm_a
    )
    assert Grant.objects.active_for(officer, cycle_b) is None


def test_pages_list_what_was_shared_and_received(client, cycle_a, qm_a, org_a, body, officer):
    grants.share(cycle_a, by=qm_a, grantee_organisation=body, title="Zyklus Alpha")
    client.force_login(qm_a)
    page = client.get(reverse("organisation_grants", args=[org_a.slug])).content.decode()
    assert "Zyklus Alpha" in page and body.name in page and "zurücknehmen" in page
    client.force_login(officer)
    mine = client.get(reverse("shared_with_me")).content.decode()
    assert "Zyklus Alpha" in mine and org_a.name in mine
    received = client.get(reverse("organisation_grants", args=[body.slug])).content.decode()
    assert "Zyklus Alpha" in received and "zurücknehmen" not in received


def test_revoke_from_the_page_and_only_by_managers(client, cycle_a, qm_a, reader_a, org_a, body, officer):
    grant = grants.share(cycle_a, by=qm_a, grantee_organisation=body)
    url = reverse("grant_revoke", args=[org_a.slug, grant.pk])
    client.force_login(reader_a)
    assert client.post(url).status_code == 403
    client.force_login(officer)  # the grantee cannot revoke what it received
    assert client.post(reverse("grant_revoke", args=[body.slug, grant.pk])).status_code == 404
    client.force_login(qm_a)
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == reverse("organisation_grants", args=[org_a.slug])
    grant.refresh_from_db()
    assert grant.revoked_by == qm_a
    page = client.get(reverse("organisation_grants", args=[org_a.slug])).content.decode()
    assert "zurückgenommen am" in page  # the trail stays


@pytest.mark.parametrize("n", [2, 25])
def test_grant_pages_need_a_constant_number_of_queries(
    client, kqs, org_a, qm_a, body, officer, django_assert_max_num_queries, n
):
    from tests.conftest import make_cycle

    for i in range(n):
        grants.share(make_cycle(org_a, kqs, title=f"Z{i}"), by=qm_a, grantee_organisation=body)
    client.force_login(officer)
    with django_assert_max_num_queries(9):
        client.get(reverse("shared_with_me"))
    client.force_login(qm_a)
    with django_assert_max_num_queries(11):  # the first visit also records the use (Membership.last_used_at)
        client.get(reverse("organisation_grants", args=[org_a.slug]))
