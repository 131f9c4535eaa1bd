"""The visit in the browser: the first reviewer reports the agreed date and records a finding per
Auflage; the officer's record, the workshops and the lists; every page without axe-core violations and
within 390 px."""

import pytest
from django.utils import timezone

from gelingen.accounts.models import User
from gelingen.selfreport.models import Submission
from gelingen.testing.gutachten.models import Gutachten
from gelingen.testing.models import Procedure
from gelingen.testing.transitions import advance
from gelingen.testing.visits import auflagen
from gelingen.testing.visits.models import Visit, Workshop

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def nav(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def check(page, name: str) -> None:
    """No axe-core violation, and nothing wider than the viewport at 1366 and 390 px."""
    assert axe_violations(page) == []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=f"var/e2e-visits-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def auflagen_source():
    def source(procedure):
        return [
            ("qb4", "QB 4 Kommunikation", "4.1 Informationswege", "Übersicht der Informationswege vorlegen"),
            ("qb8", "QB 8 Personal", "8.2 Einarbeitung", "Einarbeitungskonzept zeigen"),
        ]

    auflagen.register_source(source)
    yield source
    auflagen._sources.remove(source)


def test_reviewer_reports_the_visit_and_records_a_finding(page, demo, auflagen_source):
    procedure = Procedure.objects.get(organisation__slug="schuldnerberatung-am-markt")
    officer = User.objects.get(email="sachbearbeitung@testierung-nord.example")
    # the demo reviewer's Gutachten passed its second check (testing_gutachten): it may be sent
    Gutachten.objects.filter(procedure=procedure).update(
        status=Gutachten.Status.APPROVED, approved_at=timezone.now()
    )
    advance(procedure, Procedure.Status.GUTACHTEN, by=officer, outcome=Procedure.Outcome.AUFLAGEN)
    today = timezone.localdate()

    login(page, "gutachterin@testierung-nord.example")
    nav(page).get_by_role("link", name="Gutachter*innen").click()
    page.get_by_role("link", name="Schuldnerberatung Am Markt", exact=True).click()
    page.get_by_role("heading", name="Visitation", exact=True).wait_for()
    check(page, "reviewer-record")
    page.get_by_role("link", name="Visitation bearbeiten").click()
    page.get_by_role("heading", name="Vereinbarten Termin melden").wait_for()
    check(page, "report")
    page.get_by_role("button", name="Termin melden").click()  # nothing filled in: German errors
    page.get_by_text("Bitte prüfen Sie die markierten Felder.").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Termin der Visitation").fill(today.isoformat())
    page.get_by_label("Ort").fill("Beratungsstelle Am Markt 5, Bremen")
    page.get_by_label("Teilnehmende").fill("R. Krause, Leitung\nS. Yilmaz, Qualitätsbeauftragte")
    page.get_by_role("button", name="Termin melden").click()
    page.get_by_text("Der Termin der Visitation ist gemeldet").wait_for()
    check(page, "findings")
    assert Visit.objects.get(procedure=procedure).on == today

    first = page.get_by_role("group", name="QB 4 Kommunikation: 4.1 Informationswege")
    first.get_by_label("Gesehene Nachweise").fill("Informationsplan und Protokolle der Teamsitzungen")
    first.get_by_label("erfüllt", exact=True).check()
    page.get_by_role("button", name="Befunde speichern").click()
    page.get_by_text("Die Befunde zu den Auflagen sind gespeichert.").wait_for()
    assert axe_violations(page) == []
    finding = Visit.objects.get(procedure=procedure).findings.get(key="qb4")
    assert finding.met is True and "Informationsplan" in finding.evidence

    page.context.clear_cookies()
    login(page, "sachbearbeitung@testierung-nord.example")
    page.goto(f"/o/testierungsstelle-nord/testing/{procedure.pk}/")
    page.get_by_role("heading", name="Visitation", exact=True).wait_for()
    check(page, "officer-record")
    nav(page).get_by_role("link", name="Visitationen und Workshops").click()
    page.get_by_role("heading", name="Visitationen und Workshops").wait_for()
    check(page, "officer-index")
    page.get_by_role("link", name="Lebenshilfe Werkstatt Ost gGmbH").click()
    page.get_by_role("heading", name="Protokoll und Empfehlung").wait_for()
    check(page, "officer-visit")


def test_workshop_pages(page, demo):
    login(page, "qm@jugendhilfe-am-fluss.example")
    nav(page).get_by_role("link", name="Visitationen und Workshops").click()
    page.get_by_role("link", name="Jugendhilfe Am Fluss gGmbH").click()
    page.get_by_role("heading", name="Planung ändern").wait_for()
    check(page, "follow-up")
    page.get_by_label("Datum des Workshops").fill("")
    page.get_by_role("button", name="Workshop planen").click()
    page.get_by_text("Bitte prüfen Sie die markierten Felder.").wait_for()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login(page, "qm@suchtberatung-nordstadt.example")
    intro = Workshop.objects.get(cycle__organisation__slug="suchtberatung-nordstadt")
    page.goto(f"/o/suchtberatung-nordstadt/visits/workshops/{intro.cycle_id}/")
    page.get_by_role("heading", name="Einführungsworkshop Suchtberatung Nordstadt e.V.").wait_for()
    check(page, "intro")


def test_decision_letter_and_resubmission_diff(page, demo):
    from datetime import timedelta

    from tests.testing_visits.factories import submission_with
    from tests.testing_visits.test_resubmission import NEW, OLD

    procedure = Procedure.objects.get(organisation__slug="lebenshilfe-werkstatt-ost")
    officer = User.objects.get(email="sachbearbeitung@testierung-nord.example")
    Visit.objects.get(procedure=procedure).findings.filter(key="demo-qb7").update(met=False)
    login(page, "sachbearbeitung@testierung-nord.example")
    page.goto(f"/o/testierungsstelle-nord/testing/{procedure.pk}/")
    page.get_by_text("Entscheidung: Auflagen nicht erfüllt").first.click()
    page.get_by_role("button", name="Entscheidung: Auflagen nicht erfüllt").click()
    page.get_by_text("Gespeichert: Entscheidung: Auflagen nicht erfüllt").wait_for()
    page.get_by_role("button", name="Entscheidungsschreiben ausstellen").click()
    page.get_by_text("Das Entscheidungsschreiben vom").wait_for()
    check(page, "letter-record")

    today = timezone.localdate()
    # the demo Gutachten stands on a frozen submission already: the revision follows the newest one
    latest = Submission.objects.filter(report__cycle=procedure.cycle).order_by("-number").first()
    n = latest.number if latest else 0
    first = submission_with(
        procedure.cycle, officer, n + 1, OLD, today - timedelta(days=200), previous=latest
    )
    submission_with(procedure.cycle, officer, n + 2, NEW, today, previous=first)
    page.reload()
    page.get_by_role("link", name="Änderungen ansehen").click()
    page.get_by_role("heading", name="Umfang der Prüfung").wait_for()
    check(page, "diff")
