"""Each check with a case that triggers it and one that does not."""

from datetime import UTC, datetime

import pytest

from gelingen.catalogue.models import Requirement
from gelingen.quality.handbook.models import KeyProcess
from gelingen.quality.leitbild.models import LeitbildVersion
from gelingen.selfreport import lint, pages
from gelingen.selfreport.document import build
from gelingen.selfreport.models import PageLayout
from gelingen.selfreport.pages import layout_and_store
from tests.selfreport.conftest import add_evidence, publish_leitbild

pytestmark = pytest.mark.django_db


def run(report, rule):
    return lint.lint(report, rules=[rule])


def rules_of(findings):
    return {f.rule for f in findings}


def test_complete_report_has_no_errors(complete_report, no_page_limit):
    findings = lint.lint(complete_report)
    assert lint.errors(findings) == []


def test_vague_words(complete_report):
    assert run(complete_report, lint.rule_vague_words) == []
    qb7 = complete_report.chapters.get(key="qb7")
    qb7.answer_a = "Wir prüfen die Räume regelmäßig."
    qb7.save()
    [finding] = run(complete_report, lint.rule_vague_words)
    assert finding.severity == lint.WARNING
    assert (finding.chapter, finding.field) == ("qb7", "answer_a")
    assert finding.url.endswith("/chapters/qb7/#field-answer_a")
    assert "regelmäßig" in finding.message


def test_unknown_citation(complete_report):
    assert run(complete_report, lint.rule_unknown_citations) == []
    qb4 = complete_report.chapters.get(key="qb4")
    qb4.answer_d = "Siehe [QB4-99]."
    qb4.save()
    [finding] = run(complete_report, lint.rule_unknown_citations)
    assert finding.severity == lint.ERROR and "QB4-99" in finding.message


def test_linked_but_never_cited_evidence_is_one_counted_finding(complete_report, org_a, qm_a):
    assert run(complete_report, lint.rule_uncited_evidence) == []
    unused = add_evidence(org_a, qm_a, 5, "Kooperationsvertrag", Requirement.objects.filter(code="QB5.1"))
    [finding] = run(complete_report, lint.rule_uncited_evidence)
    assert finding.severity == lint.WARNING and finding.url == f"/o/{org_a.slug}/evidence/"
    assert finding.message == (
        f"1 Nachweis ist mit Anforderungen verknüpft, wird im Text aber nirgends zitiert: "
        f"[{unused.identifier}] (QB5.1)"
    )
    for n in range(7):
        add_evidence(org_a, qm_a, 6, f"Protokoll {n}", Requirement.objects.filter(code="QB6.1"))
    [finding] = run(complete_report, lint.rule_uncited_evidence)
    assert finding.message.startswith("8 Nachweise sind mit Anforderungen verknüpft, werden im Text aber")
    assert finding.message.count("[") == lint.UNCITED_SHOWN and finding.message.endswith(" …")


def test_requirement_not_addressed(complete_report):
    assert run(complete_report, lint.rule_requirements_addressed) == []
    qb9 = complete_report.chapters.get(key="qb9")
    qb9.requirements.remove(Requirement.objects.get(code="QB9.4"))
    [finding] = run(complete_report, lint.rule_requirements_addressed)
    assert finding.severity == lint.ERROR and "QB9.4" in finding.message and finding.chapter == "qb9"


def test_missing_answer_and_empty_chapter(complete_report):
    assert run(complete_report, lint.rule_missing_texts) == []
    qb6 = complete_report.chapters.get(key="qb6")
    qb6.answer_c = " "
    qb6.save()
    legal = complete_report.chapters.get(key="legal")
    legal.body = ""
    legal.save()
    findings = run(complete_report, lint.rule_missing_texts)
    assert {(f.chapter, f.field) for f in findings} == {("qb6", "answer_c"), ("legal", "body")}
    assert all(f.severity == lint.ERROR for f in findings)


def test_optional_history_may_stay_empty(complete_report):
    assert complete_report.chapters.get(key="history").body == ""
    assert run(complete_report, lint.rule_missing_texts) == []


def test_g2_justification_missing_and_weak(complete_report):
    assert run(complete_report, lint.rule_g2_justification) == []
    qb5 = complete_report.chapters.get(key="qb5")
    qb5.answer_b = ""
    qb5.save()
    qb8 = complete_report.chapters.get(key="qb8")
    qb8.answer_b = "Die Maßnahmen entsprechen unserem Leitbild."
    qb8.save()
    qb1 = complete_report.chapters.get(key="qb1")  # QB1 has no G2 requirement: never flagged here
    qb1.answer_b = ""
    qb1.save()
    findings = {f.chapter: f for f in run(complete_report, lint.rule_g2_justification)}
    assert set(findings) == {"qb5", "qb8"}
    assert findings["qb5"].severity == lint.ERROR and findings["qb5"].rule == "g2-missing"
    assert findings["qb8"].severity == lint.WARNING and "verweist nur" in findings["qb8"].message


