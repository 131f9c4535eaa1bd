"""Re-testing: the goals agreed at the last Testat become the requirements of chapter 12a, which reports on
exactly these goals (achieved / missed with justification / changed with the new wording)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from gelingen.selfreport import export_docx, sources
from gelingen.selfreport.document import build, to_document_html
from gelingen.selfreport.models import GoalReport
from gelingen.selfreport.setup import create_report, sync_goal_reports
from gelingen.selfreport.submission import content_of
from gelingen.testing.testat import goals
from gelingen.testing.testat.models import Goal
from tests.conftest import make_cycle

from .conftest import add_goal
from .test_testat import make_testat

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(held, officer, leitung_a):
    """org_a's first testing ended with two agreed goals and a Testat."""
    add_goal(held, title="Wirkungsorientiert arbeiten", status=Goal.Status.APPROVED)
    add_goal(held, title="Beteiligung stärken", status=Goal.Status.APPROVED)
    goals.issue_version(held, officer)
    goals.sign(held, officer)
    goals.sign(held, leitung_a)
    held.refresh_from_db()
    make_testat(held)
    return held


@pytest.fixture
def retest_cycle(org_a, kqs):
    return make_cycle(
        org_a,
        kqs,
        title="Retestierung",
        kind="retest",
        start_date=date(2029, 1, 1),
        target_date=date(2030, 1, 1),
    )


def qb12a_of(report):
    return report.chapters.get(key="qb12a")


def test_agreed_goals_are_the_requirements_of_the_retest_cycle(agreed, retest_cycle, cycle_a):
    found = sources.agreed_goals(retest_cycle)
    assert [g.title for g in found] == ["Wirkungsorientiert arbeiten", "Beteiligung stärken"]
    assert found[0].indicators == ["Jedes Team hat drei Wirkungsziele", "Jährliche Auswertung liegt vor"]
    assert sources.agreed_goals(cycle_a) is None  # a first testing has none


def test_unsigned_goals_bind_nothing(held, retest_cycle):
    add_goal(held, status=Goal.Status.APPROVED)
    make_testat(held)
    assert sources.agreed_goals(retest_cycle) is None


def test_12a_reports_on_exactly_the_agreed_goals(agreed, retest_cycle, qm_a):
    report = create_report(retest_cycle, qm_a)
    chapter = qb12a_of(report)
    rows = list(chapter.goal_reports.all())
    assert [r.goal for r in rows] == ["Wirkungsorientiert arbeiten", "Beteiligung stärken"]
    assert all(r.agreed_key and r.outcome == GoalReport.Outcome.OPEN for r in rows)
    # an earlier proposal that found its way in is dropped; a written report on an agreed goal stays
    GoalReport.objects.create(chapter=chapter, goal="Alter Vorschlag aus QB12", position=9)
    rows[0].outcome, rows[0].text = GoalReport.Outcome.ACHIEVED, "Alle Teams arbeiten so."
    rows[0].save()
    assert sync_goal_reports(chapter)
    rows = list(chapter.goal_reports.all())
    assert [r.goal for r in rows] == ["Wirkungsorientiert arbeiten", "Beteiligung stärken"]
    assert rows[0].outcome == GoalReport.Outcome.ACHIEVED


def test_12a_page_offers_no_free_goals(client, agreed, retest_cycle, qm_a, org_a):
    report = create_report(retest_cycle, qm_a)
    chapter = qb12a_of(report)
    client.force_login(qm_a)
    response = client.get(chapter.get_absolute_url())
    assert "Zielvereinbarung zum letzten Testat" in response.text and "Ziel hinzufügen" not in response.text
    add = reverse("selfreport:goal_add", args=[org_a.slug, retest_cycle.pk, "qb12a"])
    client.post(add, {"goal": "Noch eins", "outcome": "achieved", "text": "x"})
    assert chapter.goal_reports.count() == 2


def _edit(client, org, cycle, row, **data):
    url = reverse("selfreport:goal_edit", args=[org.slug, cycle.pk, row.pk])
    form = client.get(url).context["form"]
    payload = {"goal": "manipuliert", "text": "", "changed_goal": "", **data}
    payload["loaded_state"] = form["loaded_state"].value()  # the fingerprint the form was loaded with
    return client.post(url, payload)


