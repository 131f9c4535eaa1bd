import re

import pytest
from django.db.models import F

from gelingen.quality.measures.models import Measure, Task

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"


def nav(page, name):
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def sub(page, name):
    page.get_by_role("navigation", name="Maßnahmen und Gremien").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def check(page, label):
    assert axe_violations(page) == [], label


def test_measure_pages_are_reachable_and_accessible(page, demo):
    login(page, QM)
    nav(page, "Maßnahmen")
    assert page.get_by_role("heading", level=1).inner_text() == "Maßnahmen und Projekte"
    assert page.locator(".status-badge", has_text="Begründung prüfen").count() >= 3
    check(page, "measure list")

    page.get_by_role("link", name="Offene Sprechstunde für Erstkontakte").click()
    page.wait_for_load_state()
    check(page, "measure detail")
    page.get_by_role("link", name="bearbeiten Zählbogen für Erstkontakte entwerfen").click()
    page.wait_for_load_state()
    check(page, "task edit")
    page.go_back()
    page.get_by_role("link", name=re.compile("^bearbeiten Konzept im Team")).click()
    page.wait_for_load_state()
    check(page, "milestone edit")
    page.go_back()
    page.get_by_role("link", name="Bearbeiten", exact=True).click()
    page.wait_for_load_state()
    page.locator("summary", has_text="QB4 Sozialer Dienstleistungsprozess").click()  # open a collapsed area
    check(page, "measure edit")
    page.go_back()
    page.get_by_role("link", name="Löschen", exact=True).click()
    page.wait_for_load_state()
    check(page, "measure delete")

    nav(page, "Maßnahmen")
    page.get_by_role("link", name="Maßnahme anlegen").click()
    page.wait_for_load_state()
    check(page, "measure create")

    nav(page, "Maßnahmen")
    sub(page, "Gremien")
    check(page, "group list")
    assert page.locator("table.data abbr").count() == 0
    assert page.locator("table.data td", has_text=re.compile(r"QB\d+ \w")).count() >= 1
    page.get_by_role("link", name="Gremium anlegen").click()
    page.wait_for_load_state()
    check(page, "group create")
    nav(page, "Maßnahmen")
    sub(page, "Gremien")
    page.get_by_role("link", name="Steuerungsgruppe Qualität").click()
    page.wait_for_load_state()
    check(page, "group detail")
    page.get_by_role("link", name="Gremium bearbeiten").click()
    page.wait_for_load_state()
    check(page, "group edit")
    page.go_back()
    page.get_by_role("link", name="Sitzung protokollieren").click()
    page.wait_for_load_state()
    check(page, "meeting create")
    page.go_back()
    page.get_by_role("table", name="Sitzungen").get_by_role("link").first.click()
    page.wait_for_load_state()
    check(page, "meeting detail")
    page.get_by_role("link", name="Sitzung bearbeiten").click()
    page.wait_for_load_state()
    check(page, "meeting edit")

    nav(page, "Maßnahmen")
    sub(page, "Kapazität")
    assert page.get_by_text("Über 60 % verplant:").is_visible()
    check(page, "capacity")
    page.get_by_role("link", name="Verfügbare Stunden festlegen").click()
    page.wait_for_load_state()
    check(page, "capacity settings")


def test_weak_justification_is_flagged_and_a_task_added(page, demo):
    login(page, QM)
    nav(page, "Maßnahmen")
    page.get_by_role("link", name="Maßnahme anlegen").click()
    page.get_by_label("Titel").fill("Wartebereich neu gestalten")
    page.get_by_label("Ziel:", exact=True).fill("Ein Wartebereich, in dem man sich willkommen fühlt.")
    page.get_by_label("Begründung").fill("Die Maßnahme entspricht unserem Leitbild.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "verweist nur auf das Leitbild" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Wartebereich neu gestalten"
    measure = Measure.objects.get(title="Wartebereich neu gestalten")
    assert measure.justification_level == "reference"

    form = page.get_by_role("form", name="Aufgabe hinzufügen")
    form.get_by_label("Aufgabe").fill("Angebote für Stühle einholen")
    form.get_by_label("Verantwortlich").select_option(label="Lea Hoffmann")
    form.get_by_label("Geplante Stunden").fill("3")
    form.get_by_role("button", name="Aufgabe hinzufügen").click()
    page.wait_for_load_state()
    # Lea is already planned above 60 % this month: the form warns, the task is saved
    assert "Lea Hoffmann ist im" in page.locator(".messages").inner_text()
    task = Task.objects.get(title="Angebote für Stühle einholen")
    check(page, "measure with messages")
    # the status select saves through htmx: the row comes back with "gespeichert"
    page.locator(f"#task-status-{task.pk}").select_option("done")
    page.locator(f"#task-{task.pk}").get_by_role("button", name=re.compile("ändern")).click()
    page.locator(f"#task-{task.pk} .saved").wait_for()
    task.refresh_from_db()
    assert task.status == "done"
    # someone else changes the task meanwhile: the row says so and shows the stored status
    Task.objects.filter(pk=task.pk).update(status="in_progress", lock_version=F("lock_version") + 1)
    page.locator(f"#task-status-{task.pk}").select_option("open")
    page.locator(f"#task-{task.pk}").get_by_role("button", name=re.compile("ändern")).click()
    alert = page.locator(f"#task-{task.pk} [role=alert]")
    alert.wait_for()
    assert "Jemand anderes hat diese Aufgabe geändert" in alert.inner_text()
    assert page.locator(f"#task-status-{task.pk}").input_value() == "in_progress"
    assert Task.objects.get(pk=task.pk).status == "in_progress"
    check(page, "task row after a conflict")

    # deleting a task asks first, without JavaScript
    page.locator(f"#task-{task.pk}").get_by_role("link", name=re.compile("^löschen")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Aufgabe löschen"
    check(page, "task delete")
    page.get_by_role("link", name="Abbrechen").click()
    page.wait_for_load_state()
    assert Task.objects.filter(pk=task.pk).exists()
    page.locator(f"#task-{task.pk}").get_by_role("link", name=re.compile("^löschen")).click()
    page.get_by_role("button", name="Endgültig löschen").click()
    page.wait_for_load_state()
    assert "gelöscht" in page.locator(".messages").inner_text()
    assert not Task.objects.filter(pk=task.pk).exists()