def test_justification_that_only_quotes_is_flagged(complete_report):
    qb2 = complete_report.chapters.get(key="qb2")
    qb2.answer_b = "Im Leitbild heißt es: „Aussage zu Werte.“ und „Aussage zu Leistungen.“"
    qb2.save()
    [finding] = run(complete_report, lint.rule_g2_justification)
    assert finding.rule == "g2-weak" and "zitiert nur" in finding.message


def test_page_count_from_the_last_layout_of_this_content(complete_report, monkeypatch):
    [finding] = run(complete_report, lint.rule_page_count)  # never laid out: unknown, a warning
    assert finding.severity == lint.WARNING and "wird neu berechnet" in finding.message
    pages = layout_and_store(complete_report)  # the test report is far below 60 pages
    [finding] = run(complete_report, lint.rule_page_count)
    assert finding.severity == lint.ERROR
    assert finding.message == f"Der Selbstreport hat {pages} Seiten; vorgesehen sind 60 bis 90 Seiten."
    monkeypatch.setitem(lint.PAGE_LIMITS, "first", (1, 200))
    assert run(complete_report, lint.rule_page_count) == []


def test_after_an_edit_the_last_count_is_shown_with_its_date(complete_report):
    layout = pages.store(complete_report, build(complete_report), 12)
    PageLayout.objects.filter(pk=layout.pk).update(laid_out_at=datetime(2026, 11, 3, 13, 5, tzinfo=UTC))
    qb4 = complete_report.chapters.get(key="qb4")
    qb4.answer_a = "Ein neuer Absatz nach dem letzten Satz."
    qb4.save()
    [finding] = run(complete_report, lint.rule_page_count)
    assert finding.severity == lint.ERROR and "hat 12 Seiten" in finding.message
    assert "(Stand 03.11.2026, 14:05; nach den letzten Änderungen wird sie neu berechnet.)" in finding.message


def test_retest_allows_100_pages(complete_report, monkeypatch):
    complete_report.cycle.kind = "retest"
    complete_report.cycle.save()
    pages.store(complete_report, build(complete_report), 101)
    [finding] = run(complete_report, lint.rule_page_count)
    assert "60 bis 100 Seiten" in finding.message
    pages.store(complete_report, build(complete_report), 100)
    assert run(complete_report, lint.rule_page_count) == []


def test_qb3_needs_a_key_process_shown_in_full(complete_report, org_a):
    assert run(complete_report, lint.rule_key_process) == []
    KeyProcess.objects.filter(organisation=org_a).update(shown_in_full=False)
    [finding] = run(complete_report, lint.rule_key_process)
    assert finding.severity == lint.ERROR and finding.chapter == "qb3"


def test_qb1_needs_the_full_leitbild(complete_report, org_a, qm_a):
    assert run(complete_report, lint.rule_leitbild) == []
    LeitbildVersion.objects.filter(organisation=org_a).delete()
    [finding] = run(complete_report, lint.rule_leitbild)
    assert "noch keines veröffentlicht" in finding.message
    version = publish_leitbild(org_a, qm_a, missing=("resources",))
    assert version.number == 1
    [finding] = run(complete_report, lint.rule_leitbild)
    assert "Ressourcen" in finding.message and finding.severity == lint.ERROR


def test_12a_goals_need_an_outcome_and_a_report(org_a, kqs, qm_a):
    from gelingen.selfreport.models import GoalReport
    from gelingen.selfreport.setup import create_report
    from tests.conftest import make_cycle

    report = create_report(make_cycle(org_a, kqs, kind="retest", title="Retest"), qm_a)
    qb12a = report.chapters.get(key="qb12a")
    assert [f.message for f in run(report, lint.rule_missing_texts) if f.chapter == "qb12a"] == [
        "12a berichtet noch über kein vereinbartes strategisches Ziel."
    ]
    goal = GoalReport.objects.create(chapter=qb12a, goal="Angehörige einbeziehen")
    [finding] = [f for f in run(report, lint.rule_missing_texts) if f.chapter == "qb12a"]
    assert finding.rule == "goal-not-reported" and "Angehörige einbeziehen" in finding.message
    goal.outcome, goal.text = "achieved", "Seit März 2026 gibt es monatlich einen Angehörigenabend."
    goal.save()
    assert [f for f in run(report, lint.rule_missing_texts) if f.chapter == "qb12a"] == []
