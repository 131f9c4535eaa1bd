from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gelingen.accounts.models import Invitation, InvitationClosed, Membership, User
from gelingen.accounts.roles import LEITUNG, QM, STAFF
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def invite(client, org, email="neu@example.org", role=STAFF):
    response = client.post(reverse("members", args=[org.slug]), {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()[:500]
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitation/" in line)
    return link.split("127.0.0.1:8000", 1)[1]


def test_invitation_creates_account(client_qm, client, org_a):
    path = invite(client_qm, org_a)
    assert mail.outbox[-1].to == ["neu@example.org"]
    client_qm.logout()
    response = client.post(
        path, {"name": "Neue Kollegin", "password1": "lang-und-sicher-1", "password2": "lang-und-sicher-1"}
    )
    assert response.status_code == 302 and response.url == reverse("dashboard", args=[org_a.slug])
    user = User.objects.get(email="neu@example.org")
    assert Membership.objects.get(user=user, organisation=org_a).role == STAFF
    # single use
    client.logout()
    assert client.get(path).status_code == 404


def test_invitation_link_uses_site_url(client_qm, org_a, settings):
    """`make run HOST=192.0.2.10:8080` sets SITE_URL: the e-mail links to that address."""
    settings.SITE_URL = "http://192.0.2.10:8080"
    client_qm.post(reverse("members", args=[org_a.slug]), {"email": "neu@example.org", "role": STAFF})
    assert "http://192.0.2.10:8080/invitation/" in mail.outbox[-1].body


def test_invitation_token_is_stored_hashed(client_qm, org_a):
    path = invite(client_qm, org_a)
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert Invitation.objects.by_token(token).get() == invitation


def test_expired_invitation_is_refused(client_qm, client, org_a):
    path = invite(client_qm, org_a)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client_qm.logout()
    response = client.get(path)
    assert response.status_code == 404
    assert "nicht mehr gültig" in response.content.decode()


def test_revoked_invitation_is_refused(client_qm, org_a):
    path = invite(client_qm, org_a)
    invitation = Invitation.objects.get()
    client_qm.post(reverse("invitation_revoke", args=[org_a.slug, invitation.pk]))
    client_qm.logout()
    assert client_qm.get(path).status_code == 404


def test_existing_account_is_linked_after_login(client_qm, client, org_a, org_b, qm_b):
    path = invite(client_qm, org_a, email=qm_b.email, role=LEITUNG)
    client_qm.logout()
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(qm_b)
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.get(user=qm_b, organisation=org_a).role == LEITUNG
    assert Membership.objects.filter(user=qm_b).count() == 2  # now in both organisations


def test_wrong_account_cannot_accept(client_qm, client, org_a, qm_b):
    path = invite(client_qm, org_a, email="jemand@example.org")
    client.force_login(qm_b)
    assert client.post(path).status_code == 403
    assert not Membership.objects.filter(user=qm_b, organisation=org_a).exists()


def test_new_account_form_validates(client_qm, client, org_a):
    path = invite(client_qm, org_a)
    client_qm.logout()
    response = client.post(path, {"name": "", "password1": "kurz", "password2": "anders"})
    assert response.status_code == 200
    assert "Die beiden Passwörter stimmen nicht überein." in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_invite_bad_input(client_qm, org_a, qm_a):
    url = reverse("members", args=[org_a.slug])
    response = client_qm.post(url, {"email": "kein-email", "role": "gott"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Bitte gültige E-Mail-Adresse eingeben." in text
    assert "ist keine gültige Auswahl" in text
    response = client_qm.post(url, {"email": qm_a.email, "role": STAFF})
    assert "bereits Mitglied" in response.content.decode()
    assert Invitation.objects.count() == 0 and mail.outbox == []


def test_staff_cannot_invite(client, org_a, staff_a):
    client.force_login(staff_a)
    url = reverse("members", args=[org_a.slug])
    assert client.get(url).status_code == 200  # may see the list
    assert client.post(url, {"email": "x@example.org", "role": QM}).status_code == 403
    assert Invitation.objects.count() == 0


def test_switch_between_organisations(client, org_a, org_b):
    user = make_user("beide@example.org")
    Membership.objects.create(user=user, organisation=org_a, role=QM)
    Membership.objects.create(user=user, organisation=org_b, role=STAFF)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200  # choice page
    assert org_a.name in response.content.decode() and org_b.name in response.content.decode()
    page = client.get(reverse("dashboard", args=[org_b.slug]))
    assert org_a.name in page.content.decode()  # the switcher offers the other one
    assert client.get(reverse("home")).url == reverse("dashboard", args=[org_b.slug])


NEW_ACCOUNT = {"name": "Neue Kollegin", "password1": "lang-und-sicher-1", "password2": "lang-und-sicher-1"}


def test_simultaneous_acceptance_creating_the_account_gets_a_clear_message(
    client_qm, client, org_a, monkeypatch
):
    """The second of two simultaneous requests: its checks passed, then the first one created the account
    and took the invitation before this one writes (a 500 with IntegrityError before)."""
    from gelingen.accounts import views

    path = invite(client_qm, org_a)
    client_qm.logout()
    real_is_valid = views.AcceptInvitationForm.is_valid

    def first_request_wins(form):
        valid = real_is_valid(form)
        other = User.objects.create_user("neu@example.org", "anderes-passwort-1", name="Erste")
        Invitation.objects.get().accept(other)
        return valid

    monkeypatch.setattr(views.AcceptInvitationForm, "is_valid", first_request_wins)
    response = client.post(path, NEW_ACCOUNT)
    assert response.status_code == 409
    assert "Diese Einladung wurde gerade angenommen" in response.content.decode()
    assert User.objects.filter(email="neu@example.org").count() == 1
    assert User.objects.get(email="neu@example.org").name == "Erste"
    assert Membership.objects.filter(organisation=org_a, user__email="neu@example.org").count() == 1
    assert "_auth_user_id" not in client.session


def test_an_invitation_taken_in_the_meantime_is_not_accepted_twice(client_qm, org_a):
    """Two requests that both loaded the open invitation: only the first acceptance counts."""
    invite(client_qm, org_a)
    first, second = Invitation.objects.get(), Invitation.objects.get()
    one, two = make_user("eins@example.org"), make_user("zwei@example.org")
    first.accept(one)
    with pytest.raises(InvitationClosed):
        second.accept(two)
    assert not Membership.objects.filter(user=two).exists()
    assert Invitation.objects.get().accepted_by == one


def test_logged_in_double_accept_gets_the_message(client_qm, org_a, monkeypatch):
    from gelingen.accounts import views

    invite(client_qm, org_a, email="zweite@example.org")
    user = make_user("zweite@example.org")
    token_path = next(line for line in mail.outbox[-1].body.splitlines() if "/invitation/" in line)
    path = token_path.split("127.0.0.1:8000", 1)[1]
    stale = Invitation.objects.get()
    stale.accept(user)  # the first tab
    monkeypatch.setattr(
        views.Invitation.objects, "open", lambda: Invitation.objects.filter(pk=stale.pk)
    )  # the second tab had loaded it while it was open
    client_qm.force_login(user)
    response = client_qm.post(path)
    assert response.status_code == 409
    assert Membership.objects.filter(user=user, organisation=org_a).count() == 1
