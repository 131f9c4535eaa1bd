from datetime import timedelta

import pytest
from django.utils import timezone

from gelingen.core import deadlines
from gelingen.quality.measures import deadlines as providers

from .factories import make_decision, make_group, make_measure, make_meeting, make_milestone, make_task

pytestmark = pytest.mark.django_db


def test_providers_are_registered():
    for provider in (
        providers.task_due_items,
        providers.milestone_due_items,
        providers.decision_due_items,
        providers.meeting_due_items,
    ):
        assert provider in deadlines._providers


def test_due_items(org_a, org_b, qm_a, staff_a):
    today = timezone.localdate()
    soon, later = today + timedelta(days=3), today + timedelta(days=40)
    measure = make_measure(org_a, owner=qm_a)
    open_task = make_task(measure, title="Offen", responsible=staff_a, due_date=today - timedelta(days=1))
    make_task(measure, title="Erledigt", status="done", due_date=soon)
    make_task(measure, title="Später", due_date=later)
    make_task(make_measure(org_a, status="discarded"), title="Verworfen", due_date=soon)
    make_task(make_measure(org_b), title="Fremd", due_date=soon)
    milestone = make_milestone(measure, title="Meilenstein", date=soon)
    make_milestone(measure, title="Erreicht", date=soon, reached=True)
    meeting = make_meeting(make_group(org_a, name="Zirkel", next_meeting=soon))
    decision = make_decision(meeting, text="Beschluss", responsible=staff_a, due_date=soon)
    make_decision(meeting, text="Erledigt", due_date=soon, done=True)
    make_decision(meeting, text="Schon Aufgabe", due_date=soon, task=open_task)

    items = deadlines.due_items([org_a.pk], today + timedelta(days=14))
    mine = {item.key: item for item in items if item.key.startswith("measures.")}
    group = meeting.group
    assert set(mine) == {
        f"measures.task:{open_task.pk}",
        f"measures.milestone:{milestone.pk}",
        f"measures.decision:{decision.pk}",
        f"measures.meeting:{group.pk}",
    }
    task_item = mine[f"measures.task:{open_task.pk}"]
    assert task_item.overdue and task_item.owner_id == staff_a.pk and task_item.kind == "Aufgabe"
    assert task_item.url == f"/o/alpha/measures/{measure.pk}/#task-{open_task.pk}"
    assert mine[f"measures.milestone:{milestone.pk}"].owner_id == qm_a.pk
    assert mine[f"measures.decision:{decision.pk}"].url.endswith(f"#decision-{decision.pk}")
    assert mine[f"measures.meeting:{group.pk}"].owner_id is None


def test_providers_use_a_bounded_number_of_queries(org_a, django_assert_num_queries):
    today = timezone.localdate()
    for i in range(5):
        measure = make_measure(org_a, title=f"M{i}")
        make_task(measure, due_date=today)
        make_milestone(measure, date=today)
        meeting = make_meeting(make_group(org_a, name=f"G{i}", next_meeting=today))
        make_decision(meeting, due_date=today)
    with django_assert_num_queries(4):
        for provider in (
            providers.task_due_items,
            providers.milestone_due_items,
            providers.decision_due_items,
            providers.meeting_due_items,
        ):
            assert len(list(provider([org_a.pk], today))) == 5
