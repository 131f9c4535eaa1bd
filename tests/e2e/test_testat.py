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
