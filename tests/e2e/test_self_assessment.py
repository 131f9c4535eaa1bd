import re

import pytest

from gelingen.quality.models import Assessment

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"


def test_quality_manager_changes_a_status_and_sees_progress_change(page, demo):
    login(page, QM)
    page.get_by_role("link", name="Selbstbewertung").first.click()
    page.wait_for_url(re.compile(r"/cycles/\d+/$"))
    progress = page.locator("#progress .big-number")
    before = progress.inner_text()
    match = re.match(r"(\d+) % .*\((\d+) von (\d+)", before)
    done_before = int(match.group(2))

    row = (
        Assessment.objects.filter(
            cycle__organisation__slug="suchtberatung-nordstadt", status=Assessment.Status.OPEN
        )
        .select_related("requirement")
        .order_by("requirement__area__number", "requirement__position")
        .first()
    )
    page.locator(f"#status-{row.pk}").select_option("done")  # htmx saves on change

    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).innerText !== old", arg=["#progress .big-number", before]
    )
    assert f"({done_before + 1} von" in progress.inner_text()
    assert page.locator(f"#row-{row.pk} .status-badge").first.inner_text() == "erfüllt und dokumentiert"
    row.refresh_from_db()
    assert row.status == "done"
    assert row.changes.filter(field="status", new_value="done").exists()


def test_without_javascript_the_form_still_saves(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    login(page, QM)
    row = (
        Assessment.objects.filter(
            cycle__organisation__slug="suchtberatung-nordstadt", status=Assessment.Status.OPEN
        )
        .select_related("cycle")
        .first()
    )
    page.goto(row.cycle.get_absolute_url())
    page.locator(f"#status-{row.pk}").select_option("practice")
    page.locator(f"#row-{row.pk} button[type=submit]").click()
    page.wait_for_load_state()
    assert "gespeichert" in page.content()
    row.refresh_from_db()
    assert row.status == "practice"
    context.close()


def test_pages_have_no_accessibility_violations(page, demo):
    page.goto("/login/")
    assert axe_violations(page) == [], "login"
    login(page, QM)
    for name in ("Übersicht", "Selbstbewertung", "Katalog", "Mitglieder"):
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert axe_violations(page) == [], name
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Katalog").click()
    page.get_by_role("main").get_by_role("link", name=re.compile("KQS")).first.click()
    page.wait_for_load_state()
    assert axe_violations(page) == [], "catalogue browser"
