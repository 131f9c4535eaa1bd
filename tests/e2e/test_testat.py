"""The Testat in the browser: the organisation opens its Testate and the agreement page, follows the
verification address, and a stranger checks a number on the public page; no axe-core violations."""

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def nav(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_agreement_page_and_verification(page, demo):
    login(page, "leitung@jugendhilfe-am-fluss.example")
    nav(page).get_by_role("link", name="Testate").click()
    page.get_by_role("heading", name="Testate").wait_for()
    assert axe_violations(page) == []
    page.locator("table.data a").first.click()
    page.get_by_role("heading", name="Strategische Entwicklungsziele").wait_for()
    page.get_by_text("von beiden Seiten unterschrieben").wait_for()
    page.get_by_text("Die jungen Menschen bestimmen in den Gruppen mit").first.wait_for()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#testat a[href^='/testat/']").click()
    page.get_by_text("Das Testat ist gültig.").wait_for()
    page.get_by_text("Jugendhilfe Am Fluss gGmbH").wait_for()
    assert axe_violations(page) == []


def test_public_lookup_without_login(page, demo):
    page.goto("/testat/")
    page.get_by_role("heading", name="Testat prüfen").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Testatnummer").fill("XX-2000-0001")
    page.get_by_role("button", name="Prüfen").click()
    page.get_by_text("ist kein Testat bekannt").wait_for()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits(page)


def _procedure_after_final_workshop():
    """Nordstadt's second cycle, its final workshop held yesterday (written directly: the browser part
    is what this test is about; the state machine has its own tests)."""
    from datetime import timedelta

    from django.utils import timezone

    from gelingen.accounts.models import Organisation
    from gelingen.quality.models import Cycle
    from gelingen.testing.models import Procedure

    org = Organisation.objects.get(slug="suchtberatung-nordstadt")
    body = Organisation.objects.get(slug="testierungsstelle-nord")
    first = Cycle.objects.filter(organisation=org).first()
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        organisation=org,
        model=first.model,
        title="Zweiter Zyklus",
        start_date=today - timedelta(days=500),
        target_date=today,
    )
    return Procedure.objects.create(
        organisation=org,
        testing_body=body,
        cycle=cycle,
        status=Procedure.Status.WORKSHOP_HELD,
        registered_at=timezone.now() - timedelta(days=600),
        workshop_on=today - timedelta(days=1),
        workshop_held_on=today - timedelta(days=1),
        decision=Procedure.Decision.MET,
    )


def test_goals_drafted_and_checked_in_the_browser(page, demo):
    procedure = _procedure_after_final_workshop()
    login(page, "leitung@suchtberatung-nordstadt.example")
    page.goto(f"/o/suchtberatung-nordstadt/testat/procedures/{procedure.pk}/")
    page.get_by_text("Neues Ziel").click()
    page.get_by_text("Protokoll hochladen").click()
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Ziel:").fill("Alle Teams arbeiten mit überprüfbaren Wirkungszielen")
    page.get_by_label("Prüfindikatoren").fill("Drei Ziele je Team\nJährliche Auswertung")
    page.get_by_role("button", name="Ziel anlegen").click()
    page.get_by_text("Das Ziel wurde angelegt.").wait_for()
    page.get_by_role("button", name="Ziele der Testierungsstelle zur Prüfung geben").click()
    page.get_by_text("zur Prüfung bei der Testierungsstelle").first.wait_for()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login(page, "sachbearbeitung@testierung-nord.example")
    page.goto(f"/o/testierungsstelle-nord/testat/procedures/{procedure.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Formulierung bestätigen").click()
    page.get_by_text("Die Formulierung ist geprüft.").wait_for()
    page.get_by_role("button", name="Vereinbarung zur Unterschrift erstellen").click()
    page.get_by_role("button", name="Vereinbarung unterschreiben").click()
    page.get_by_text("Sie haben die Vereinbarung unterschrieben.").wait_for()
    page.get_by_text("Unterschriebenen Scan hochladen").click()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits(page)
