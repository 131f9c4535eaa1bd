import re

import pytest

from gelingen.selfreport.models import Chapter

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"


def test_write_a_chapter_and_run_the_checks(page, demo):
    login(page, QM)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Selbstreport").click()
    page.wait_for_url(re.compile(r"/selfreport/\d+/$"))
    assert axe_violations(page) == [], "overview"

    page.get_by_role("link", name="QB7 Infrastruktur").click()
    page.wait_for_url(re.compile(r"/chapters/qb7/$"))
    assert axe_violations(page) == [], "editor"
    page.get_by_label("a) Erfüllung der Anforderungen").fill(
        "Wir prüfen die Beratungsräume regelmäßig auf Barrierefreiheit und Ausstattung."
    )
    # autosave (htmx) stores the draft while typing
    page.wait_for_selector("#autosave-status:has-text('Entwurf gespeichert')", timeout=15_000)
    chapter = Chapter.objects.get(report__cycle__organisation__slug="suchtberatung-nordstadt", key="qb7")
    assert "Beratungsräume" in chapter.answer_a

    page.get_by_role("link", name="Vorschau").click()
    page.wait_for_selector("#preview h2")
    page.get_by_role("link", name="Zur Übersicht des Selbstreports").click()
    page.get_by_role("link", name="Prüfen").click()
    page.wait_for_url(re.compile(r"/check/$"))
    assert axe_violations(page) == [], "check page"
    finding = page.get_by_role(
        "link", name=re.compile("„regelmäßig“ ohne konkretes Intervall.*Beratungsräume")
    )
    assert finding.count() == 1
    finding.click()
    page.wait_for_url(re.compile(r"/chapters/qb7/#field-answer_a$"))


def test_other_selfreport_pages_are_accessible(page, demo):
    login(page, QM)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Selbstreport").click()
    page.get_by_role("link", name="Abdeckung der Anforderungen").click()
    assert "noch keinem Kapitel zugeordnet" in page.content()
    assert axe_violations(page) == [], "coverage"
    page.go_back()
    page.get_by_role("link", name="Bilder und Organigramm").click()
    assert axe_violations(page) == [], "images"
    page.go_back()
    page.get_by_role("link", name="Einreichen").click()
    assert axe_violations(page) == [], "submit"


def test_retesting_edition_and_submission_page(page, demo):
    login(page, "qm@jugendhilfe-am-fluss.example")
    page.goto("/o/jugendhilfe-am-fluss/selfreport/")
    assert "fortgeschrieben aus Einreichung 1" in page.content()
    page.get_by_role("link", name=re.compile("12a")).click()
    assert axe_violations(page) == [], "12a editor"
    old = page.context.request  # the previous cycle's submission page
    page.goto("/o/jugendhilfe-am-fluss/cycles/")
    page.get_by_role("link", name=re.compile("Ersttestierung")).click()
    page.goto(page.url.replace("/cycles/", "/selfreport/") + "submissions/1/")
    assert "alle Prüfsummen stimmen" in page.content()
    assert axe_violations(page) == [], "submission"
    assert old
