import pytest

from gelingen.quality.models import Cycle
from gelingen.selfreport.models import GoalReport
from gelingen.selfreport.setup import create_report, sync_chapters
from gelingen.selfreport.submission import submit
from tests.conftest import make_cycle

pytestmark = pytest.mark.django_db


def test_structure_of_a_first_testing_report(report):
    keys = list(report.chapters.order_by("part", "position").values_list("key", flat=True))
    assert keys[:6] == ["structure", "mandate", "legal", "staffing", "commitment", "history"]
    assert keys[6] == "process"
    assert keys[7:] == [f"qb{n}" for n in range(1, 13)]
    assert report.chapters.get(key="history").optional
    assert report.chapters.get(key="qb3").text_fields == ["answer_a", "answer_b", "answer_c", "answer_d"]
    assert report.chapters.get(key="process").text_fields == ["body"]


def test_optional_areas_get_chapters(report, cycle_a, kqs):
    cycle_a.optional_areas.add(kqs.areas.get(number=13))
    assert sync_chapters(report) == 1
    assert report.chapters.get(key="qb13").area.number == 13
    assert sync_chapters(report) == 0


def test_create_is_idempotent(report, cycle_a, qm_a):
    assert create_report(cycle_a, qm_a) == report
    assert report.chapters.count() == 19


def test_retesting_starts_from_the_last_submission_and_splits_qb12(
    complete_report, org_a, kqs, qm_a, leitung_a, no_page_limit
):
    from gelingen.quality.ideas.models import GoalProposal

    GoalProposal.objects.create(
        organisation=org_a,
        cycle=complete_report.cycle,
        title="Angehörigenarbeit ausbauen",
        description="x",
        rationale="y",
        target_year=2029,
        status="selfreport",
    )
    first = submit(complete_report, leitung_a)
    retest = make_cycle(
        org_a, kqs, kind=Cycle.Kind.RETEST, title="Retestierung", start_date=complete_report.cycle.target_date
    )
    new = create_report(retest, qm_a)
    assert new.based_on == first
    keys = set(new.chapters.values_list("key", flat=True))
    assert {"qb12a", "qb12b"} <= keys and "qb12" not in keys
    old_qb2 = complete_report.chapters.get(key="qb2")
    assert new.chapters.get(key="qb2").answer_b == old_qb2.answer_b  # an updated edition, not a blank one
    assert new.chapters.get(key="qb12b").answer_a == complete_report.chapters.get(key="qb12").answer_a
    assert list(GoalReport.objects.filter(chapter__report=new).values_list("goal", flat=True)) == [
        "Angehörigenarbeit ausbauen"
    ]


def test_carried_goals_start_unassessed(complete_report, org_a, kqs, qm_a, leitung_a, no_page_limit):
    from gelingen.quality.ideas.models import GoalProposal

    GoalProposal.objects.create(
        organisation=org_a,
        cycle=complete_report.cycle,
        title="Ziel A",
        description="x",
        rationale="y",
        target_year=2029,
        status="selfreport",
    )
    submit(complete_report, leitung_a)
    retest = make_cycle(
        org_a, kqs, kind=Cycle.Kind.RETEST, title="R", start_date=complete_report.cycle.target_date
    )
    goal = GoalReport.objects.get(chapter__report=create_report(retest, qm_a))
    assert (goal.outcome, goal.text) == ("open", "")
