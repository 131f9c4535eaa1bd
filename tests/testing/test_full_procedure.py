"""One procedure from the registration to the Testat and the re-testing registration, in one test."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.testing import timeline
from gelingen.testing.models import Procedure, Transition
from gelingen.testing.transitions import advance, record
from tests.conftest import make_cycle
from tests.testing.conftest import submit
from tests.testing_gutachten.factories import approved_gutachten
from tests.testing_visits.factories import report_visit

S = Procedure.Status
pytestmark = pytest.mark.django_db


def test_registration_to_testat_to_re_testing(client, cycle_a, officer, qm_a, org_a, kqs, body):
    from datetime import UTC, datetime

    from tests.testing.conftest import make_procedure

    p = make_procedure(cycle_a, body, qm_a, state="BY", registered_at=datetime(2024, 2, 20, tzinfo=UTC))
    advance(p, S.CONFIRMED, by=officer, on=date(2024, 3, 1))
    submit(p.cycle, qm_a, on=date(2025, 3, 31))  # the last day of 13 months: on time
    p.refresh_from_db()
    steps = {s.key: s for s in timeline.build(p, qm_a, today=date(2025, 4, 1))}
    assert steps["submission"].due == date(2025, 4, 1) and steps["submission"].status == timeline.DONE
    assert steps["gutachten"].due == date(2025, 6, 23)
    approved_gutachten(p, officer)  # sending needs the second reviewer's approval (testing_gutachten)
    advance(p, S.GUTACHTEN, by=officer, on=date(2025, 6, 20), outcome=Procedure.Outcome.AUFLAGEN)
    record(p, "gutachten_received", by=qm_a, on=date(2025, 6, 23))
    steps = {s.key: s for s in timeline.build(p, qm_a, today=date(2025, 8, 2))}
    assert steps["visit"].due == date(2025, 8, 1) and steps["visit"].status == timeline.OVERDUE
    report_visit(p, date(2025, 7, 30), not_met=1)
    advance(p, S.VISITED, by=officer, on=date(2025, 7, 30))
    advance(p, S.NOT_MET, by=officer, on=date(2025, 8, 6))
    submit(p.cycle, qm_a, number=2, on=date(2026, 2, 6))  # revised: the last day of 6 months
    p.refresh_from_db()
    assert p.status == S.RESUBMITTED
    approved_gutachten(p, officer)  # a new round on the revised submission
    advance(
        p, S.GUTACHTEN, by=officer, on=date(2026, 3, 2), outcome=Procedure.Outcome.AUFLAGEN
    )  # new Auflagen
    report_visit(p, date(2026, 3, 20), met=1)
    advance(p, S.VISITED, by=officer, on=date(2026, 3, 20))
    advance(p, S.DECIDED, by=officer, on=date(2026, 3, 27))
    record(p, "workshop_reported", by=officer, on=date(2026, 3, 27), workshop_on=date(2026, 4, 10))
    advance(p, S.WORKSHOP_HELD, by=officer, on=date(2026, 4, 10))
    advance(p, S.AGREEMENT_SENT, by=officer, on=date(2026, 4, 20))
    record(p, "agreement_returned", by=officer, on=date(2026, 5, 4))
    advance(p, S.CERTIFIED, by=officer, on=date(2026, 5, 6))
    assert (p.testat_on, p.valid_until) == (date(2026, 4, 10), date(2030, 4, 10))
    assert p.next_due == date(2029, 7, 10)  # register for re-testing 9 months before expiry
    assert Transition.objects.filter(procedure=p).count() == 15
    assert Transition.objects.filter(procedure=p).exclude(by__isnull=False).count() == 0

    # re-testing: the organisation registers its new cycle with the intended date
    new_cycle = make_cycle(org_a, kqs, title="Retestierung", kind="retest")
    client.force_login(qm_a)
    intended = timezone.localdate() + timedelta(days=400)
    response = client.post(
        reverse("testing:register", args=[org_a.slug]),
        {
            "testing_body": body.pk,
            "cycle": new_cycle.pk,
            "kind": "retest",
            "intended_date": intended.isoformat(),
            "state": "BY",
        },
    )
    assert response.status_code == 302
    retest = Procedure.objects.get(cycle=new_cycle)
    assert retest.kind == Procedure.Kind.RETEST and retest.previous == p and retest.intended_date == intended
    advance(retest, S.CONFIRMED, by=officer)
    steps = {s.key: s for s in timeline.build(retest, qm_a)}
    # no 13-month period at re-testing; the updated Selbstreport is due 5 months before expiry
    assert steps["submission"].due == date(2029, 11, 10)
    assert "vor Ablauf des Testats" in steps["submission"].rule
