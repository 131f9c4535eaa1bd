"""The Gutachten in the browser: the demo reviewer opens her procedure, rates requirements (one
"teilweise erfüllt" with an Auflage), comments on a paragraph of the Selbstreport; every page visited
has no axe-core violations."""

import pytest

from gelingen.testing.gutachten.models import MarginComment, Rating

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def nav(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def test_reviewer_rates_and_comments(page, demo):
    login(page, "gutachterin@testierung-nord.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("heading", name="Meine Verfahren").wait_for()
    page.get_by_role("link", name="Schuldnerberatung Am Markt").first.click()
    page.get_by_role("heading", name="Gutachten", exact=True).wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Gutachten bearbeiten").click()
    page.get_by_role("heading", name="Gutachten Schuldnerberatung Am Markt").wait_for()
    assert axe_violations(page) == []

    # part C: an area not yet rated
    page.get_by_role("link", name="QB3 Schlüsselprozesse").click()
    page.get_by_role("heading", name="QB3 Schlüsselprozesse").wait_for()
    assert axe_violations(page) == []
    groups = page.get_by_role("group", name="Bewertung QB3")  # one radio group per requirement
    first, second = groups.nth(0), groups.nth(1)
    first.get_by_label("erfüllt", exact=True).check()
    second.get_by_label("teilweise erfüllt").check()
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.get_by_text("formulieren Sie bitte die Auflage").first.wait_for()  # refused: no Auflage
    assert axe_violations(page) == []
    page.get_by_label("Auflage zu QB3.2").fill("Die Stelle beschreibt, wer die Schlüsselprozesse pflegt.")
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.get_by_text("Gespeichert: QB3").wait_for()
    assert axe_violations(page) == []
    mine = Rating.objects.filter(review__gutachten__status="draft", requirement__code__startswith="QB3.")
    rated = {r.requirement.code: r for r in mine}
    assert rated["QB3.1"].value == "met" and rated["QB3.2"].value == "partly"
    assert rated["QB3.2"].auflage.startswith("Die Stelle beschreibt")

    # a margin comment on a paragraph of the submitted Selbstreport
    page.get_by_role("link", name="Selbstreport und Randkommentare").click()
    page.get_by_role("heading", name="Selbstreport Schuldnerberatung Am Markt").wait_for()
    assert axe_violations(page) == []
    passage = page.locator("#p-process-body-1")
    passage.get_by_text("kommentieren").click()
    passage.get_by_label("Randkommentar zu diesem Absatz").fill("Wer hat die Steuerungsgruppe moderiert?")
    passage.get_by_role("button", name="Kommentar speichern").click()
    page.get_by_text("Randkommentar gespeichert.").wait_for()
    page.locator("#p-process-body-1").get_by_text("Wer hat die Steuerungsgruppe moderiert?").wait_for()
    assert axe_violations(page) == []
    assert MarginComment.objects.filter(anchor="p-process-body-1").count() == 1

    page.get_by_role("navigation", name="Gutachten").get_by_role("link", name="Gutachten", exact=True).click()
    page.get_by_role("link", name="Teil A: Nachbeschreibung").click()
    page.get_by_role("heading", name="Teil A: Nachbeschreibung").wait_for()
    assert axe_violations(page) == []


def test_officer_reads_the_sent_gutachten_and_sees_no_draft(page, demo):
    login(page, "sachbearbeitung@testierung-nord.example")
    nav(page).get_by_role("link", name="Gutachten").click()
    page.get_by_role("heading", name="Gutachten").wait_for()
    assert "Schuldnerberatung Am Markt" not in page.content()  # a draft: not the officer's to read yet
    assert axe_violations(page) == []
    page.get_by_role("link", name="Lebenshilfe Werkstatt Ost gGmbH").click()
    page.get_by_role("heading", name="Gutachten Lebenshilfe Werkstatt Ost gGmbH").wait_for()
    page.get_by_text("Die Werkstatt beschreibt ihre Schlüsselprozesse schriftlich").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Selbstreport und Randkommentare").click()
    page.get_by_role("heading", name="Selbstreport Lebenshilfe Werkstatt Ost gGmbH").wait_for()
    assert axe_violations(page) == []
