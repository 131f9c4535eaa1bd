"""Two managers editing the organisation's details or the same member's role at once: the second save
is refused with the conflict message, the first stays, the audit log holds only what was saved."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gelingen.accounts.models import Membership, Organisation, RoleChange
from gelingen.accounts.roles import QM, READONLY, STAFF
from tests.edit_pairs import CONFLICT, count_lost, interleaved, simultaneous

pytestmark = pytest.mark.django_db

ROUNDS = 10


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_organisation_settings_second_gets_the_conflict(org_a, qm_a, leitung_a):
    page = reverse("organisation_settings", args=[org_a.slug])
    pair = interleaved(_client(leitung_a), _client(qm_a), page, {"phone": "0511 111"}, {"phone": "0511 222"})
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert pair.second.status_code == 200 and CONFLICT in html and "0511 111" in html and "0511 222" in html
    org_a.refresh_from_db()
    assert (org_a.phone, org_a.lock_version) == ("0511 111", 1)


def test_no_interleaved_settings_pair_loses_an_edit(org_a, qm_a, leitung_a):
    a, b = _client(leitung_a), _client(qm_a)
    page = reverse("organisation_settings", args=[org_a.slug])

    def run(i: int):
        pair = interleaved(a, b, page, {"contact_person": f"A {i}"}, {"contact_person": f"B {i}"})
        return pair, Organisation.objects.get(pk=org_a.pk).contact_person == f"A {i}"

    assert count_lost(ROUNDS, run) == 0


def test_two_role_changes_of_one_member_second_gets_the_conflict(org_a, qm_a, leitung_a, staff_a):
    member = Membership.objects.get(user=staff_a)
    page = reverse("member_edit", args=[org_a.slug, member.pk])
    pair = interleaved(_client(leitung_a), _client(qm_a), page, {"role": READONLY}, {"role": QM})
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert pair.second.status_code == 200 and CONFLICT in html
    member.refresh_from_db()
    assert (member.role, member.lock_version) == (READONLY, 1)
    log = list(RoleChange.objects.values_list("old_role", "new_role", "changed_by"))
    assert log == [(STAFF, READONLY, leitung_a.pk)]  # the refused change is not in the log


def test_no_interleaved_role_pair_loses_a_change(org_a, qm_a, leitung_a, staff_a):
    member = Membership.objects.get(user=staff_a)
    a, b = _client(leitung_a), _client(qm_a)
    page = reverse("member_edit", args=[org_a.slug, member.pk])

    def run(i: int):
        first, second = (READONLY, QM) if i % 2 else (QM, READONLY)
        Membership.objects.filter(pk=member.pk).update(role=STAFF)
        pair = interleaved(a, b, page, {"role": first}, {"role": second})
        return pair, Membership.objects.get(pk=member.pk).role == first

    assert count_lost(ROUNDS, run) == 0


@pytest.mark.django_db(transaction=True)
def test_simultaneous_settings_saves_on_postgresql(org_a, qm_a, leitung_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory cannot be shared between connections; the pair tests cover it")
    page = reverse("organisation_settings", args=[org_a.slug])
    for i in range(5):
        Organisation.objects.filter(pk=org_a.pk).update(lock_version=0, city="")
        base = {"name": org_a.name, "lock_version": "0"}
        cities = (f"Hannover {i}", f"Celle {i}")
        responses = simultaneous(
            [
                (user, page, {**base, "city": city})
                for user, city in zip((leitung_a, qm_a), cities, strict=True)
            ]
        )
        saved = [city for city, r in zip(cities, responses, strict=True) if r.status_code == 302]
        assert len(saved) == 1, [r.status_code for r in responses]
        stored = Organisation.objects.get(pk=org_a.pk)
        assert (stored.city, stored.lock_version) == (saved[0], 1)
