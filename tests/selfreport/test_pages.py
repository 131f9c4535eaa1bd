"""The page count is read from the last layout of the same content; the check never lays out."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gelingen.catalogue.models import Requirement
from gelingen.jobs import runner
from gelingen.selfreport import export_pdf, lint, pages
from gelingen.selfreport.document import build
from gelingen.selfreport.models import PageLayout
from tests.selfreport.conftest import add_evidence

pytestmark = pytest.mark.django_db


def check_url(report):
    return reverse("selfreport:check", args=[report.cycle.organisation.slug, report.cycle_id])


@pytest.fixture
def no_layout(monkeypatch):
    """Laying out on the request would call this; the check must not."""

    def refuse(document):
        raise AssertionError("laid out on the request")

    monkeypatch.setattr(export_pdf, "layout", refuse)


def test_count_is_current_until_the_content_changes(complete_report):
    assert pages.page_count_for(complete_report) == (None, False)
    count = pages.layout_and_store(complete_report)
    assert count >= 5 and pages.page_count_for(complete_report) == (count, True)
    qb3 = complete_report.chapters.get(key="qb3")
    qb3.answer_c = "Neu bewertet im Oktober."
    qb3.save()
    assert pages.page_count_for(complete_report) == (count, False)  # the last known value
    qb3.answer_c = "Wir bewerten die Ergebnisse jährlich und behalten das Verfahren bei."
    qb3.save()
    assert pages.page_count_for(complete_report) == (count, True)  # same content as laid out


def test_the_cover_date_and_submission_number_do_not_change_the_hash(complete_report):
    document = build(complete_report)
    other = build(complete_report, submission_number=3)
    other.date = date(2031, 5, 17)
    assert pages.content_sha256(document) == pages.content_sha256(other)


def test_old_layouts_are_trimmed(complete_report):
    document = build(complete_report)
    for n in range(pages.KEEP + 5):
        document.parts[0].title = f"Teil {n}"  # another content each time
        pages.store(complete_report, document, n)
    assert PageLayout.objects.filter(report=complete_report).count() == pages.KEEP
    assert pages.state(complete_report, document).count == pages.KEEP + 4


def test_draft_pdf_export_stores_its_page_count(client_qm, complete_report):
    response = client_qm.get(
        reverse(
            "selfreport:export",
            args=[complete_report.cycle.organisation.slug, complete_report.cycle_id, "pdf"],
        )
    )
    assert response.status_code == 302  # never laid out: a background job
    runner.run_next()
    count, current = pages.page_count_for(complete_report)
    layout = PageLayout.objects.get()
    assert current and count == layout.page_count >= 5
    assert layout.anchor_pages["part-1"] >= 2  # the heading pages for the Word file


def test_check_page_shows_the_last_count_without_laying_out(client_qm, complete_report, no_layout):
    text = client_qm.get(check_url(complete_report)).content.decode()
    assert "Seitenzahl: noch nicht bekannt, wird neu berechnet." in text
    layout = pages.store(complete_report, build(complete_report), 64)
    text = client_qm.get(check_url(complete_report)).content.decode()
    assert "Seitenzahl: 64 Seiten (vorgesehen 60 bis 90), gesetzt am" in text
    qb5 = complete_report.chapters.get(key="qb5")
    qb5.answer_a = "Geändert."
    qb5.save()
    text = client_qm.get(check_url(complete_report)).content.decode()
    stamp = lint.laid_out_label(pages.PageState(64, False, layout.laid_out_at))
    assert f"Seitenzahl: 64 Seiten (vorgesehen 60 bis 90), Stand {stamp}; wird neu berechnet." in text


def test_check_page_queries_do_not_grow_with_evidence(client_qm, complete_report, org_a, qm_a, no_layout):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_qm.get(check_url(complete_report)).status_code == 200
        return len(captured)

    queries()  # the first request of a session loads a little more
    first = queries()
    for n in range(30):
        add_evidence(org_a, qm_a, 4, f"Protokoll {n}", Requirement.objects.filter(code__startswith="QB4."))
    assert queries() == first <= 40


def test_check_page_lists_a_bounded_number_of_findings(client_qm, complete_report, monkeypatch, no_layout):
    def many(ctx):
        return [lint.Finding(lint.WARNING, "vague", f"Befund {n}") for n in range(450)]

    monkeypatch.setattr(lint, "RULES", [*lint.RULES, many])
    response = client_qm.get(check_url(complete_report))
    text = response.content.decode()
    assert "451 Hinweise" in text  # 450 and the unknown page count (listed first)
    assert text.count("Befund ") == 99 and "… und 351 weitere Hinweise." in text
    assert len(response.content) < 100_000
