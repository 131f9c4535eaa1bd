import re

import pytest

from gelingen.quality.handbook.models import Document

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"
ORG = "suchtberatung-nordstadt"


def open_handbook(page):
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Handbuch").click()
    page.wait_for_url(re.compile(r"/handbook/$"))


def test_handbook_pages_have_no_accessibility_violations(page, demo):
    login(page, QM)
    open_handbook(page)
    assert axe_violations(page) == [], "handbook index"

    page.get_by_role("link", name="HB-04 Rev. 3").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    assert axe_violations(page) == [], "document detail"
    page.get_by_role("link", name="Rev. 1", exact=True).click()
    page.wait_for_url(re.compile(r"/revisions/\d+/$"))
    assert axe_violations(page) == [], "older revision"
    page.go_back()
    page.get_by_role("link", name="Einordnung und Verantwortung ändern").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    assert axe_violations(page) == [], "document edit"
    page.go_back()
    page.get_by_role("link", name="Dokument löschen").click()
    page.wait_for_url(re.compile(r"/delete/$"))
    assert axe_violations(page) == [], "document delete"

    open_handbook(page)
    page.get_by_role("link", name="Dokument anlegen", exact=True).click()
    page.wait_for_url(re.compile(r"/documents/new/"))
    assert axe_violations(page) == [], "document create"

    open_handbook(page)
    page.get_by_role("link", name="Kapitel anlegen", exact=True).click()
    page.wait_for_url(re.compile(r"/chapters/new/"))
    assert axe_violations(page) == [], "chapter create"
    page.get_by_label("Titel").fill("Archiv")
    page.get_by_label("Position").fill("9")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/handbook/$"))
    page.get_by_role("link", name="Kapitel löschen 5", exact=True).click()
    page.wait_for_url(re.compile(r"/chapters/\d+/delete/$"))
    assert axe_violations(page) == [], "chapter delete"
    page.get_by_role("button", name="Kapitel löschen").click()
    page.wait_for_url(re.compile(r"/handbook/$"))
    page.get_by_role("link", name="Kapitel bearbeiten 1", exact=True).click()
    page.wait_for_url(re.compile(r"/chapters/\d+/edit/$"))
    assert axe_violations(page) == [], "chapter edit"


def test_draft_is_approved_and_the_document_id_follows(page, demo):
    login(page, QM)
    open_handbook(page)
    document = Document.objects.get(organisation__slug=ORG, number=5)
    assert document.display_id == "HB-05 Rev. 1"
    page.get_by_role("link", name="HB-05 Rev. 1").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    page.get_by_role("link", name="Entwurf bearbeiten").click()
    page.wait_for_url(re.compile(r"/revisions/\d+/edit/$"))
    assert axe_violations(page) == [], "revision edit"
    page.get_by_label("Was wurde geändert?").fill("Nachbefragung nach 6 Monaten ergänzt")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    page.get_by_role("button", name="HB-05 Rev. 2 freigeben").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("HB-05 Rev. 2")
    assert axe_violations(page) == [], "document after approval"


def test_key_process_pages_have_no_accessibility_violations(page, demo):
    login(page, QM)
    open_handbook(page)
    page.get_by_role("link", name=re.compile("^Schlüsselprozesse")).click()
    page.wait_for_url(re.compile(r"/processes/$"))
    assert "Hinweis:" not in page.content()  # the demo marks one process as shown in full
    assert axe_violations(page) == [], "process list"
    page.get_by_role("link", name="Beratungsprozess").click()
    page.wait_for_url(re.compile(r"/processes/\d+/$"))
    assert axe_violations(page) == [], "process detail"
    page.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    assert axe_violations(page) == [], "process edit"
    page.go_back()
    page.get_by_role("main").get_by_role("link", name="Löschen").click()
    page.wait_for_url(re.compile(r"/delete/$"))
    assert axe_violations(page) == [], "process delete"
    page.goto(f"/o/{ORG}/handbook/processes/")
    page.get_by_role("link", name="Schlüsselprozess anlegen").click()
    page.wait_for_url(re.compile(r"/processes/new/$"))
    assert axe_violations(page) == [], "process create"
