import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_profile_changes_name_and_language(client_qm, qm_a):
    response = client_qm.post(reverse("profile"), {"name": "Jana P.", "language": "en"})
    assert response.status_code == 302
    qm_a.refresh_from_db()
    assert (qm_a.name, qm_a.language) == ("Jana P.", "en")
    response = client_qm.get(reverse("profile"))
    assert response["Content-Language"] == "en"
    assert "Your profile" in response.content.decode()


def test_profile_rejects_bad_input(client_qm, qm_a):
    response = client_qm.post(reverse("profile"), {"name": "", "language": "fr"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in text
    qm_a.refresh_from_db()
    assert qm_a.language == "de" and qm_a.name


def test_german_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "de"
    assert "Anmelden" in response.content.decode()


def test_language_switch_for_anonymous_visitors(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302 and response.url == "/login/"
    assert "Sign in" in client.get(reverse("login")).content.decode()


def test_language_switch_ignores_foreign_redirects(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_language_switch_updates_profile(client_qm, qm_a):
    client_qm.post(reverse("set_language"), {"language": "en", "next": "/"})
    qm_a.refresh_from_db()
    assert qm_a.language == "en"
