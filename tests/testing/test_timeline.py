"""The timeline: statuses from the dates, weekend/holiday flags, the visit as target or limit, sources."""

from datetime import date

import pytest
from django.utils import translation

from gelingen.testing import timeline
from gelingen.testing.models import Procedure
from gelingen.testing.transitions import advance
from tests.testing.conftest import submit
from tests.testing_gutachten.factories import approved_gutachten

S = Procedure.Status
pytestmark = pytest.mark.django_db


def steps(procedure, viewer, today):
    return {s.key: s for s in timeline.build(procedure, viewer, today=today)}


def test_statuses_follow_the_dates(procedure, officer, qm_a):
    s = steps(procedure, qm_a, date(2025, 1, 15))
    assert s["registration"].status == timeline.DONE
    assert s["confirmation"].status == timeline.OPEN
    assert s["submission"].status == timeline.LATER and s["submission"].due is None
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    assert steps(procedure, qm_a, date(2026, 2, 20))["submission"].status == timeline.OPEN  # the due day
    assert steps(procedure, qm_a, date(2026, 2, 21))["submission"].status == timeline.OVERDUE
    s = steps(procedure, officer, date(2026, 2, 21))
    assert s["confirmation"].done_by == officer.name and s["confirmation"].done_on == date(2025, 1, 20)


def test_a_deadline_on_a_state_holiday_is_flagged_not_moved(procedure, officer, qm_a):
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 5, 4))  # + 13 months: Thu 4 June 2026
    with translation.override("de"):
        s = steps(procedure, qm_a, date(2026, 1, 1))["submission"]
        assert (s.due, s.non_working) == (date(2026, 6, 4), "Fronleichnam")  # Bavaria
        Procedure.objects.filter(pk=procedure.pk).update(state="BE")
        procedure.refresh_from_db()
        assert steps(procedure, qm_a, date(2026, 1, 1))["submission"].non_working is None


def test_visit_is_a_limit_with_auflagen_and_a_target_without(procedure, officer, qm_a):
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    submit(procedure.cycle, qm_a, on=date(2025, 11, 3))
    procedure.refresh_from_db()
    approved_gutachten(procedure, officer)
    advance(procedure, S.GUTACHTEN, by=officer, on=date(2026, 1, 12), outcome="all_met")
    visit = steps(procedure, qm_a, date(2026, 3, 1))["visit"]
    assert visit.due == date(2026, 2, 23) and not visit.hard and visit.status == timeline.OPEN
    Procedure.objects.filter(pk=procedure.pk).update(outcome="auflagen")
    procedure.refresh_from_db()
    visit = steps(procedure, qm_a, date(2026, 3, 1))["visit"]
    assert visit.hard and visit.status == timeline.OVERDUE


def test_sources_add_steps_seen_only_by_their_audience(procedure, qm_a, officer, monkeypatch):
    def reviewer_steps(p, viewer, role):
        yield timeline.Step("assignment", "Zuordnung", 40, timeline.TESTING_BODY, due=date(2025, 2, 1))
        yield timeline.Step("internal", "Intern", 41, audience=frozenset({timeline.TESTING_BODY}))

    monkeypatch.setattr(timeline, "_sources", [])
    timeline.register_source(reviewer_steps)
    timeline.register_source(reviewer_steps)  # once only
    org_keys = [s.key for s in timeline.build(procedure, qm_a, today=date(2025, 1, 15))]
    body_keys = [s.key for s in timeline.build(procedure, officer, today=date(2025, 1, 15))]
    assert org_keys.count("assignment") == 1 and "internal" not in org_keys
    assert body_keys.index("assignment") == body_keys.index("submission") + 1
    assert "internal" in body_keys


def test_strangers_get_an_empty_timeline(procedure, qm_b):
    assert timeline.build(procedure, qm_b) == []
