"""Recurring activities, the Fällig list and the calendar feed in a real browser, with axe-core checks."""

import re

import pytest

from gelingen.quality.activities.models import Activity

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"


def nav(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def main(page):
    return page.get_by_role("main")


def test_quality_manager_works_with_recurring_activities(page, demo):
    login(page, QM)
    box = page.locator("#due-box-heading")
    assert box.inner_text() == "Fällig in den nächsten 14 Tagen"
    assert "Klientenbefragung auswerten" in page.locator("section", has=box).inner_text()

    nav(page).get_by_role("link", name="Tätigkeiten").click()
    page.wait_for_url(re.compile(r"/activities/$"))
    assert "überfällig" in main(page).inner_text()
    assert axe_violations(page) == [], "activity list"

    main(page).get_by_role("link", name="Klientenbefragung auswerten").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    assert axe_violations(page) == [], "activity detail"
    activity = Activity.objects.get(
        organisation__slug="suchtberatung-nordstadt", title="Klientenbefragung auswerten"
    )
    before = activity.next_due

    # record an occurrence with a vague conclusion first: refused with a clear hint
    page.get_by_label("Ergebnis").fill("52 Fragebögen ausgewertet; die Erreichbarkeit wird gelobt.")
    page.get_by_label("Schlussfolgerungen").fill("Wir fragen künftig mehr.")
    page.get_by_role("button", name="Durchführung speichern").click()
    page.wait_for_load_state()
    assert "„künftig“ ohne konkretes Intervall oder Datum" in main(page).inner_text()
    assert axe_violations(page) == [], "occurrence form with error"
    page.get_by_label("Schlussfolgerungen").fill(
        "Die Befragung bleibt; ab April mit einer Frage zu Wartezeiten."
    )
    page.get_by_role("button", name="Durchführung speichern").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    assert "Nächste Fälligkeit:" in page.locator(".messages").inner_text()
    activity.refresh_from_db()
    assert activity.next_due > before

    main(page).get_by_role("link", name=re.compile(r"^Bearbeiten \d")).first.click()
    page.wait_for_url(re.compile(r"/done/\d+/edit/$"))
    assert axe_violations(page) == [], "occurrence edit"

    # the occurrence was recorded by mistake: deleting it restores the due date
    main(page).get_by_role("link", name="Diese Durchführung löschen").click()
    page.wait_for_url(re.compile(r"/done/\d+/delete/$"))
    assert "zurückgesetzt" in main(page).inner_text()
    assert axe_violations(page) == [], "occurrence delete confirmation"
    page.get_by_role("button", name="Endgültig löschen").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    assert "wurde gelöscht" in page.locator(".messages").inner_text()
    activity.refresh_from_db()
    assert activity.next_due == before

    main(page).get_by_role("link", name="Bearbeiten", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/$"))
    page.get_by_label("Rhythmus näher beschrieben").fill("regelmäßig")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "„regelmäßig“ ohne konkretes Intervall oder Datum" in main(page).inner_text()
    assert axe_violations(page) == [], "activity edit with error"

    # delete one standard activity, then bring it back from the templates
    nav(page).get_by_role("link", name="Tätigkeiten").click()
    main(page).get_by_role("link", name="Kennzahlenbericht erstellen").click()
    main(page).get_by_role("link", name="Löschen").click()
    page.wait_for_url(re.compile(r"/delete/$"))
    assert axe_violations(page) == [], "delete confirmation"
    page.get_by_role("button", name="Endgültig löschen").click()
    page.wait_for_url(re.compile(r"/activities/$"))
    main(page).get_by_role("link", name=re.compile("Vorlagen")).click()
    page.wait_for_url(re.compile(r"/standard/$"))
    assert axe_violations(page) == [], "standard activities"
    page.get_by_role("button", name="Ausgewählte anlegen").click()
    page.wait_for_url(re.compile(r"/activities/$"))
    assert "1 Tätigkeiten wurden angelegt." in page.locator(".messages").inner_text()

    main(page).get_by_role("link", name="Tätigkeit anlegen").click()
    page.wait_for_url(re.compile(r"/new/$"))
    assert axe_violations(page) == [], "new activity"


def test_due_list_and_calendar_feed(page, demo, settings, live_server):
    settings.SITE_URL = live_server.url  # the feed address is built from SITE_URL, as in e-mails
    login(page, QM)
    nav(page).get_by_role("link", name="Fällig").click()
    page.wait_for_url(re.compile(r"/activities/due/$"))
    text = main(page).inner_text()
    assert "Überfällig" in text and "Diese Woche" in text and "Begehung der Beratungsstelle" in text
    assert axe_violations(page) == [], "due list"

    page.get_by_label("nur meine").check()
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(re.compile(r"mine=on"))
    assert "Begehung der Beratungsstelle" not in main(page).inner_text()  # owned by a colleague
    assert "Klientenbefragung auswerten" in main(page).inner_text()

    page.get_by_role("button", name="Kalender-Adresse erzeugen").click()
    page.wait_for_url(re.compile(r"/activities/due/$"))
    address = page.get_by_label(re.compile("Ihre Kalender-Adresse")).input_value()
    assert re.search(r"/calendar/[A-Za-z0-9_-]+\.ics$", address)
    assert axe_violations(page) == [], "due list with feed address"

    response = page.request.get(address)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "Klientenbefragung auswerten" in body

    page.reload()
    assert address not in page.content()
    page.get_by_role("button", name="Adresse neu erzeugen").click()
    page.wait_for_url(re.compile(r"/activities/due/$"))
    assert page.request.get(address).status == 404