def test_missed_and_changed_need_a_justification(client, agreed, retest_cycle, qm_a, org_a):
    report = create_report(retest_cycle, qm_a)
    first, second = qb12a_of(report).goal_reports.all()
    client.force_login(qm_a)
    missed = _edit(client, org_a, retest_cycle, first, outcome="missed")
    assert missed.status_code == 200 and "muss begründet werden" in missed.text
    changed = _edit(client, org_a, retest_cycle, first, outcome="changed", text="Neue Lage")
    assert "neuen Fassung an" in changed.text
    first.refresh_from_db()
    assert first.outcome == GoalReport.Outcome.OPEN
    ok = _edit(
        client,
        org_a,
        retest_cycle,
        first,
        outcome="changed",
        text="Neue Lage",
        changed_goal="Wirkung in drei Teams",
    )
    assert ok.status_code == 302
    first.refresh_from_db()
    assert first.goal == "Wirkungsorientiert arbeiten"  # the agreed goal itself cannot be edited
    assert (first.outcome, first.changed_goal) == (GoalReport.Outcome.CHANGED, "Wirkung in drei Teams")
    assert _edit(client, org_a, retest_cycle, second, outcome="achieved", text="Erreicht").status_code == 302

    document = build(report)
    html = to_document_html(document)
    assert "Wirkung in drei Teams" in html and "Jährliche Auswertung liegt vor" in html
    docx = Document(io.BytesIO(export_docx.render(html, document.toc(), {})))
    cells = " ".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
    assert "Wirkung in drei Teams" in cells and "Jährliche Auswertung liegt vor" in cells
    content = content_of(report, document)
    chapter = next(c for c in content["chapters"] if c["key"] == "qb12a")
    assert chapter["goal_reports"][0] == {
        "goal": "Wirkungsorientiert arbeiten",
        "indicators": ["Jedes Team hat drei Wirkungsziele", "Jährliche Auswertung liegt vor"],
        "outcome": "changed",
        "text": "Neue Lage",
        "changed_goal": "Wirkung in drei Teams",
    }


def test_start_page_shows_the_testat_and_the_agreed_goals(
    client, agreed, retest_cycle, qm_a, org_a, officer, body
):
    client.force_login(qm_a)
    response = client.get(reverse("dashboard", args=[org_a.slug]))
    assert "TN1-2026-0001" in response.text and "gültig bis 10.04.2030" in response.text
    assert "zusätzliche Anforderungen" in response.text and "Beteiligung stärken" in response.text
    Goal.objects.create(procedure=agreed, title="Neu", indicators="x", status=Goal.Status.SUBMITTED)
    client.force_login(officer)
    assert "1 Ziel wartet auf Ihre Prüfung" in client.get(reverse("dashboard", args=[body.slug])).text


def test_agreed_goals_become_extra_requirements_of_the_retest_gutachten(agreed, retest_cycle, body, qm_a):
    """The Gutachten reads the agreed goals through selfreport.sources, which this app fills."""
    from gelingen.testing.gutachten import rules
    from gelingen.testing.models import Procedure
    from tests.testing.conftest import make_procedure

    retest = make_procedure(retest_cycle, body, qm_a, kind=Procedure.Kind.RETEST, previous=agreed)
    assert [g.title for g in rules.agreed_goals(retest)] == [
        "Wirkungsorientiert arbeiten",
        "Beteiligung stärken",
    ]
    assert rules.agreed_goals(agreed) == []  # the first testing itself has none


def test_self_assessment_of_the_retest_cycle_lists_the_agreed_goals(
    client, agreed, retest_cycle, cycle_a, qm_a, org_a, django_assert_max_num_queries
):
    client.force_login(qm_a)
    page = reverse("quality:assessment", args=[org_a.slug, retest_cycle.pk])
    with django_assert_max_num_queries(30):
        html = client.get(page).content.decode()
    assert "Zusätzliche Anforderungen: vereinbarte strategische Ziele" in html
    for expected in (
        "Wirkungsorientiert arbeiten",
        "Beteiligung stärken",
        "Jedes Team hat drei Wirkungsziele",
    ):
        assert expected in html, expected
    chapter = reverse("selfreport:chapter", args=[org_a.slug, retest_cycle.pk, "qb12a"])
    assert chapter not in html and "Kapitel 12a" in html  # no Selbstreport yet: no link to a missing page
    create_report(retest_cycle, qm_a)
    assert f'href="{chapter}"' in client.get(page).content.decode()
    # the first testing's own cycle has no extra requirements
    first_page = client.get(reverse("quality:assessment", args=[org_a.slug, cycle_a.pk])).content.decode()
    assert "vereinbarte strategische Ziele" not in first_page
