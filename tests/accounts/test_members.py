import pytest
from django.urls import reverse

from gelingen.accounts.models import Membership
from gelingen.accounts.roles import READONLY, STAFF

pytestmark = pytest.mark.django_db


def test_change_role(client_qm, org_a, staff_a):
    membership = Membership.objects.get(user=staff_a)
    response = client_qm.post(reverse("member_edit", args=[org_a.slug, membership.pk]), {"role": READONLY})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == READONLY


def test_role_must_fit_the_organisation_kind(client_qm, org_a, staff_a):
    membership = Membership.objects.get(user=staff_a)
    response = client_qm.post(reverse("member_edit", args=[org_a.slug, membership.pk]), {"role": "reviewer"})
    assert response.status_code == 200
    assert "ist keine gültige Auswahl" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == STAFF


def test_last_manager_cannot_demote_or_remove_herself(client_qm, org_a, qm_a):
    membership = Membership.objects.get(user=qm_a)
    url = reverse("member_edit", args=[org_a.slug, membership.pk])
    response = client_qm.post(url, {"role": STAFF})
    assert response.status_code == 403 and "eigene Rolle" in response.content.decode()
    client_qm.post(url, {"remove": "1", "role": STAFF})
    assert Membership.objects.filter(pk=membership.pk, role="qm").exists()


def test_remove_member(client_qm, org_a, staff_a):
    membership = Membership.objects.get(user=staff_a)
    client_qm.post(reverse("member_edit", args=[org_a.slug, membership.pk]), {"remove": "1", "role": STAFF})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_organisation_settings(client_qm, org_a):
    url = reverse("organisation_settings", args=[org_a.slug])
    response = client_qm.post(
        url,
        {
            "name": org_a.name,
            "street": "Neue Str. 5",
            "postcode": "10117",
            "city": "Berlin",
            "phone": "030 1234",
            "email": "info@alpha.example",
            "website": "",
            "contact_person": "Frau A.",
        },
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.address_lines == ["Neue Str. 5", "10117 Berlin"]


def test_organisation_settings_bad_input(client_qm, org_a):
    url = reverse("organisation_settings", args=[org_a.slug])
    response = client_qm.post(url, {"name": "", "email": "nope"})
    assert response.status_code == 200
    assert "Bitte gültige E-Mail-Adresse eingeben." in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.name == "Suchtberatung Alpha e.V."


def test_members_page_query_count(client_qm, org_a, django_assert_max_num_queries):
    from tests.conftest import add_member

    for i in range(30):
        add_member(org_a, STAFF, email=f"person{i}@example.org")
    url = reverse("members", args=[org_a.slug])
    client_qm.get(url)  # the first visit remembers the organisation in the session
    # session, user, membership, members, open invitations, switcher, role log (count, page)
    with django_assert_max_num_queries(8):
        response = client_qm.get(url)
    assert response.status_code == 200
