"""The organisation chooser (paginated, searchable) and the header's few recent organisations."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from gelingen.accounts.models import Membership, Organisation, recent_memberships
from gelingen.accounts.roles import QM, STAFF
from tests.conftest import make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _person_in(n: int, email: str = "viele@example.org"):
    user = make_user(email)
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i:03d}", slug=f"verein-{i:03d}") for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=user, organisation=o, role=STAFF) for o in orgs)
    return user, orgs


@pytest.mark.parametrize("n", [3, 60])
def test_chooser_pages_and_queries_do_not_grow(client, db, django_assert_max_num_queries, n):
    user, _orgs = _person_in(n)
    client.force_login(user)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("choose_organisation")).content.decode()
    assert page.count('class="muted"') == min(n, 25)
    assert "Verein 000" in page
    assert ("Verein 030" in page) is False
    if n > 25:
        second = client.get(reverse("choose_organisation") + "?page=2").content.decode()
        assert "Verein 025" in second and "Verein 000" not in second
        assert "Seite 2 von 3" in second


def test_chooser_search_by_name(client, db):
    user, _orgs = _person_in(40)
    client.force_login(user)
    page = client.get(reverse("choose_organisation"), {"q": "verein 03"}).content.decode()
    assert "10 Organisationen" in page
    assert "Verein 031" in page and "Verein 001" not in page
    empty = client.get(reverse("choose_organisation"), {"q": "gibt es nicht"}).content.decode()
    assert "Keine Ihrer Organisationen passt zu dieser Suche." in empty


def test_chooser_shows_only_own_organisations(client, db, org_b):
    user, _orgs = _person_in(3)
    client.force_login(user)
    page = client.get(reverse("choose_organisation"), {"q": org_b.name}).content.decode()
    assert "0 Organisationen" in page and org_b.get_absolute_url() not in page
    assert client.get(reverse("dashboard", args=[org_b.slug])).status_code == 404


def test_chooser_needs_login(client, db):
    response = client.get(reverse("choose_organisation"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_record_use_writes_at_most_every_few_minutes(db, org_a):
    user = make_user("eine@example.org")
    membership = Membership.objects.create(user=user, organisation=org_a, role=QM)
    assert membership.record_use(T0) is True
    assert membership.record_use(T0 + timedelta(minutes=9)) is False
    assert membership.record_use(T0 + timedelta(minutes=10)) is True
    membership.refresh_from_db()
    assert membership.last_used_at == T0 + timedelta(minutes=10)


def test_recent_memberships_newest_first_then_by_name(db):
    user, orgs = _person_in(8)
    for minutes, org in ((1, orgs[5]), (2, orgs[2])):
        Membership.objects.filter(user=user, organisation=org).update(
            last_used_at=T0 + timedelta(minutes=minutes)
        )
    recent = recent_memberships(user, limit=4)
    assert [m.organisation.name for m in recent] == ["Verein 002", "Verein 005", "Verein 000", "Verein 001"]


@pytest.mark.parametrize("n", [3, 60])
def test_header_shows_a_few_recent_organisations_and_a_link(client, db, django_assert_max_num_queries, n):
    user, orgs = _person_in(n)
    client.force_login(user)
    client.get(reverse("dashboard", args=[orgs[-1].slug]))  # opened before: first among the recent
    with django_assert_max_num_queries(30):
        page = client.get(reverse("dashboard", args=[orgs[0].slug])).content.decode()
    header = page.split('<details class="switcher">', 1)[1].split("</details>", 1)[0]
    assert orgs[-1].name in header
    assert header.count("<li>") == min(n - 1, 5)
    assert (reverse("choose_organisation") in header) is (n - 1 > 5)
    assert orgs[0].name in header.split("</summary>")[0]  # the current one is the summary, not in the list


def test_opening_an_organisation_records_its_use(client, db, org_a):
    user = make_user("eine@example.org")
    Membership.objects.create(user=user, organisation=org_a, role=QM)
    client.force_login(user)
    client.get(reverse("dashboard", args=[org_a.slug]))
    assert Membership.objects.get(user=user).last_used_at is not None
