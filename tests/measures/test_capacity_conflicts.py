"""Two managers setting available hours at once: each one's changes are kept; a person whose hours both
changed gets the conflict at that field, nothing of the second save is written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gelingen.quality.measures.models import Capacity
from tests.edit_pairs import CONFLICT, form_values, interleaved

from .factories import set_capacity

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _hours(org) -> dict:
    return dict(Capacity.objects.filter(organisation=org).values_list("user", "hours_per_month"))


def test_edits_of_different_people_are_both_kept(org_a, qm_a, leitung_a, staff_a):
    set_capacity(org_a, staff_a, 10)
    page = reverse("measures:capacity_edit", args=[org_a.slug])
    pair = interleaved(
        _client(qm_a), _client(leitung_a), page, {f"hours_{staff_a.pk}": "12"}, {f"hours_{qm_a.pk}": "20"}
    )
    assert pair.first.status_code == 302 and pair.second.status_code == 302
    assert _hours(org_a) == {staff_a.pk: Decimal(12), qm_a.pk: Decimal(20)}  # before: 10 came back


def test_both_changing_one_person_second_gets_the_conflict(org_a, qm_a, leitung_a, staff_a):
    set_capacity(org_a, staff_a, 10)
    page = reverse("measures:capacity_edit", args=[org_a.slug])
    b = _client(leitung_a)
    pair = interleaved(
        _client(qm_a),
        b,
        page,
        {f"hours_{staff_a.pk}": "12"},
        {f"hours_{staff_a.pk}": "8", f"hours_{qm_a.pk}": "20"},
    )
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert (
        pair.second.status_code == 200
        and CONFLICT in html
        and "Inzwischen gespeichert: 12,0 Stunden." in html
    )
    assert 'value="8"' in html  # B's input is still there
    assert _hours(org_a) == {staff_a.pk: Decimal(12)}  # nothing of B's save, not even qm's 20
    again = b.post(page, form_values(html))  # saving again is a deliberate choice, and works
    assert again.status_code == 302
    assert _hours(org_a) == {staff_a.pk: Decimal(8), qm_a.pk: Decimal(20)}


def test_same_new_value_is_no_conflict(org_a, qm_a, leitung_a, staff_a):
    page = reverse("measures:capacity_edit", args=[org_a.slug])
    pair = interleaved(
        _client(qm_a), _client(leitung_a), page, {f"hours_{staff_a.pk}": "6"}, {f"hours_{staff_a.pk}": "6"}
    )
    assert pair.second.status_code == 302
    assert _hours(org_a) == {staff_a.pk: Decimal(6)}
