"""The state machine: every path of the spec, every out-of-order step refused, every step logged."""

from datetime import date

import pytest

from gelingen.testing import transitions as t
from gelingen.testing.models import Procedure, Transition
from gelingen.testing.transitions import StepRefused, advance, record
from tests.testing.conftest import make_procedure, submit
from tests.testing_gutachten.factories import approved_gutachten
from tests.testing_visits.factories import report_visit

S = Procedure.Status
pytestmark = pytest.mark.django_db


def refused(procedure, to_status, *, by, text, **kw):
    with pytest.raises(StepRefused) as info:
        advance(procedure, to_status, by=by, **kw)
    assert text in info.value.message
    return info.value


def to_gutachten(p, officer, qm, outcome=Procedure.Outcome.AUFLAGEN):
    advance(p, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    submit(p.cycle, qm, on=date(2025, 11, 3))  # the new submission moves the procedure on
    p.refresh_from_db()
    assert p.status == S.SUBMITTED and p.submitted_on == date(2025, 11, 3)
    approved_gutachten(p, officer)  # sending needs the second reviewer's approval (testing_gutachten)
    advance(p, S.GUTACHTEN, by=officer, on=date(2026, 1, 12), outcome=outcome)
    return p


def test_all_met_path_to_testat_logs_every_step(procedure, officer, qm_a):
    p = to_gutachten(procedure, officer, qm_a, Procedure.Outcome.ALL_MET)
    record(p, "workshop_reported", by=officer, on=date(2026, 1, 20), workshop_on=date(2026, 2, 11))
    report_visit(p, date(2026, 2, 10))
    advance(p, S.VISITED, by=officer, on=date(2026, 2, 10))
    advance(p, S.DECIDED, by=officer, on=date(2026, 2, 10))
    advance(p, S.WORKSHOP_HELD, by=officer, on=date(2026, 2, 11))
    advance(p, S.AGREEMENT_SENT, by=officer, on=date(2026, 2, 20))
    refused(p, S.CERTIFIED, by=officer, on=date(2026, 3, 1), text="unterschriebene Zielvereinbarung")
    record(p, "agreement_returned", by=officer, on=date(2026, 3, 2))
    advance(p, S.CERTIFIED, by=officer, on=date(2026, 3, 3))
    p.refresh_from_db()
    assert p.status == S.CERTIFIED
    assert p.testat_on == date(2026, 2, 11)  # the final-workshop date, not the issue date
    assert p.valid_until == date(2030, 2, 11)
    steps = list(Transition.objects.filter(procedure=p).values_list("step", "from_status", "to_status"))
    assert [s for s, _f, _t in steps] == [
        "confirm",
        "submit",
        "send_gutachten",
        "workshop_reported",
        "visit",
        "decide_met",
        "hold_workshop",
        "send_agreement",
        "agreement_returned",
        "certify",
    ]
    assert steps[0][1:] == (S.REGISTERED, S.CONFIRMED)
    assert p.lock_version == 10


def test_auflagen_not_met_revision_without_new_visit(procedure, officer, qm_a):
    p = to_gutachten(procedure, officer, qm_a)
    refused(p, S.WORKSHOP_HELD, by=officer, text="Auflagen offen")
    with pytest.raises(StepRefused, match="Auflagen offen"):
        record(p, "workshop_reported", by=officer, on=date(2026, 1, 20), workshop_on=date(2026, 3, 1))
    report_visit(p, date(2026, 2, 16), not_met=1)
    advance(p, S.VISITED, by=officer, on=date(2026, 2, 16))
    advance(p, S.NOT_MET, by=officer, on=date(2026, 2, 27))
    assert p.next_due == date(2026, 8, 27)  # revised Selbstreport: 6 months from the letter
    refused(p, S.RESUBMITTED, by=qm_a, on=date(2026, 3, 5), text="überarbeitete Einreichung")
    submit(p.cycle, qm_a, number=2, on=date(2026, 3, 5))
    p.refresh_from_db()
    assert p.status == S.RESUBMITTED and p.resubmitted_on == date(2026, 3, 5)
    refused(
        p,
        S.GUTACHTEN,
        by=officer,
        on=date(2026, 3, 20),
        outcome=Procedure.Outcome.ALL_MET,
        text="ohne neue Visitation",
    )
    advance(p, S.DECIDED, by=officer, on=date(2026, 3, 20))
    assert p.decision == Procedure.Decision.MET and p.status == S.DECIDED


def test_auflagen_met_at_the_visit_then_final_workshop(procedure, officer, qm_a):
    p = to_gutachten(procedure, officer, qm_a)
    report_visit(p, date(2026, 2, 16), met=1)
    advance(p, S.VISITED, by=officer, on=date(2026, 2, 16))
    advance(p, S.DECIDED, by=officer, on=date(2026, 2, 20))
    with pytest.raises(StepRefused, match="frühestens 2 Wochen"):
        record(p, "workshop_reported", by=officer, on=date(2026, 2, 20), workshop_on=date(2026, 3, 5))
    record(p, "workshop_reported", by=officer, on=date(2026, 2, 20), workshop_on=date(2026, 3, 6))
    refused(p, S.WORKSHOP_HELD, by=officer, on=date(2026, 3, 5), text="angesetzt")
    advance(p, S.WORKSHOP_HELD, by=officer, on=date(2026, 3, 6))


def test_appeal_with_date_reasons_and_decision(procedure, officer, qm_a):
    p = to_gutachten(procedure, officer, qm_a)
    report_visit(p, date(2026, 2, 16), not_met=1)
    advance(p, S.VISITED, by=officer, on=date(2026, 2, 16))
    advance(p, S.NOT_MET, by=officer, on=date(2026, 2, 27))
    refused(p, S.APPEAL, by=qm_a, on=date(2026, 3, 2), text="begründen")
    advance(p, S.APPEAL, by=qm_a, on=date(2026, 3, 2), appeal_reasons="Nachweise lagen vor.")
    advance(p, S.NOT_MET, by=officer, on=date(2026, 3, 9), appeal_decision_reasons="Nicht nachvollziehbar.")
    assert p.appeal_decision == Procedure.AppealDecision.REJECTED
    advance(p, S.APPEAL, by=qm_a, on=date(2026, 3, 10), appeal_reasons="Erneut: Nachweise lagen vor.")
    assert p.appeal_decision == ""
    advance(p, S.DECIDED, by=officer, on=date(2026, 3, 16))
    assert p.appeal_decision == Procedure.AppealDecision.UPHELD
    assert p.decision == Procedure.Decision.MET


def test_decline_needs_a_reason_and_closes(procedure, officer):
    refused(procedure, S.DECLINED, by=officer, text="Grund der Ablehnung")
    advance(procedure, S.DECLINED, by=officer, on=date(2025, 1, 15), decline_reason="Keine Kapazität.")
    assert procedure.decline_reason == "Keine Kapazität."
    refused(procedure, S.CONFIRMED, by=officer, text="abgeschlossen")


def test_withdrawal_by_the_organisation(procedure, officer, qm_a):
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    refused(procedure, S.WITHDRAWN, by=qm_a, text="zurückgezogen wird")
    advance(procedure, S.WITHDRAWN, by=qm_a, on=date(2025, 6, 1), note="Leitungswechsel")
    assert procedure.withdrawal_reason == "Leitungswechsel"
    assert procedure.next_due is None


@pytest.mark.parametrize(
    ("to_status", "text"),
    [
        (S.GUTACHTEN, "Ohne eingereichten Selbstreport"),
        (S.SUBMITTED, "bestätigt hat"),
        (S.WORKSHOP_HELD, "nicht möglich"),
        (S.CERTIFIED, "unterschriebene Zielvereinbarung"),
        (S.VISITED, "versandte Gutachten"),
        (S.DECIDED, "nicht möglich"),
    ],
)
def test_out_of_order_from_registered(procedure, officer, to_status, text):
    refused(procedure, to_status, by=officer, text=text)
    procedure.refresh_from_db()
    assert procedure.status == S.REGISTERED and procedure.lock_version == 0
    assert not Transition.objects.exists()


def test_no_submission_step_without_a_frozen_submission(procedure, officer, qm_a):
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    refused(procedure, S.SUBMITTED, by=qm_a, text="noch keine Einreichung")


def test_a_submission_made_before_confirmation_is_reported_by_hand(procedure, officer, qm_a):
    submit(procedure.cycle, qm_a, on=date(2025, 1, 15))
    procedure.refresh_from_db()
    assert procedure.status == S.REGISTERED
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    advance(procedure, S.SUBMITTED, by=qm_a, on=date(2025, 1, 20))
    assert procedure.submitted_on == date(2025, 1, 20)


def test_a_stale_instance_cannot_repeat_a_step(procedure, officer):
    stale = Procedure.objects.get(pk=procedure.pk)
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    refused(stale, S.CONFIRMED, by=officer, text="nicht möglich")
    assert Transition.objects.count() == 1


def test_registered_guards_can_refuse(procedure, officer, qm_a, monkeypatch):
    monkeypatch.setattr(t, "_guards", {})
    t.register_guard("send_gutachten", lambda p, on, values: "Die Zweitbegutachtung fehlt noch.")
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    submit(procedure.cycle, qm_a)
    procedure.refresh_from_db()
    refused(
        procedure, S.GUTACHTEN, by=officer, on=date(2026, 1, 12), outcome="all_met", text="Zweitbegutachtung"
    )


def test_only_one_open_procedure_per_cycle(procedure, body, qm_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_procedure(procedure.cycle, body, qm_a)
