import re

import pytest

from gelingen.quality.ideas.models import Idea

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"
STAFF = "team@suchtberatung-nordstadt.example"


def nav(page, name):
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def sub(page, name):
    page.get_by_role("navigation", name="Ideen und Ziele").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def check(page, label):
    assert axe_violations(page) == [], label


def test_idea_and_goal_pages_are_reachable_and_accessible(page, demo):
    login(page, QM)
    nav(page, "Ideen")
    check(page, "idea list")
    # area names are text, not only a tooltip
    assert page.locator("table.data abbr").count() == 0
    assert page.locator("table.data td", has_text=re.compile(r"QB\d+ \w")).count() >= 1
    page.get_by_role("link", name="Idee einbringen").click()
    page.wait_for_load_state()
    check(page, "idea create")
    nav(page, "Ideen")
    page.get_by_role("link", name="Wartebereich freundlicher gestalten").click()
    page.wait_for_load_state()
    check(page, "idea detail")
    page.get_by_role("button", name="Ablehnen").click()  # without a reason
    page.wait_for_load_state()
    assert "Bitte begründen Sie die Ablehnung." in page.content()
    check(page, "reject with error")
    page.go_back()
    page.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_load_state()
    check(page, "idea edit")

    nav(page, "Ideen")
    sub(page, "Strategische Ziele")
    check(page, "goal list")
    page.get_by_role("link", name="Zielvorschlag anlegen").click()
    page.wait_for_load_state()
    check(page, "goal create")
    nav(page, "Ideen")
    sub(page, "Strategische Ziele")
    page.get_by_role("link", name="Zugang für Menschen in ländlichen Gemeinden").click()
    page.wait_for_load_state()
    check(page, "goal detail")
    page.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_load_state()
    check(page, "goal edit")
    page.go_back()
    page.get_by_role("link", name="Löschen").click()
    page.wait_for_load_state()
    check(page, "goal delete")


def test_staff_adds_an_idea_and_the_manager_plans_it(browser, live_server, page, demo):
    login(page, STAFF)
    nav(page, "Ideen")
    page.get_by_role("link", name="Idee einbringen").click()
    page.get_by_label("Titel").fill("Abendsprechstunde am Donnerstag")
    page.get_by_label("Beschreibung").fill("Bis 19 Uhr, damit Berufstätige kommen können.")
    page.get_by_label("Quelle").select_option(label="Kundenrückmeldung")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "ist im Ideenspeicher" in page.locator(".messages").inner_text()
    assert page.get_by_role("button", name="Als Maßnahme planen").count() == 0  # staff cannot decide
    idea = Idea.objects.get(title="Abendsprechstunde am Donnerstag")

    manager = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    login(manager, QM)
    manager.goto(f"/o/suchtberatung-nordstadt/ideas/{idea.pk}/")
    manager.get_by_role("button", name="Als Maßnahme planen").click()
    manager.wait_for_url(re.compile(r"/measures/\d+/edit/$"))
    assert manager.get_by_label("Titel").input_value() == "Abendsprechstunde am Donnerstag"
    idea.refresh_from_db()
    assert idea.status == "planned" and idea.measure is not None
    manager.context.close()
