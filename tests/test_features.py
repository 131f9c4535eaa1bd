"""The registry of feature apps (gelingen/features.py) feeds settings, URLs, navigation and reminders."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from gelingen import features
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import OFFICER
from gelingen.core import deadlines
from gelingen.core.context_processors import navigation_for
from gelingen.quality.activities import reminders
from tests.conftest import add_member


def test_registry_imports_without_django_settings():
    code = "import gelingen.features as f; print(len(f.FEATURES))"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == str(len(features.FEATURES))


def test_settings_install_every_feature_app_in_registry_order():
    installed = [app for app in settings.INSTALLED_APPS if app in features.apps()]
    assert installed == features.apps()


@pytest.mark.parametrize("feature", features.FEATURES, ids=lambda f: f.key)
def test_every_feature_is_mounted_at_its_prefix(feature):
    for link in feature.nav:
        url = reverse(link.url_name, args=["alpha"])
        assert url.startswith(f"/o/alpha/{feature.url_prefix}")
    assert feature.group in features.NAV_GROUPS
    assert all(link.group in features.NAV_GROUPS for link in feature.nav)


def test_due_item_flags_match_the_registered_providers():
    apps_with_providers = {
        max(
            (f for f in features.FEATURES if p.__module__.startswith(f.app + ".")), key=lambda f: len(f.app)
        ).key
        for p in deadlines._providers
    }
    assert apps_with_providers == {f.key for f in features.FEATURES if f.due_items}


def test_navigation_shows_the_features_of_the_kind_with_the_longest_match_current():
    groups = navigation_for("service", "alpha", "/o/alpha/activities/due/")
    labels = [link.label for group in groups for link in group.links]
    assert {"Selbstbewertung", "Leitbild", "Nachweise", "Fällig", "Tätigkeiten", "Selbstreport"} <= set(
        labels
    )
    current = [link.label for group in groups for link in group.links if link.current]
    assert current == ["Fällig"]
    assert [g.key for g in groups] == [k for k in features.NAV_GROUPS if k in {g.key for g in groups}]
    body_labels = [
        link.label for group in navigation_for("testing_body", "t", "/o/t/") for link in group.links
    ]
    assert "Testierung" in body_labels and "Selbstbewertung" not in body_labels


@pytest.mark.django_db
def test_testing_body_sees_no_quality_work_in_its_navigation(client):
    body = Organisation.objects.create(name="Prüfstelle", slug="pruef", kind=Organisation.Kind.TESTING_BODY)
    client.force_login(add_member(body, OFFICER))
    html = client.get(reverse("dashboard", args=[body.slug])).content.decode()
    assert "Selbstbewertung" not in html and "Nachweise" not in html
    assert reverse("members", args=[body.slug]) in html


@pytest.mark.django_db
def test_service_navigation_marks_the_current_page(client_qm, org_a):
    html = client_qm.get(reverse("evidence:list", args=[org_a.slug])).content.decode()
    assert f'<a href="/o/{org_a.slug}/evidence/" aria-current="page">Nachweise</a>' in html
    assert html.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_reminders_look_at_the_kinds_whose_features_have_due_items(monkeypatch, org_a, qm_a):
    body = Organisation.objects.create(name="Prüfstelle", slug="pruef", kind=Organisation.Kind.TESTING_BODY)
    add_member(body, OFFICER)
    assert reminders.organisation_ids() == [org_a.pk, body.pk]  # the testing app has due items there
    monkeypatch.setattr(features, "kinds_with_due_items", lambda: {"service"})
    assert reminders.organisation_ids() == [org_a.pk]


def test_reminder_links_open_a_page_of_the_recipients_kind(client, org_a, qm_a):
    """A testing body has no shared due list: its reminder e-mails link to the testing work list."""
    body = Organisation.objects.create(name="Prüfstelle", slug="pruef", kind=Organisation.Kind.TESTING_BODY)
    officer = add_member(body, OFFICER)
    assert features.due_page(org_a.kind) == "activities:due"
    assert features.due_page(body.kind) == "testing:list"
    for user, org in ((qm_a, org_a), (officer, body)):
        client.force_login(user)
        reminder = reminders.Reminder(user=user)
        reminder.lines.append(reminders.Line(item=None, stage="upcoming", organisation=org))  # type: ignore[arg-type]
        [(_, url)] = reminder.due_pages()
        assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200
