"""The final workshop's 2-week rule at its boundary, and the notes for goals and signatures."""

from __future__ import annotations

from datetime import date

import pytest

from gelingen.testing.models import Notification, Procedure
from gelingen.testing.testat import goals, notifications
from gelingen.testing.testat.models import Goal
from gelingen.testing.transitions import StepRefused, advance, record
from tests.testing.conftest import make_procedure, submit
from tests.testing_gutachten.factories import approved_gutachten
from tests.testing_visits.factories import report_visit

from .conftest import add_goal

S = Procedure.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(cycle_a, body, qm_a, officer):
    p = make_procedure(cycle_a, body, qm_a, state="BY")
    advance(p, S.CONFIRMED, by=officer, on=date(2025, 2, 1))
    submit(p.cycle, qm_a, on=date(2025, 11, 3))
    p.refresh_from_db()
    approved_gutachten(p, officer)  # sending needs an approved Gutachten (testing_gutachten)
    advance(p, S.GUTACHTEN, by=officer, on=date(2026, 1, 20), outcome=Procedure.Outcome.ALL_MET)
    report_visit(p, date(2026, 2, 20))  # the visit step needs a reported visit (testing_visits)
    advance(p, S.VISITED, by=officer, on=date(2026, 2, 20))
    advance(p, S.DECIDED, by=officer, on=date(2026, 2, 27))
    return p


@pytest.mark.parametrize(
    ("workshop_on", "allowed"),
    [(date(2028, 3, 13), False), (date(2028, 3, 14), True), (date(2028, 3, 15), True)],
)
def test_two_weeks_after_the_date_is_reported(decided, officer, workshop_on, allowed):
    # reported on 29 February 2028 (a leap day): the earliest workshop is 14 March 2028
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("gelingen.testing.transitions.timezone.localdate", lambda *a: date(2028, 3, 1))
        if allowed:
            record(decided, "workshop_reported", by=officer, on=date(2028, 2, 29), workshop_on=workshop_on)
            assert decided.workshop_on == workshop_on
        else:
            with pytest.raises(StepRefused, match="frühestens 2 Wochen"):
                record(
                    decided, "workshop_reported", by=officer, on=date(2028, 2, 29), workshop_on=workshop_on
                )


def test_workshop_is_held_on_its_reported_day(decided, officer):
    record(decided, "workshop_reported", by=officer, on=date(2026, 3, 2), workshop_on=date(2026, 3, 16))
    with pytest.raises(StepRefused, match="angesetzt"):
        advance(decided, S.WORKSHOP_HELD, by=officer, on=date(2026, 3, 17))
    advance(decided, S.WORKSHOP_HELD, by=officer, on=date(2026, 3, 16))


def test_goals_to_check_and_to_sign_are_notified(held, qm_a, leitung_a, officer, mailoutbox):
    add_goal(held)
    assert notifications.notify_goals_to_check(held, qm_a) == 1
    assert Notification.objects.filter(user=officer, procedure=held).exists()
    Goal.objects.filter(procedure=held).update(status=Goal.Status.APPROVED)
    goals.issue_version(held, officer)
    sent = notifications.notify_to_sign(held, officer)
    assert sent == 1  # Leitung only (QM does not sign); the officer acted and is not told
    assert Notification.objects.filter(user=leitung_a, text__contains="unterschreiben").exists()
    assert not Notification.objects.filter(user=qm_a, text__contains="unterschreiben").exists()
    assert any("Zielvereinbarung unterschreiben" in m.subject for m in mailoutbox)


def test_workshop_held_asks_for_goals(held, qm_a, leitung_a, officer):
    transition = held.transitions.get(step="hold_workshop")
    assert notifications.notify_goals_due(held, transition) == 2  # Leitung and QM
