"""Two authors editing the same goal report (QB 12a) or the organisation chart's description at once:
the second save is refused with the conflict message (fingerprint of the stored values, no version
column), the first stays."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gelingen.core.versioning import EditConflict
from gelingen.selfreport.forms import GoalReportForm
from gelingen.selfreport.models import GoalReport, SelfReport
from gelingen.selfreport.setup import create_report
from tests.conftest import make_cycle
from tests.edit_pairs import CONFLICT, count_lost, form_values, interleaved

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def goal(org_a, kqs, qm_a):
    report = create_report(make_cycle(org_a, kqs, kind="retest", title="Retest"), qm_a)
    chapter = report.chapters.get(key="qb12a")
    return GoalReport.objects.create(chapter=chapter, goal="Angehörige einbeziehen", outcome="achieved")


def _page(goal) -> str:
    report = goal.chapter.report
    return reverse("selfreport:goal_edit", args=[report.cycle.organisation.slug, report.cycle_id, goal.pk])


def test_second_author_gets_the_conflict(goal, qm_a, staff_a):
    pair = interleaved(
        _client(qm_a),
        _client(staff_a),
        _page(goal),
        {
            "outcome": "changed",
            "text": "Von A begründet",
            "changed_goal": "Angehörige zweimal im Jahr einbeziehen",
        },
        {"outcome": "missed", "text": "Von B begründet"},
    )
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert pair.second.status_code == 200 and CONFLICT in html and "Von A begründet" in html
    assert "Von B begründet" in html
    goal.refresh_from_db()
    assert (goal.outcome, goal.text) == ("changed", "Von A begründet")
    again = _client(staff_a).post(_page(goal), form_values(html))  # on purpose, against A's state
    assert again.status_code == 302
    assert GoalReport.objects.get(pk=goal.pk).text == "Von B begründet"


def test_no_interleaved_pair_loses_an_edit(goal, qm_a, staff_a):
    a, b = _client(qm_a), _client(staff_a)

    def run(i: int):
        pair = interleaved(a, b, _page(goal), {"text": f"A {i}"}, {"text": f"B {i}"})
        return pair, GoalReport.objects.get(pk=goal.pk).text == f"A {i}"

    assert count_lost(10, run) == 0


def test_a_validated_form_loses_against_a_save_in_between(goal):
    data = {**form_values_of(goal), "text": "B"}
    form = GoalReportForm(data, instance=GoalReport.objects.get(pk=goal.pk))
    assert form.is_valid(), form.errors
    GoalReport.objects.filter(pk=goal.pk).update(text="A")  # saved meanwhile
    with pytest.raises(EditConflict):
        form.save()
    assert GoalReport.objects.get(pk=goal.pk).text == "A"


def form_values_of(goal) -> dict:
    unbound = GoalReportForm(instance=goal)
    return {name: unbound[name].value() or "" for name in unbound.fields}


def test_org_chart_description_second_gets_the_conflict(report, qm_a, staff_a):
    SelfReport.objects.filter(pk=report.pk).update(org_chart_alt="Alt")
    page = reverse("selfreport:images", args=[report.cycle.organisation.slug, report.cycle_id])
    a, b = _client(qm_a), _client(staff_a)
    loaded_a, loaded_b = (form_values(c.get(page).content.decode()) for c in (a, b))
    assert loaded_a["chart-loaded_state"]
    assert a.post(page, {**loaded_a, "chart-org_chart_alt": "Von A"}).status_code == 302
    response = b.post(page, {**loaded_b, "chart-org_chart_alt": "Von B"})
    assert CONFLICT in response.content.decode()
    assert SelfReport.objects.get(pk=report.pk).org_chart_alt == "Von A"
