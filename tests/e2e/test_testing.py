"""The testing procedure in the browser: the officer's work list and record, the organisation's side."""

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def nav(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def test_officer_decides_and_the_organisation_sees_its_record(page, demo, browser, live_server):
    login(page, "sachbearbeitung@testierung-nord.example")
    nav(page).get_by_role("link", name="Testierung").click()
    page.get_by_role("heading", name="Alle Testierungsverfahren").wait_for()
    assert axe_violations(page) == []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"var/e2e-testing-list-{width}.png", full_page=True)
    page.get_by_role("link", name="Lebenshilfe Werkstatt Ost gGmbH").click()
    page.get_by_role("heading", name="Ablauf und Fristen").wait_for()
    assert axe_violations(page) == []
    page.get_by_text("Entscheidung: Testat empfohlen").first.click()  # opens the step's form
    assert axe_violations(page) == []
    page.get_by_role("button", name="Entscheidung: Testat empfohlen").click()
    page.get_by_text("Gespeichert: Entscheidung: Testat empfohlen").wait_for()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"var/e2e-testing-record-{width}.png", full_page=True)

    org = browser.new_context(base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin")
    org_page = org.new_page()
    login(org_page, "qm@suchtberatung-nordstadt.example")
    nav(org_page).get_by_role("link", name="Testierung").click()
    org_page.get_by_role("heading", name="Unsere Testierung").wait_for()
    assert axe_violations(org_page) == []
    org_page.get_by_role("link", name="Testierungsstelle Soziale Qualität Nord").click()
    org_page.get_by_role("heading", name="Ablauf und Fristen").wait_for()
    assert org_page.get_by_text("höchstens 13 Monate nach der Bestätigung").is_visible()
    assert axe_violations(org_page) == []
    org_page.goto(org_page.url.split("/testing/")[0] + "/testing/register/")
    org_page.get_by_role("heading", name="Zur Testierung anmelden").wait_for()
    assert axe_violations(org_page) == []
    org_page.get_by_role("button", name="Anmelden").click()
    org_page.get_by_text("Bitte prüfen Sie die markierten Felder.").wait_for()
    assert axe_violations(org_page) == []
    org.close()
