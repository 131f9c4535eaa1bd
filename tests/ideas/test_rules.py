from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gelingen.quality.ideas import goals
from gelingen.quality.ideas.models import Idea
from gelingen.quality.ideas.transitions import (
    TransitionError,
    allowed_statuses,
    change_status,
    plan_as_measure,
)
from gelingen.quality.measures.models import Measure

S = Idea.Status


@pytest.fixture
def idea(org_a, staff_a):
    return Idea.objects.create(
        organisation=org_a, title="Offene Sprechstunde", description="Ohne Termin", submitted_by=staff_a
    )


@pytest.mark.django_db
def test_accept_and_reopen(idea, qm_a):
    change_status(idea, S.ACCEPTED, qm_a)
    idea.refresh_from_db()
    assert idea.status == S.ACCEPTED and idea.decided_by == qm_a and idea.decided_at
    change_status(idea, S.NEW, qm_a)
    idea.refresh_from_db()
    assert idea.status == S.NEW and idea.decided_by is None


@pytest.mark.django_db
def test_rejecting_requires_a_reason(idea, qm_a):
    with pytest.raises(TransitionError, match="Bitte begründen Sie die Ablehnung"):
        change_status(idea, S.REJECTED, qm_a, "   ")
    idea.refresh_from_db()
    assert idea.status == S.NEW
    change_status(idea, S.REJECTED, qm_a, "Zu teuer")
    assert idea.status == S.REJECTED and idea.rejection_reason == "Zu teuer"


@pytest.mark.django_db
def test_rejected_idea_can_only_be_reopened(idea, qm_a):
    change_status(idea, S.REJECTED, qm_a, "Zu teuer")
    assert allowed_statuses(idea) == {S.NEW}
    with pytest.raises(TransitionError, match="kann nicht auf „angenommen“ gesetzt werden"):
        change_status(idea, S.ACCEPTED, qm_a)
    with pytest.raises(TransitionError):
        plan_as_measure(idea, qm_a)
    change_status(idea, S.NEW, qm_a)
    assert idea.rejection_reason == ""


@pytest.mark.django_db
def test_planned_is_reached_only_through_a_measure(idea, qm_a):
    with pytest.raises(TransitionError, match="Als Maßnahme planen"):
        change_status(idea, S.PLANNED, qm_a)
    with pytest.raises(TransitionError, match="Unbekannter Status"):
        change_status(idea, "gone", qm_a)


@pytest.mark.django_db
def test_plan_as_measure_creates_a_linked_draft(idea, qm_a, cycle_a):
    measure = plan_as_measure(idea, qm_a)
    idea.refresh_from_db()
    assert idea.status == S.PLANNED and idea.measure == measure
    assert (measure.title, measure.goal, measure.status, measure.owner) == (
        "Offene Sprechstunde",
        "Ohne Termin",
        Measure.Status.PLANNED,
        qm_a,
    )
    assert measure.cycle == cycle_a and measure.organisation == idea.organisation
    assert "Aus dem Ideenspeicher übernommen" in measure.description
    assert allowed_statuses(idea) == set()
    with pytest.raises(TransitionError):
        plan_as_measure(idea, qm_a)
    # when the measure goes, the idea can be decided on again
    measure.delete()
    idea.refresh_from_db()
    assert idea.measure is None and S.ACCEPTED in allowed_statuses(idea)
    plan_as_measure(idea, qm_a)
    assert Measure.objects.count() == 1


@pytest.mark.django_db
def test_second_plan_as_measure_creates_nothing(idea, qm_a):
    """Two submits at once: the second one still holds the idea as it was before the first planned it."""
    stale = Idea.objects.get(pk=idea.pk)
    measure = plan_as_measure(idea, qm_a)
    with pytest.raises(TransitionError, match="im Status „als Maßnahme geplant“ kann nicht als Maßnahme"):
        plan_as_measure(stale, qm_a)
    assert list(Measure.objects.all()) == [measure]
    idea.refresh_from_db()
    assert idea.measure == measure and idea.status == S.PLANNED


@pytest.mark.parametrize(("year", "ok"), [(2026, False), (2027, True), (2031, True), (2032, False)])
def test_target_year_one_to_five_years_ahead(year, ok):
    today = date(2026, 6, 1)
    assert goals.year_range(today) == (2027, 2031)
    if ok:
        goals.validate_target_year(year, today)
    else:
        with pytest.raises(ValidationError, match="zwischen 2027 und 2031"):
            goals.validate_target_year(year, today)


def test_parse_indicators():
    text = "- Konzept beschlossen\n\n• Im Handbuch veröffentlicht  \n  * 30 % aus dem Umland\n"
    assert goals.parse_indicators(text) == [
        "Konzept beschlossen",
        "Im Handbuch veröffentlicht",
        "30 % aus dem Umland",
    ]


def test_validate_indicators():
    goals.validate_indicators([], for_selfreport=False)
    goals.validate_indicators(["Eins"], for_selfreport=True)
    with pytest.raises(ValidationError, match="mindestens einen Prüfindikator"):
        goals.validate_indicators([], for_selfreport=True)
    with pytest.raises(ValidationError, match="Zeile 2 ist zu lang"):
        goals.validate_indicators(["ok", "x" * 301], for_selfreport=False)
    with pytest.raises(ValidationError, match="Höchstens 10"):
        goals.validate_indicators(["x"] * 11, for_selfreport=False)
