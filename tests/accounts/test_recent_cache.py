"""The header's recent organisations are cached per person and deleted whenever the list changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gelingen.accounts.models import Membership, Organisation
from gelingen.accounts.roles import QM, STAFF
from tests.conftest import make_user


def _header(client, slug: str) -> str:
    page = client.get(reverse("dashboard", args=[slug])).content.decode()
    return page.split('<details class="switcher">', 1)[1].split("</details>", 1)[0]


@pytest.fixture
def person(client, db):
    user = make_user("mehrere@example.org")
    orgs = [Organisation.objects.create(name=f"Verein {i}", slug=f"verein-{i}") for i in range(3)]
    for org in orgs:
        Membership.objects.create(user=user, organisation=org, role=STAFF)
    client.force_login(user)
    return user, orgs


def _membership_queries(client, slug: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("dashboard", args=[slug]))
    return sum("accounts_membership" in q["sql"] and "LIMIT 7" in q["sql"] for q in ctx.captured_queries)


def test_second_page_reads_the_list_from_the_cache(client, person):
    _user, orgs = person
    assert _membership_queries(client, orgs[0].slug) == 1
    assert _membership_queries(client, orgs[0].slug) == 0
    assert _membership_queries(client, orgs[1].slug) == 1  # first opened: its use is recorded
    assert _membership_queries(client, orgs[0].slug) == 0  # the same list for every current one


def test_new_membership_appears(client, person):
    user, orgs = person
    _header(client, orgs[0].slug)
    new = Organisation.objects.create(name="Neuer Verein", slug="neu")
    Membership.objects.create(user=user, organisation=new, role=QM)
    assert "Neuer Verein" in _header(client, orgs[0].slug)


def test_removed_membership_disappears(client, person):
    user, orgs = person
    assert "Verein 2" in _header(client, orgs[0].slug)
    Membership.objects.get(user=user, organisation=orgs[2]).delete()
    assert "Verein 2" not in _header(client, orgs[0].slug)


def test_renamed_organisation_shows_its_new_name(client, person):
    _user, orgs = person
    _header(client, orgs[0].slug)
    orgs[1].name = "Umbenannt e.V."
    orgs[1].save()
    header = _header(client, orgs[0].slug)
    assert "Umbenannt e.V." in header and "Verein 1<" not in header


def test_recorded_use_reorders_the_list(client, person):
    user, orgs = person
    assert _header(client, orgs[0].slug).index("Verein 1") < _header(client, orgs[0].slug).index("Verein 2")
    # orgs[2] was opened long ago; opening it now writes and moves it first
    Membership.objects.filter(user=user, organisation=orgs[2]).update(
        last_used_at=timezone.now() - timedelta(days=1)
    )
    Membership.objects.filter(user=user, organisation=orgs[1]).update(last_used_at=None)
    client.get(reverse("dashboard", args=[orgs[2].slug]))  # writes last_used_at (older than 10 min)
    header = _header(client, orgs[0].slug)
    assert header.index("Verein 2") < header.index("Verein 1")
