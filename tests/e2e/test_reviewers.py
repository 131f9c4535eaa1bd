"""The reviewer pool in the browser: the officer keeps a profile and a conflict, the reviewer sees the own
profile, an organisation records advice; every page without axe-core violations."""

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def nav(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def test_officer_keeps_the_pool_and_records_a_conflict(page, demo):
    login(page, "sachbearbeitung@testierung-nord.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("heading", name="Gutachter*innen-Pool").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Region").select_option("NI")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_role("link", name="Prof. Karin Albers").click()
    page.get_by_role("heading", name="Prof. Karin Albers").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Bearbeiten").click()
    assert axe_violations(page) == []
    page.get_by_label("Kapazität (offene Verfahren)").fill("5")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("höchstens 5 Verfahren").wait_for()
    page.get_by_role("link", name="Interessenkonflikt erfassen").click()
    assert axe_violations(page) == []
    page.get_by_label("Organisation").select_option(label="Suchtberatung Nordstadt e.V.")
    page.get_by_label("Art").select_option("employment")
    page.locator("#id_period_from").fill("2019-01-01")
    page.locator("#id_period_to").fill("2020-06-30")
    page.get_by_role("button", name="Erfassen").click()
    page.get_by_role("cell", name="Suchtberatung Nordstadt e.V.").wait_for()
    page.get_by_role("link", name="Einstellungen").click()
    assert axe_violations(page) == []


def test_reviewer_and_organisation_pages(page, demo):
    login(page, "gutachterin@testierung-nord.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("link", name="Mein Gutachter*innen-Profil").click()
    page.get_by_role("heading", name="Mein Gutachter*innen-Profil").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Angaben bearbeiten").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Abbrechen").click()
    page.get_by_role("link", name="Beratung oder Interessenkonflikt melden").click()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login(page, "leitung@jugendhilfe-am-fluss.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("heading", name="Beratung außerhalb der Testierung").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Name der beratenden Person").fill("Prof. Karin Albers")
    page.get_by_label("E-Mail-Adresse der beratenden Person").fill("gutachterin@testierung-nord.example")
    page.get_by_label("angefragt am").fill("2025-05-05")
    page.get_by_role("button", name="Erfassen").click()
    page.get_by_text("Die Anfrage an Prof. Karin Albers ist erfasst.").wait_for()
    assert axe_violations(page) == []


def test_assignment_pages_of_officer_reviewer_and_organisation(page, demo):
    login(page, "sachbearbeitung@testierung-nord.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("link", name="Zuordnungen").click()
    page.get_by_role("heading", name="Zuordnungen").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Schuldnerberatung Am Markt").click()
    page.get_by_role("heading", name="Zweitgutachter*in zuordnen").wait_for()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login(page, "gutachterin@testierung-nord.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("heading", name="Meine Verfahren").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Schuldnerberatung Am Markt", exact=True).click()
    page.get_by_role("heading", name="Ablauf und Fristen").wait_for()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login(page, "leitung@suchtberatung-nordstadt.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("heading", name="Beratung außerhalb der Testierung").wait_for()
    link = page.get_by_role("link", name="Ersttestierung, Testierungsstelle Soziale Qualität Nord")
    if link.count():
        link.first.click()
        page.get_by_role("heading", name="Gutachter*innen des Verfahrens").wait_for()
        assert axe_violations(page) == []
