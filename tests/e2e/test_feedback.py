import re

import pytest

from gelingen.quality.feedback.models import Feedback

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"


def check(page, label):
    assert axe_violations(page) == [], label


def test_every_feedback_page_is_reachable_and_accessible(page, demo):
    login(page, QM)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Rückmeldungen").click()
    page.wait_for_url(re.compile(r"/feedback/$"))
    assert "über 30 Tage offen" in page.content()
    check(page, "list")

    page.get_by_label("Art").select_option("complaint")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url(re.compile(r"kind=complaint"))
    check(page, "filtered list")

    page.get_by_role("link", name="Auswertung").click()
    page.wait_for_url(re.compile(r"/feedback/evaluation/$"))
    assert page.locator("svg.chart-svg").count() == 1
    check(page, "evaluation")

    page.get_by_role("link", name="Zurück zu den Rückmeldungen").click()
    page.get_by_role("link", name="Rückmeldung erfassen").click()
    page.wait_for_url(re.compile(r"/feedback/new/$"))
    check(page, "create")
    page.get_by_label("Art").select_option("suggestion")
    page.get_by_label("Weg").select_option("phone")
    page.get_by_label("Rückmeldung").fill("Ein Angehöriger wünscht einen Gesprächskreis am Samstag.")
    page.get_by_label("Bearbeitung").select_option("done")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "wenn die gezogene Konsequenz eingetragen ist" in page.content()
    check(page, "create with errors")
    page.get_by_label("gezogene Konsequenz").fill("Termin im Quartalsplan aufgenommen.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/feedback/\d+/$"))
    check(page, "detail")
    page.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    check(page, "edit")
    page.go_back()
    page.get_by_role("main").get_by_role("link", name="Löschen").click()
    check(page, "delete")


def test_public_form_without_login(page, demo):
    page.goto("/feedback/suchtberatung-nordstadt/")
    check(page, "public form")
    page.get_by_label("ein Lob").check()
    page.get_by_label("Ihre Rückmeldung").fill("Sehr freundliche Beratung, vielen Dank!")
    # the honeypot sits in a 1×1 px clipped box: hidden from people, and skipped by Tab
    box = page.locator('.visually-hidden:has(input[name="hp_k7q"])').bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    assert page.locator('input[name="hp_k7q"]').get_attribute("tabindex") == "-1"
    page.wait_for_timeout(3200)  # the form refuses submissions faster than 3 seconds
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.wait_for_url(re.compile(r"/danke/$"))
    check(page, "thanks")
    entry = Feedback.objects.get(text="Sehr freundliche Beratung, vielen Dank!")
    assert (entry.channel, entry.status, entry.contact) == ("online", "new", "")


def test_public_link_is_shown_to_members(page, demo):
    login(page, QM)
    page.goto("/o/suchtberatung-nordstadt/feedback/")
    page.get_by_text("Öffentliches Rückmeldeformular").click()
    link = page.get_by_label("Link zum Formular").input_value()
    assert link.endswith("/feedback/suchtberatung-nordstadt/")
    page.get_by_role("link", name="Formular öffnen").click()
    page.wait_for_url(re.compile(r"/feedback/suchtberatung-nordstadt/$"))


def test_rate_limited_page_is_accessible(page, demo):
    from django.core.cache import cache

    from gelingen.accounts.models import Organisation
    from gelingen.quality.feedback import spam

    org = Organisation.objects.get(slug="suchtberatung-nordstadt")
    page.goto("/feedback/suchtberatung-nordstadt/")
    page.get_by_label("eine Anregung oder Idee").check()
    page.get_by_label("Ihre Rückmeldung").fill("Noch eine Idee")
    for address in ("127.0.0.1", "::1"):
        for _ in range(spam.RATE_LIMIT):
            spam.take_slot(org.pk, address)
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.wait_for_load_state()
    assert "Bitte versuchen Sie es später noch einmal" in page.content()
    check(page, "rate limited")
    cache.clear()
