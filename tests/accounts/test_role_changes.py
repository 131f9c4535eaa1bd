"""Role changes: only the Leitung hands out or takes away the Leitung, nobody changes their own role, the
last Leitung stays, and every change is in the audit log on the members page."""

import pytest
from django.urls import reverse

from gelingen.accounts import role_changes
from gelingen.accounts.models import Invitation, Membership, RoleChange
from gelingen.accounts.role_changes import RoleChangeRefused
from gelingen.accounts.roles import LEITUNG, OFFICER, QM, READONLY, REVIEWER, STAFF
from tests.conftest import add_member

pytestmark = pytest.mark.django_db


def _m(user) -> Membership:
    return Membership.objects.select_related("organisation", "user").get(user=user)


# The rules ---------------------------------------------------------------------------------------


def test_qm_cannot_promote_herself_or_anybody_to_leitung(org_a, qm_a, leitung_a, staff_a):
    with pytest.raises(RoleChangeRefused) as own:
        role_changes.change_role(_m(qm_a), _m(qm_a), LEITUNG)
    assert own.value.forbidden and "eigene Rolle" in own.value.message
    with pytest.raises(RoleChangeRefused) as other:
        role_changes.change_role(_m(qm_a), _m(staff_a), LEITUNG)
    assert other.value.forbidden and "Nur die Leitung" in other.value.message
    assert set(Membership.objects.values_list("role", flat=True)) == {QM, LEITUNG, STAFF}
    assert not RoleChange.objects.exists()


def test_qm_cannot_demote_or_remove_the_leitung(org_a, qm_a, leitung_a):
    for attempt in (
        lambda: role_changes.change_role(_m(qm_a), _m(leitung_a), STAFF),
        lambda: role_changes.remove_member(_m(qm_a), _m(leitung_a)),
    ):
        with pytest.raises(RoleChangeRefused) as refused:
            attempt()
        assert refused.value.forbidden
    assert _m(leitung_a).role == LEITUNG


def test_qm_may_change_other_roles_below_leitung(org_a, qm_a, leitung_a, staff_a):
    entry = role_changes.change_role(_m(qm_a), _m(staff_a), READONLY)
    assert _m(staff_a).role == READONLY
    assert (entry.user, entry.old_role, entry.new_role, entry.changed_by) == (staff_a, STAFF, READONLY, qm_a)
    assert entry.membership == _m(staff_a) and entry.organisation == org_a


def test_leitung_grants_and_removes_leitung(org_a, leitung_a, staff_a):
    role_changes.change_role(_m(leitung_a), _m(staff_a), LEITUNG)
    assert _m(staff_a).role == LEITUNG
    role_changes.change_role(_m(leitung_a), _m(staff_a), QM)
    assert _m(staff_a).role == QM
    log = list(RoleChange.objects.order_by("pk").values_list("old_role", "new_role"))
    assert log == [(STAFF, LEITUNG), (LEITUNG, QM)]


def test_the_last_leitung_cannot_be_demoted_or_removed(org_a, leitung_a):
    second = add_member(org_a, LEITUNG, email="zweite@alpha.example")
    # each of two Leitungen demotes the other: the second attempt finds the last Leitung
    role_changes.change_role(_m(leitung_a), _m(second), STAFF)
    with pytest.raises(RoleChangeRefused):  # second is no Leitung any more
        role_changes.change_role(_m(second), _m(leitung_a), STAFF)
    assert _m(leitung_a).role == LEITUNG
    target = _m(leitung_a)
    with pytest.raises(RoleChangeRefused) as refused:
        role_changes._check_not_last(target)
    assert "letzte Person" in refused.value.message and not refused.value.forbidden


def test_last_leitung_stays_even_when_checked_with_stale_roles(org_a, leitung_a):
    """Both Leitungen loaded their pages before either saved: the change re-reads the roles under lock."""
    second = add_member(org_a, LEITUNG, email="zweite@alpha.example")
    first_view, second_view = _m(leitung_a), _m(second)  # both still see two Leitungen
    role_changes.change_role(first_view, _m(second), STAFF)
    with pytest.raises(RoleChangeRefused):
        role_changes.change_role(second_view, _m(leitung_a), STAFF)
    assert Membership.objects.filter(organisation=org_a, role=LEITUNG).count() == 1


def test_removing_a_member_is_logged(org_a, qm_a, staff_a):
    membership = _m(staff_a)
    entry = role_changes.remove_member(_m(qm_a), membership)
    assert not Membership.objects.filter(user=staff_a).exists()
    assert (entry.user, entry.old_role, entry.new_role, entry.changed_by) == (staff_a, STAFF, "", qm_a)


def test_an_organisation_without_leitung_may_be_given_one_by_its_managers(org_a, qm_a, staff_a):
    assert LEITUNG in role_changes.assignable_roles(_m(qm_a))
    role_changes.change_role(_m(qm_a), _m(staff_a), LEITUNG)
    assert LEITUNG not in role_changes.assignable_roles(_m(qm_a))


def test_assignable_roles(org_a, qm_a, leitung_a, staff_a):
    assert role_changes.assignable_roles(_m(leitung_a)) == [LEITUNG, QM, STAFF, READONLY]
    assert role_changes.assignable_roles(_m(qm_a)) == [QM, STAFF, READONLY]
    assert role_changes.assignable_roles(_m(staff_a)) == []


