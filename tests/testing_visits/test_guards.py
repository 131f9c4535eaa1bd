"""The guards this app adds to the state machine refuse with their German message and allow when met."""

from __future__ import annotations

from datetime import date

import pytest

from gelingen.testing.models import Procedure
from gelingen.testing.transitions import StepRefused, advance
from gelingen.testing.visits import auflagen
from gelingen.testing.visits.visit import VisitDetails, VisitRefused, current_visit, report, sync_findings
from tests.testing_gutachten.factories import approved_gutachten
from tests.testing_visits.factories import report_visit

S = Procedure.Status
pytestmark = pytest.mark.django_db


def refused(procedure, to_status, text, **kw):
    with pytest.raises(StepRefused) as info:
        advance(procedure, to_status, **kw)
    assert text in info.value.message


def test_visit_step_needs_a_reported_date(sent, officer):
    refused(sent, S.VISITED, "noch keinen Termin der Visitation gemeldet", by=officer, on=date(2026, 2, 10))
    report_visit(sent, date(2026, 2, 10))
    refused(sent, S.VISITED, "für den 10.02.2026 gemeldet", by=officer, on=date(2026, 2, 9))
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    assert sent.status == S.VISITED and sent.visit_on == date(2026, 2, 10)


def test_decide_met_refused_while_an_auflage_is_not_met(sent, officer):
    visit = report_visit(sent, date(2026, 2, 10), met=1, not_met=1)
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    refused(sent, S.DECIDED, "1 Auflage(n) nicht erfüllt", by=officer, on=date(2026, 2, 20))
    visit.findings.update(met=True)
    advance(sent, S.DECIDED, by=officer, on=date(2026, 2, 20))
    assert sent.decision == Procedure.Decision.MET


def test_decide_not_met_needs_a_not_met_auflage(sent, officer):
    visit = report_visit(sent, date(2026, 2, 10), met=2)
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    refused(sent, S.NOT_MET, "keine Auflage als nicht erfüllt", by=officer, on=date(2026, 2, 20))
    visit.findings.filter(key="a1").update(met=False)
    advance(sent, S.NOT_MET, by=officer, on=date(2026, 2, 20))
    assert sent.decision == Procedure.Decision.NOT_MET


def test_final_workshop_stays_refused_after_not_met_without_an_extra_guard(sent, officer):
    report_visit(sent, date(2026, 2, 10), not_met=1)
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    advance(sent, S.NOT_MET, by=officer, on=date(2026, 2, 20))
    refused(sent, S.WORKSHOP_HELD, "Auflagen offen", by=officer, on=date(2026, 2, 21))


def test_decision_after_a_revised_selfreport_needs_no_new_visit(sent, officer, qm_a):
    from tests.testing.conftest import submit

    report_visit(sent, date(2026, 2, 10), not_met=1)
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    advance(sent, S.NOT_MET, by=officer, on=date(2026, 2, 20))
    submit(sent.cycle, qm_a, number=2, on=date(2026, 4, 1))
    sent.refresh_from_db()
    assert sent.status == S.RESUBMITTED
    advance(sent, S.DECIDED, by=officer, on=date(2026, 4, 20))  # the old visit's finding does not block


def test_a_new_gutachten_needs_a_new_visit(sent, officer, qm_a):
    from tests.testing.conftest import submit

    report_visit(sent, date(2026, 2, 10), not_met=1)
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    advance(sent, S.NOT_MET, by=officer, on=date(2026, 2, 20))
    submit(sent.cycle, qm_a, number=2, on=date(2026, 4, 1))
    sent.refresh_from_db()
    approved_gutachten(sent, officer)  # sending needs an approved Gutachten
    advance(sent, S.GUTACHTEN, by=officer, on=date(2026, 4, 20), outcome=Procedure.Outcome.AUFLAGEN)
    assert current_visit(sent) is None
    refused(sent, S.VISITED, "noch keinen Termin", by=officer, on=date(2026, 5, 4))
    visit = report_visit(sent, date(2026, 5, 4))
    assert visit.round == 2 and current_visit(sent) == visit


def test_only_the_first_reviewer_reports_and_not_before_the_gutachten(sent, first, second, officer):
    details = VisitDetails(date(2026, 2, 10), 4, "Hauptstelle", "Rundgang", "")
    for someone in (second, officer):
        with pytest.raises(VisitRefused, match="zugeordnete Gutachter"):
            report(sent, details, by=someone)
    with pytest.raises(VisitRefused, match="vor dem Versand"):
        report(sent, VisitDetails(date(2026, 1, 11), 4, "Hauptstelle", "Rundgang", ""), by=first)
    visit = report(sent, details, by=first)
    assert (visit.round, visit.on, visit.reported_by) == (1, date(2026, 2, 10), first)


def test_findings_follow_the_auflagen_source(sent, first, fake_auflagen):
    visit = report(sent, VisitDetails(date(2026, 2, 10), 4, "Hauptstelle", "Rundgang", ""), by=first)
    rows = sync_findings(visit)
    assert [(f.key, f.area, f.met) for f in rows] == [
        ("req-3-1", "QB 3 Prozesse", None),
        ("req-7-2", "QB 7 Führung", None),
    ]
    assert [a.key for a in auflagen.auflagen_of(sent)] == ["req-3-1", "req-7-2"]
