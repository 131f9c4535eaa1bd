"""The demo's Gutachten in second check in the browser: the second reviewer finds it under "Meine
Verfahren" with what is due from her, on a wide and a narrow screen, without axe-core violations."""

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def test_the_second_reviewer_finds_the_gutachten_waiting_for_her_check(page, demo):
    login(page, "gutachterin@testierung-nord.example")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("heading", name="Meine Verfahren").wait_for()
    row = page.get_by_role("row").filter(has_text="Familienzentrum Am Hafen e.V.")
    assert "Zweitbegutachtung des Gutachtens" in row.inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.get_by_role("link", name="Familienzentrum Am Hafen e.V.", exact=True).click()
    page.get_by_role("heading", name="Ablauf und Fristen").wait_for()
    assert "Zweitbegutachtung des Gutachtens" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