def test_other_kinds_have_their_own_leading_role(db):
    from gelingen.accounts.models import Organisation

    body = Organisation.objects.create(name="Testierung", slug="testierung", kind="testing_body")
    officer = add_member(body, OFFICER, email="o@t.example")
    reviewer = add_member(body, REVIEWER, email="r@t.example")
    with pytest.raises(RoleChangeRefused):
        role_changes.change_role(_m(officer), _m(officer), READONLY)
    role_changes.change_role(_m(officer), _m(reviewer), OFFICER)
    assert _m(reviewer).role == OFFICER


def test_accepted_invitation_is_logged_with_the_inviter(org_a, leitung_a):
    from tests.conftest import make_user

    invitation, _token = Invitation.issue(org_a, "neu@alpha.example", STAFF, leitung_a)
    newcomer = make_user("neu@alpha.example")
    invitation.accept(newcomer)
    entry = RoleChange.objects.get()
    assert (entry.user, entry.old_role, entry.new_role, entry.changed_by) == (newcomer, "", STAFF, leitung_a)


# The pages ---------------------------------------------------------------------------------------


def _edit(org, user):
    return reverse("member_edit", args=[org.slug, _m(user).pk])


def test_qm_promoting_herself_gets_403(client, org_a, qm_a, leitung_a):
    client.force_login(qm_a)
    response = client.post(_edit(org_a, qm_a), {"role": LEITUNG})
    assert response.status_code == 403
    assert "eigene Rolle" in response.content.decode()
    assert _m(qm_a).role == QM


def test_qm_cannot_open_or_demote_the_leitung(client, org_a, qm_a, leitung_a):
    client.force_login(qm_a)
    assert client.get(_edit(org_a, leitung_a)).status_code == 403
    for data in ({"role": STAFF}, {"remove": "1", "role": STAFF}):
        response = client.post(_edit(org_a, leitung_a), data)
        assert response.status_code == 403
        assert "Nur die Leitung" in response.content.decode()
    assert _m(leitung_a).role == LEITUNG


def test_qm_cannot_make_someone_else_leitung(client, org_a, qm_a, leitung_a, staff_a):
    client.force_login(qm_a)
    page = client.get(_edit(org_a, staff_a)).content.decode()
    assert f'value="{LEITUNG}"' not in page  # not even offered
    response = client.post(_edit(org_a, staff_a), {"role": LEITUNG})
    assert response.status_code == 403
    assert "Nur die Leitung kann die Rolle Leitung vergeben." in response.content.decode()
    assert _m(staff_a).role == STAFF


def test_qm_cannot_invite_as_leitung(client, org_a, qm_a, leitung_a):
    client.force_login(qm_a)
    response = client.post(
        reverse("members", args=[org_a.slug]), {"email": "x@alpha.example", "role": LEITUNG}
    )
    assert response.status_code == 200
    assert "keine gültige Auswahl" in response.content.decode()
    assert not Invitation.objects.exists()


def test_leitung_changes_roles_and_the_members_page_shows_the_log(client, org_a, leitung_a, qm_a):
    client.force_login(leitung_a)
    response = client.post(_edit(org_a, qm_a), {"role": LEITUNG})
    assert response.status_code == 302
    assert _m(qm_a).role == LEITUNG
    page = client.get(reverse("members", args=[org_a.slug])).content.decode()
    assert "Rollenänderungen" in page
    assert (
        "Qualitätsbeauftragte*r</td>" in page
        and f'<td data-label="geändert von">{leitung_a.name}</td>' in page
    )


def test_role_log_is_paginated_and_hidden_from_readers(client, org_a, leitung_a, staff_a, reader_a):
    for _i in range(25):
        RoleChange.objects.create(
            organisation=org_a, user=staff_a, old_role=STAFF, new_role=QM, changed_by=leitung_a
        )
    client.force_login(leitung_a)
    page = client.get(reverse("members", args=[org_a.slug])).content.decode()
    assert page.count('<td data-label="neu">Qualitätsbeauftragte*r</td>') == 20 and "Seite 1 von 2" in page
    client.force_login(reader_a)
    assert "Rollenänderungen" not in client.get(reverse("members", args=[org_a.slug])).content.decode()


def test_another_organisations_membership_is_404(client, org_a, org_b, leitung_a, qm_b):
    client.force_login(leitung_a)
    other = Membership.objects.get(user=qm_b)
    assert (
        client.post(reverse("member_edit", args=[org_a.slug, other.pk]), {"role": STAFF}).status_code == 404
    )
    assert Membership.objects.get(user=qm_b).role == QM


def test_reader_cannot_change_roles(client, org_a, reader_a, staff_a):
    client.force_login(reader_a)
    assert client.post(_edit(org_a, staff_a), {"role": READONLY}).status_code == 403
    assert _m(staff_a).role == STAFF


def test_last_leitung_survives_other_deletion_paths(org_a, leitung_a, staff_a):
    from django.db import transaction

    with pytest.raises(RoleChangeRefused), transaction.atomic():
        Membership.objects.filter(user=leitung_a).delete()
    with pytest.raises(RoleChangeRefused), transaction.atomic():
        leitung_a.delete()  # deleting the person would delete the membership
    assert _m(leitung_a).role == LEITUNG
    Membership.objects.filter(user=staff_a).delete()  # others may go
    org_a.delete()  # the whole organisation may go, with its Leitung
    assert not Membership.objects.filter(user=leitung_a).exists()
