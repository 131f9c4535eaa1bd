from io import StringIO

import pytest
from django.core.management import call_command

from gelingen.quality.ideas.models import GoalProposal, Idea
from gelingen.quality.measures import capacity
from gelingen.quality.measures.models import Decision, Group, Measure, Meeting, Task

pytestmark = pytest.mark.django_db


def test_demo_shows_measures_circles_and_capacity():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    counts = (Measure.objects.count(), Group.objects.count(), Meeting.objects.count(), Idea.objects.count())
    call_command("demo", "--reset", stdout=StringIO())  # seeds again: no duplicates
    assert (
        Measure.objects.count(),
        Group.objects.count(),
        Meeting.objects.count(),
        Idea.objects.count(),
    ) == counts
    for slug in ("suchtberatung-nordstadt", "jugendhilfe-am-fluss"):
        measures = Measure.objects.filter(organisation__slug=slug)
        assert measures.count() == 8
        assert set(measures.values_list("status", flat=True)) == set(Measure.Status.values)
        assert set(measures.values_list("phase", flat=True)) == set(Measure.Phase.values)
        assert {"argument", "quote", "reference", "missing"} <= set(
            measures.values_list("justification_level", flat=True)
        )
        tasks = Task.objects.filter(measure__organisation__slug=slug)
        assert any(t.is_overdue for t in tasks)
        groups = Group.objects.filter(organisation__slug=slug)
        assert groups.filter(kind="steering").count() == 1 and groups.filter(kind="circle").count() == 2
        assert Decision.objects.filter(meeting__group__organisation__slug=slug, task__isnull=False).exists()
        org = groups.first().organisation
        assert [p.user.email.split("@")[0] for p in capacity.workloads(org) if p.over_limit] == ["team"]
        ideas = Idea.objects.filter(organisation=org)
        assert ideas.count() == 12 and set(ideas.values_list("status", flat=True)) == set(Idea.Status.values)
        assert not ideas.filter(status="planned", measure__isnull=True).exists()
        assert 2 <= GoalProposal.objects.filter(organisation=org).count() <= 3
