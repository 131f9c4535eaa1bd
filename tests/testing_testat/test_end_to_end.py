"""One procedure through the pages from the final workshop to the Testat, then the re-testing
registration and a Selbstreport whose 12a reports on exactly the agreed goals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.quality.ideas.models import GoalProposal, Indicator
from gelingen.selfreport.setup import create_report
from gelingen.testing.models import Procedure
from gelingen.testing.testat.models import Goal, Testat
from tests.conftest import make_cycle

pytestmark = pytest.mark.django_db
S = Procedure.Status


def url(org, procedure, name, *args):
    return reverse(f"testing_testat:{name}", args=[org.slug, procedure.pk, *args])


def test_final_workshop_to_testat_to_retest_12a(
    client, held, org_a, body, qm_a, leitung_a, officer, kqs, cycle_a, django_capture_on_commit_callbacks
):
    proposal = GoalProposal.objects.create(
        organisation=org_a,
        cycle=cycle_a,
        title="Angehörige systematisch einbeziehen",
        description="…",
        rationale="…",
        target_year=2029,
        status=GoalProposal.Status.SELFREPORT,
    )
    Indicator.objects.create(proposal=proposal, text="Angehörigenabend zweimal im Jahr")
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(qm_a)
        assert client.post(url(org_a, held, "take_proposals")).status_code == 302
        client.post(url(org_a, held, "submit_goals"))
        goal = Goal.objects.get(procedure=held)
        client.force_login(officer)
        client.post(url(body, held, "goal_check", goal.pk), {"decision": "approve"})
        client.post(url(body, held, "issue_agreement"))
        client.post(url(body, held, "sign"))
        client.force_login(leitung_a)
        client.post(url(org_a, held, "sign"))
        held.refresh_from_db()
        assert held.status == S.AGREEMENT_SENT and held.agreement_returned_on == timezone.localdate()
        client.force_login(officer)
        response = client.post(
            reverse("testing:step", args=[body.slug, held.pk, "certify"]),
            {"certify-on": timezone.localdate().isoformat(), "certify-note": ""},
        )
        assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == S.CERTIFIED
    testat = Testat.objects.get(procedure=held)
    assert testat.valid_until == date(2030, 4, 10)
    assert client.get(reverse("testat_public:verify", args=[testat.number])).status_code == 200

    # re-testing: a new cycle is registered; its Selbstreport's 12a lists exactly the agreed goal
    retest_cycle = make_cycle(
        org_a,
        kqs,
        title="Retestierung",
        kind="retest",
        start_date=date(2029, 1, 1),
        target_date=date(2030, 1, 1),
    )
    client.force_login(qm_a)
    response = client.post(
        reverse("testing:register", args=[org_a.slug]),
        {
            "testing_body": body.pk,
            "cycle": retest_cycle.pk,
            "kind": "retest",
            "intended_date": (timezone.localdate() + timedelta(days=400)).isoformat(),
            "state": "BY",
        },
    )
    assert response.status_code == 302
    assert Procedure.objects.get(cycle=retest_cycle).previous == held
    report = create_report(retest_cycle, qm_a)
    rows = list(report.chapters.get(key="qb12a").goal_reports.all())
    assert [(r.goal, r.indicator_list()) for r in rows] == [
        ("Angehörige systematisch einbeziehen", ["Angehörigenabend zweimal im Jahr"])
    ]
