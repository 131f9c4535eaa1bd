import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gelingen.accounts import reset_limits
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_login_with_email_and_redirect_to_organisation(client, qm_a, org_a):
    response = client.post(reverse("login"), {"username": qm_a.email, "password": "ein-sicheres-passwort"})
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302 and response.url == reverse("dashboard", args=[org_a.slug])


def test_login_is_case_insensitive_for_email(client, qm_a):
    response = client.post(
        reverse("login"), {"username": qm_a.email.upper(), "password": "ein-sicheres-passwort"}
    )
    assert response.status_code == 302


def test_wrong_password_shows_german_error(client, qm_a):
    response = client.post(reverse("login"), {"username": qm_a.email, "password": "falsch"})
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_repeated_failures(client, qm_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": qm_a.email, "password": "falsch"})
    # even the right password is refused while locked
    response = client.post(reverse("login"), {"username": qm_a.email, "password": "ein-sicheres-passwort"})
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client_qm):
    assert client_qm.get(reverse("logout")).status_code == 405
    response = client_qm.post(reverse("logout"))
    assert response.status_code == 302
    assert client_qm.get(reverse("home")).status_code == 302


def test_pages_need_login(client, org_a):
    for url in [reverse("home"), reverse("profile"), reverse("dashboard", args=[org_a.slug])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_password_reset_sends_link_and_sets_password(client, qm_a):
    response = client.post(reverse("password_reset"), {"email": qm_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "neu-und-lang-genug", "new_password2": "neu-und-lang-genug"},
    )
    assert response.status_code == 302
    qm_a.refresh_from_db()
    assert qm_a.check_password("neu-und-lang-genug")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_user_without_membership_sees_hint(client):
    user = make_user("neu@example.org")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert "noch keiner Organisation" in response.content.decode()


def _fail_login(client, email, times):
    for _ in range(times):
        client.post(reverse("login"), {"username": email, "password": "falsch"})


def _logs_in(client, email):
    response = client.post(reverse("login"), {"username": email, "password": "ein-sicheres-passwort"})
    return response.status_code == 302


def test_behind_a_proxy_each_client_has_its_own_lockout(settings, qm_a):
    """All requests come from the proxy's address; the throttle must count the client in X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    _fail_login(attacker, qm_a.email, 3)
    assert attacker.post(reverse("login"), {"username": qm_a.email, "password": "x"}).status_code == 429
    assert _logs_in(owner, qm_a.email)  # the attacker did not lock the owner out
    # a forged entry on the left does not give the attacker a fresh allowance
    forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.66")
    assert not _logs_in(forged, qm_a.email)


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(settings, qm_a):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 3
    for i in range(3):
        Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").post(
            reverse("login"), {"username": qm_a.email, "password": "falsch"}
        )
    again = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert not _logs_in(again, qm_a.email)
    assert _logs_in(Client(REMOTE_ADDR="198.51.100.7"), qm_a.email)


@pytest.mark.parametrize("spellings", [("upper", "title", "swapcase"), ("upper",)])
def test_one_lockout_whatever_the_spelling_of_the_address(client, qm_a, settings, spellings):
    """Failures under `Team@...` count against `team@...`: a new spelling gives no fresh guesses."""
    settings.AXES_FAILURE_LIMIT = 3
    email = qm_a.email
    variants = [email, *(getattr(email, name)() for name in spellings), f"  {email.upper()} "]
    for i in range(3):
        client.post(reverse("login"), {"username": variants[i % len(variants)], "password": "falsch"})
    for variant in variants:
        response = client.post(reverse("login"), {"username": variant, "password": "ein-sicheres-passwort"})
        assert response.status_code == 429, variant
    assert "_auth_user_id" not in client.session


def test_success_under_another_spelling_resets_the_failures(client, qm_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _fail_login(client, qm_a.email.upper(), 2)
    assert _logs_in(client, qm_a.email.title())
    client.post(reverse("logout"))
    _fail_login(client, qm_a.email, 2)
    assert _logs_in(client, qm_a.email)  # 2 + 2 failures did not add up to a lockout


def test_accounts_are_stored_in_one_spelling(db):
    from gelingen.accounts.models import User

    user = User.objects.create_user("  Neu.Person@Example.ORG ", "ein-sicheres-passwort", name="Neu")
    assert user.email == "neu.person@example.org"
    assert User.objects.get_by_natural_key("NEU.person@example.org ") == user
    legacy = User(email="Alt@Example.org", name="Alt")
    legacy.clean()
    assert legacy.email == "alt@example.org"


def test_password_reset_finds_the_account_whatever_the_spelling(client, qm_a):
    response = client.post(reverse("password_reset"), {"email": qm_a.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [qm_a.email]


def _reset(client, email):
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    return response


def test_password_reset_mails_are_limited_per_address(client, qm_a):
    """18 requests used to send 18 e-mails; spellings of one address share the limit."""
    for i in range(18):
        _reset(Client(REMOTE_ADDR=f"192.0.2.{i + 1}"), qm_a.email.upper() if i % 2 else qm_a.email)
    assert len(mail.outbox) == reset_limits.PER_ADDRESS
    assert {tuple(m.to) for m in mail.outbox} == {(qm_a.email,)}


def test_password_reset_requests_are_limited_per_client(client, qm_a, settings):
    """One client trying many addresses (existing or not) is stopped too; behind a proxy per visitor."""
    settings.TRUSTED_PROXY_COUNT = 1
    visitor = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for i in range(reset_limits.PER_CLIENT):
        _reset(visitor, f"niemand{i}@example.org")
    _reset(visitor, qm_a.email)
    assert mail.outbox == []  # limited: the same answer, no e-mail
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    _reset(other, qm_a.email)
    assert len(mail.outbox) == 1


def test_a_limited_reset_answers_like_any_other(client, qm_a):
    for _ in range(reset_limits.PER_ADDRESS):
        _reset(client, qm_a.email)
    limited = _reset(client, qm_a.email)
    unknown = _reset(Client(REMOTE_ADDR="198.51.100.9"), "niemand@example.org")
    assert limited.url == unknown.url
    page = client.get(limited.url)
    assert page.status_code == 200
