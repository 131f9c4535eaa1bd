import re

import pytest

from gelingen.quality.evidence.models import Evidence
from gelingen.quality.models import Assessment

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"
ORG = "suchtberatung-nordstadt"


def nav(page, name):
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def test_adding_evidence_to_a_flagged_requirement_removes_the_flag(page, demo):
    login(page, QM)
    nav(page, "Selbstbewertung")
    page.wait_for_url(re.compile(r"/cycles/\d+/$"))
    linked = Evidence.requirements.through.objects.filter(evidence__organisation__slug=ORG)
    row = (
        Assessment.objects.filter(cycle__organisation__slug=ORG)
        .exclude(requirement_id__in=linked.values("requirement_id"))
        .select_related("requirement")
        .order_by("requirement__area__number", "requirement__position")
        .first()
    )
    code = row.requirement.code
    row_box = page.locator(f"#row-{row.pk}")
    assert "Kein Nachweis" in row_box.inner_text()

    row_box.get_by_role("link", name=f"Nachweis hinzufügen zu {code}").click()
    page.wait_for_url(re.compile(r"/evidence/new/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Nachweis anlegen"
    assert axe_violations(page) == [], "evidence form"
    page.locator("#id_title").fill("Protokoll der Klausurtagung")
    page.locator("#id_kind").select_option(label="Protokoll")
    page.locator("#id_location").fill("Ordner QM, Register 5")
    checkbox = page.locator(f'input[name="requirements"][value="{row.requirement_id}"]')
    assert checkbox.is_checked()  # preselected from the self-assessment
    page.get_by_role("button", name="Speichern").click()

    page.wait_for_url(re.compile(r"/cycles/\d+/"))
    evidence = Evidence.objects.get(organisation__slug=ORG, title="Protokoll der Klausurtagung")
    row_box = page.locator(f"#row-{row.pk}")
    text = row_box.inner_text()
    assert "Kein Nachweis" not in text
    assert f"{evidence.identifier} Protokoll der Klausurtagung" in text
    assert page.evaluate("location.hash") == f"#row-{row.pk}"
    assert axe_violations(page) == [], "self-assessment with evidence"


def test_evidence_pages_have_no_accessibility_violations(page, demo):
    login(page, QM)
    nav(page, "Nachweise")
    page.wait_for_url(re.compile(r"/evidence/$"))
    assert axe_violations(page) == [], "evidence list"

    page.get_by_label("Bereich").select_option("3")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_load_state()
    assert axe_violations(page) == [], "evidence list filtered"

    page.get_by_role("link", name="QB3-01").click()
    page.wait_for_url(re.compile(r"/evidence/\d+/$"))
    assert axe_violations(page) == [], "evidence detail"
    page.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    assert axe_violations(page) == [], "evidence edit"
    page.go_back()
    page.get_by_role("main").get_by_role("link", name="Löschen").click()
    page.wait_for_url(re.compile(r"/delete/$"))
    assert axe_violations(page) == [], "evidence delete"

    nav(page, "Nachweise")
    page.get_by_role("link", name=re.compile("^Nachweise zu den Anforderungen des Zyklus")).first.click()
    page.wait_for_url(re.compile(r"/evidence/cycle/\d+/$"))
    assert axe_violations(page) == [], "evidence per cycle"
    with page.expect_download() as download:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    assert download.value.suggested_filename.endswith(".pdf")

    nav(page, "Nachweise")
    page.get_by_role("link", name="Nachweis anlegen").click()
    page.wait_for_url(re.compile(r"/evidence/new/$"))
    page.get_by_role("button", name="Speichern").click()  # empty: errors are shown accessibly
    page.wait_for_load_state()
    assert "Bitte laden Sie eine Datei hoch oder geben Sie den Ablageort an" in page.content()
    assert axe_violations(page) == [], "evidence form with errors"
