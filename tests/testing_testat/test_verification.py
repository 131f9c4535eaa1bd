"""The public verification page: valid, expired, withdrawn or unknown, and nothing beyond the validity."""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

import pytest
from django.urls import reverse

from gelingen.testing.testat import public

from .test_testat import make_testat

pytestmark = pytest.mark.django_db
TODAY = date(2027, 6, 1)


@pytest.fixture
def org_details(org_a, officer, procedure):
    org_a.phone, org_a.email, org_a.contact_person = "030 555 0101", "info@alpha.example", "Jana Petersen"
    org_a.save()
    procedure.officer = officer
    procedure.save()
    return [
        "030 555 0101",
        "info@alpha.example",
        "Jana Petersen",
        "Hauptstr",
        "10115",
        officer.name,
        officer.email,
    ]


def verify(client, number):
    with patch("gelingen.testing.testat.public.timezone.localdate", return_value=TODAY):
        return client.get(reverse("testat_public:verify", args=[number]))


def assert_only_validity(response, hidden):
    for text in hidden:
        assert text not in response.text
    for text in ("Testierungsstelle Nord", "Ersttestierung", "Selbstreport", "KQS"):
        assert text not in response.text  # no procedure data either


def test_valid(client, procedure, org_details):
    make_testat(procedure, number="TNO1-2026-0001")
    response = verify(client, "TNO1-2026-0001")
    assert response.status_code == 200
    assert "gültig" in response.text and "Suchtberatung Alpha e.V." in response.text
    assert "10.04.2026" in response.text and "10.04.2030" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert_only_validity(response, org_details)


def test_expired(client, procedure, org_details):
    make_testat(procedure, number="TNO1-2022-0001", testat_on=date(2022, 5, 31))  # ran out on 31.05.2026
    response = verify(client, "tno1-2022-0001")  # typed in lower case
    assert response.status_code == 200 and "abgelaufen" in response.text
    assert_only_validity(response, org_details)


def test_withdrawn(client, procedure, org_details):
    make_testat(procedure, withdrawn_on=date(2027, 1, 15), withdrawal_reason="Vertrauliche Begründung")
    response = verify(client, "TNO1-2026-0001".replace("TNO", "TN"))
    assert response.status_code == 200 and "entzogen" in response.text and "15.01.2027" in response.text
    assert "Vertrauliche Begründung" not in response.text
    assert_only_validity(response, org_details)


def test_unknown_number_is_a_clear_404(client, procedure):
    make_testat(procedure)
    response = verify(client, "TN1-2026-0002")
    assert response.status_code == 404 and "kein Testat bekannt" in response.text
    assert "Suchtberatung" not in response.text


def test_lookup_form_leads_to_the_page(client):
    response = client.get(reverse("testat_public:lookup"), {"number": " tn1-2026-0001 "})
    assert response.status_code == 302 and response["Location"] == "/testat/TN1-2026-0001/"
    assert client.get(reverse("testat_public:lookup")).status_code == 200


def test_no_login_needed_and_lookups_are_limited(client, procedure, settings):
    make_testat(procedure)
    for _ in range(public.RATE_LIMIT):
        assert verify(client, "TN1-2026-0001").status_code == 200
    limited = verify(client, "TN1-2026-0001")
    assert limited.status_code == 429 and "Zu viele Abfragen" in limited.text
