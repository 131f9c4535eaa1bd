import re

import pytest

from gelingen.quality.leitbild.current import current_version
from gelingen.quality.leitbild.models import LeitbildVersion

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"


def nav(page, name):
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def check(page, label):
    assert axe_violations(page) == [], label


def test_every_leitbild_page_is_reachable_and_accessible(page, demo):
    login(page, QM)
    nav(page, "Leitbild")
    assert "Geltende Fassung" in page.content()
    check(page, "overview")

    page.get_by_role("link", name="Entwurf bearbeiten").click()
    page.wait_for_url(re.compile(r"/leitbild/draft/$"))
    check(page, "draft")
    page.get_by_label("Werte").fill("Wir arbeiten vertraulich und auf Augenhöhe.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_load_state()
    assert "Der Entwurf wurde gespeichert." in page.content()

    page.get_by_role("main").get_by_role("link", name="Mit geltender Fassung vergleichen").click()
    page.wait_for_url(re.compile(r"/leitbild/compare/"))
    assert page.locator("ins").count() > 0 and page.locator("del").count() > 0
    check(page, "diff")

    page.get_by_role("link", name="Alle Versionen").click()
    page.wait_for_url(re.compile(r"/leitbild/versions/$"))
    check(page, "history")
    page.get_by_role("link", name="Version 1", exact=True).click()
    page.wait_for_url(re.compile(r"/leitbild/versions/\d+/$"))
    check(page, "version detail")
    page.get_by_role("link", name="Verbreitung bearbeiten").click()
    page.wait_for_url(re.compile(r"/communication/$"))
    check(page, "communication")

    nav(page, "Leitbild")
    page.get_by_role("link", name="Zuständigkeit und Termin festlegen").click()
    page.wait_for_url(re.compile(r"/leitbild/revision/$"))
    check(page, "revision")

    nav(page, "Leitbild")
    page.get_by_role("main").get_by_role("link", name="Beteiligung", exact=True).click()
    page.wait_for_url(re.compile(r"/leitbild/participation/$"))
    check(page, "participation list")
    page.get_by_role("link", name="Beteiligung eintragen").click()
    check(page, "participation form")
    page.get_by_label("Beteiligte").fill("Verwaltung, Hausmeister")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/leitbild/participation/$"))
    assert "Verwaltung, Hausmeister" in page.content()
    page.get_by_role("link", name=re.compile("^Bearbeiten")).first.click()
    check(page, "participation edit")
    page.go_back()
    page.get_by_role("link", name=re.compile("^Löschen")).first.click()
    check(page, "participation delete")

    nav(page, "Leitbild")
    page.get_by_role("main").get_by_role("link", name="Veröffentlichen").click()
    page.wait_for_url(re.compile(r"/leitbild/draft/publish/$"))
    check(page, "publish")
    page.get_by_label("Was hat sich geändert?").fill("Ziele, Werte und DgD nach dem Teamtag überarbeitet")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(re.compile(r"/communication/$"))
    org = LeitbildVersion.objects.filter(organisation__slug="suchtberatung-nordstadt").first().organisation
    assert current_version(org).number == 2

    nav(page, "Leitbild")
    assert "Entwurf aus der geltenden Fassung anlegen" in page.content()
    page.get_by_role("button", name="Entwurf aus der geltenden Fassung anlegen").click()
    page.wait_for_url(re.compile(r"/leitbild/draft/$"))
    page.get_by_role("link", name="Entwurf verwerfen").click()
    check(page, "discard")
    page.get_by_role("button", name="Entwurf endgültig verwerfen").click()
    page.wait_for_url(re.compile(r"/leitbild/$"))
    page.get_by_role("main").get_by_role("link", name="Versionen", exact=True).click()
    page.wait_for_url(re.compile(r"/leitbild/versions/$"))
    assert "Entwurf" not in page.locator("table").inner_text()


def test_draft_page_without_draft_is_accessible(page, demo):
    LeitbildVersion.objects.filter(published_at__isnull=True).delete()
    login(page, QM)
    page.goto("/o/suchtberatung-nordstadt/leitbild/draft/")
    assert "Zurzeit gibt es keinen Entwurf." in page.content()
    check(page, "draft start")
