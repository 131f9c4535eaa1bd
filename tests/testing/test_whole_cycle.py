"""The whole KQS testing cycle in one test, through every app that takes part in it.

Registration and confirmation (testing), the introductory workshop (visits), the reviewers (reviewers),
the Selbstreport submission, the Gutachten with a margin comment and its second check (gutachten), the
send step, the visit with its findings, the decision and its letter (visits), the final workshop, the
goals, the signed agreement and the Testat with its public verification (testat), then the re-testing
registration whose Selbstreport reports in 12a on exactly the agreed goal.

The clock is fixed and moved on step by step, so the test does not depend on the day it runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from unittest.mock import patch

import pytest
from django.urls import reverse

from gelingen.accounts.roles import REVIEWER
from gelingen.selfreport.setup import create_report
from gelingen.testing.gutachten import reading
from gelingen.testing.gutachten import rules as gutachten_rules
from gelingen.testing.gutachten.models import Gutachten, MarginComment
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers import assignment
from gelingen.testing.reviewers.models import Accreditation, Assignment, ReviewerProfile
from gelingen.testing.testat import goals
from gelingen.testing.testat.models import Goal, Testat
from gelingen.testing.visits import letter, visit, workshops
from gelingen.testing.visits.models import Visit, Workshop
from tests.conftest import add_member, make_cycle
from tests.testing_gutachten.conftest import make_submission, rate_all

pytestmark = pytest.mark.django_db
S = Procedure.Status


class Clock:
    """A fixed "now" (10:00 UTC on the day set) for every `timezone.now()` / `timezone.localdate()`."""

    def __init__(self, day: date) -> None:
        self.set(day)

    def set(self, day: date) -> date:
        self.day = day
        return day

    def __call__(self) -> datetime:
        return datetime.combine(self.day, time(10, 0), tzinfo=UTC)


@pytest.fixture
def clock(settings, tmp_path) -> Iterator[Clock]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://gelingen.example"
    made = Clock(date(2025, 1, 6))
    with patch("django.utils.timezone.now", made):
        yield made


def reviewer(body, email: str, model) -> ReviewerProfile:
    profile = ReviewerProfile.objects.create(testing_body=body, user=add_member(body, REVIEWER, email))
    Accreditation.objects.create(profile=profile, model=model, valid_until=date(2031, 12, 31))
    return profile


@pytest.fixture
def step(client, officer, django_capture_on_commit_callbacks):
    """The officer posts a step on the record page; what follows its commit (release, Testat) runs too."""

    def post(org, procedure: Procedure, key: str, on: date, **fields) -> None:
        client.force_login(officer)  # a fresh session: the fixed clock jumps over weeks
        data = {f"{key}-on": on.isoformat(), **{f"{key}-{k}": v for k, v in fields.items()}}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("testing:step", args=[org.slug, procedure.pk, key]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        procedure.refresh_from_db()

    return post


def test_registration_to_testat_to_re_testing_12a_through_every_app(
    client, clock, step, org_a, qm_a, leitung_a, kqs, cycle_a, body, officer
):
    anna = reviewer(body, "anna@pruef.example", kqs)
    bert = reviewer(body, "bert@pruef.example", kqs)
    # 1. the organisation registers its cycle; the testing body confirms (the contract)
    client.force_login(qm_a)
    response = client.post(
        reverse("testing:register", args=[org_a.slug]),
        {"testing_body": body.pk, "cycle": cycle_a.pk, "kind": "first", "state": "BY"},
    )
    assert response.status_code == 302
    p = Procedure.objects.get(cycle=cycle_a)
    client.force_login(officer)
    step(body, p, "confirm", clock.set(date(2025, 1, 13)))
    assert p.status == S.CONFIRMED and p.officer == officer

    # 2. introductory workshop, moderated by Anna (moderating is no conflict: she may review later)
    intro = workshops.schedule(
        cycle_a,
        workshops.WorkshopDetails(
            moderator=anna,
            on=date(2025, 2, 10),
            hours=4,
            format=Workshop.Format.ON_SITE,
            call_on=date(2025, 1, 27),
            participants="Leitung, Qualitätsbeauftragte, Steuerungsgruppe",
        ),
        by=officer,
        side="testing_body",
    )
    clock.set(date(2025, 2, 11))
    workshops.record_result(
        intro, held_on=date(2025, 2, 10), result="Bestandsaufnahme erledigt", participants="12", by=officer
    )
    assert workshops.first_stocktaking(cycle_a) is not None

    # 3. the Selbstreport arrives; Anna reviews, Bert checks
    make_submission(cycle_a, qm_a, day=clock.set(date(2025, 10, 1)))
    p.refresh_from_db()
    assert p.status == S.SUBMITTED and p.submitted_on == date(2025, 10, 1)
    clock.set(date(2025, 10, 2))
    assignment.assign(p, anna, Assignment.Role.FIRST, by=officer)
    with pytest.raises(assignment.AssignmentRefused):  # the second reviewer is never the first
        assignment.assign(p, anna, Assignment.Role.SECOND, by=officer)
    assignment.assign(p, bert, Assignment.Role.SECOND, by=officer)

    # 4. the Gutachten on the frozen submission: one Auflage and a margin comment
    clock.set(date(2025, 11, 3))
    gutachten = gutachten_rules.start(p, anna.user)
    rate_all(gutachten, partly=1)
    Gutachten.objects.filter(pk=gutachten.pk).update(
        organisation_text="Eine Beratungsstelle mit klarem Auftrag.", selfreport_text="Gut lesbar."
    )
    client.force_login(anna.user)
    anchor = next(iter(reading.anchors(gutachten.submission.content)))  # the first paragraph
    page = client.get(reverse("testing_gutachten:selfreport", args=[body.slug, p.pk])).content.decode()
    assert f'id="{anchor}"' in page  # the reviewer reads the frozen text in the app
    response = client.post(
        reverse("testing_gutachten:comment_add", args=[body.slug, p.pk]),
        {"anchor": anchor, "text": "Wie wird das im Team besprochen?"},
    )
    assert response.status_code == 302 and MarginComment.objects.filter(gutachten=gutachten).count() == 1
    client.post(reverse("testing_gutachten:hand_over", args=[body.slug, p.pk]))
    # before the release the organisation sees nothing of it
    client.force_login(qm_a)
    assert client.get(reverse("testing_gutachten:detail", args=[org_a.slug, p.pk])).status_code == 404
    client.force_login(bert.user)
    client.post(reverse("testing_gutachten:check", args=[body.slug, p.pk]), {"decision": "approve"})
    gutachten.refresh_from_db()
    assert gutachten.status == Gutachten.Status.APPROVED

    # 5. the testing body sends it; the outcome comes from the ratings; the organisation reads it
    client.force_login(officer)
    step(body, p, "send_gutachten", clock.set(date(2025, 11, 10)))
    assert p.status == S.GUTACHTEN and p.outcome == Procedure.Outcome.AUFLAGEN
    client.force_login(qm_a)
    page = client.get(reverse("testing_gutachten:detail", args=[org_a.slug, p.pk])).content.decode()
    assert "Wie wird das im Team besprochen?" in page

    # 6. the visit: Anna reports the date, finds the Auflage met, submits the protocol
    held = visit.report(
        p,
        visit.VisitDetails(
            on=date(2025, 12, 8),
            hours=4,
            place="Hauptstelle",
            agenda=visit.default_agenda(),
            participants="Leitung; Qualitätsbeauftragte",
        ),
        by=anna.user,
    )
    clock.set(date(2025, 12, 9))
    findings = visit.sync_findings(held)
    assert len(findings) == 1  # the one Auflage of the sent Gutachten
    visit.record_findings(held, {findings[0].key: ("Protokoll gesehen", True)}, by=anna.user)
    visit.submit_protocol(
        held, protocol="Alles gezeigt.", recommendation=Visit.Recommendation.TESTAT, by=anna.user
    )
    client.force_login(officer)
    step(body, p, "visit", date(2025, 12, 8))

    # 7. the decision and its letter; then the final workshop, reported at least two weeks ahead
    step(body, p, "decide_met", clock.set(date(2025, 12, 15)))
    decision_letter = letter.issue(p, by=officer)
    assert letter.verify(decision_letter)
    step(body, p, "workshop_reported", date(2025, 12, 15), workshop_on="2026-01-12")
    step(body, p, "hold_workshop", clock.set(date(2026, 1, 12)))
    assert p.status == S.WORKSHOP_HELD

    # 8. a strategic goal with indicators, checked by the testing body, signed by both sides
    Goal.objects.create(
        procedure=p,
        title="Alle Angebote arbeiten mit überprüfbaren Wirkungszielen",
        indicators="Jedes Team hat drei Wirkungsziele\nJährlicher Auswertungsbericht",
        position=0,
    )
    goals.submit_for_check(p)
    clock.set(date(2026, 1, 19))
    goals.check(Goal.objects.get(procedure=p), officer, approve=True)
    goals.issue_version(p, officer)
    goals.sign(p, officer)
    goals.sign(p, leitung_a)
    p.refresh_from_db()
    assert p.status == S.AGREEMENT_SENT and p.agreement_returned_on is not None

    # 9. the Testat carries the final-workshop date and runs four years; anyone can verify it
    step(body, p, "certify", clock.set(date(2026, 1, 26)))
    testat = Testat.objects.get(procedure=p)
    assert (testat.testat_on, testat.valid_until) == (date(2026, 1, 12), date(2030, 1, 12))
    client.logout()
    public = client.get(reverse("testat_public:verify", args=[testat.number])).content.decode()
    assert org_a.name in public and "12.01.2030" in public

    # 10. re-testing: registered with the intended date; 12a reports on exactly the agreed goal
    clock.set(date(2029, 3, 1))
    retest_cycle = make_cycle(
        org_a,
        kqs,
        title="Retestierung",
        kind="retest",
        start_date=date(2029, 1, 1),
        target_date=date(2029, 12, 1),
    )
    client.force_login(qm_a)
    response = client.post(
        reverse("testing:register", args=[org_a.slug]),
        {
            "testing_body": body.pk,
            "cycle": retest_cycle.pk,
            "kind": "retest",
            "intended_date": (date(2029, 3, 1) + timedelta(days=200)).isoformat(),
            "state": "BY",
        },
    )
    assert response.status_code == 302
    retest = Procedure.objects.get(cycle=retest_cycle)
    assert retest.kind == Procedure.Kind.RETEST and retest.previous == p
    report = create_report(retest_cycle, qm_a)
    rows = list(report.chapters.get(key="qb12a").goal_reports.all())
    assert [(r.goal, r.indicator_list()) for r in rows] == [
        (
            "Alle Angebote arbeiten mit überprüfbaren Wirkungszielen",
            ["Jedes Team hat drei Wirkungsziele", "Jährlicher Auswertungsbericht"],
        )
    ]
    assert p.transitions.count() == 11  # every step logged with its author
    assert not p.transitions.filter(by__isnull=True).exists()
