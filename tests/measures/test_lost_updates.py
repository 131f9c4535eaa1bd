"""Two people editing the same measure, group, meeting, decision or task: the second save is refused
with the conflict message, the first edit stays (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gelingen.quality.measures.models import Decision, Group, Measure, Meeting, Milestone, Task
from tests.edit_pairs import CONFLICT, count_lost, form_values, interleaved, simultaneous

from .factories import make_decision, make_group, make_measure, make_meeting, make_milestone, make_task

pytestmark = pytest.mark.django_db

ROUNDS = 10


def url(name, org, *args):
    return reverse(f"measures:{name}", args=[org.slug, *args])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pair_of(qm_a, leitung_a):
    return _client(qm_a), _client(leitung_a)


# Groups, meetings, decisions ---------------------------------------------------------------------


def test_group_edit_second_gets_the_conflict(org_a, pair_of):
    group = make_group(org_a, purpose="Alt")
    a, b = pair_of
    pair = interleaved(a, b, url("group_edit", org_a, group.pk), {"purpose": "Von A"}, {"purpose": "Von B"})
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert pair.second.status_code == 200 and CONFLICT in html and "Von A" in html and "Von B" in html
    group.refresh_from_db()
    assert (group.purpose, group.lock_version) == ("Von A", 1)


def test_meeting_notes_second_gets_the_conflict(org_a, pair_of):
    meeting = make_meeting(make_group(org_a), notes="Entwurf")
    a, b = pair_of
    pair = interleaved(a, b, url("meeting_edit", org_a, meeting.pk), {"notes": "Von A"}, {"notes": "Von B"})
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert CONFLICT in html and "Von B" in html
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.lock_version) == ("Von A", 1)


def test_decision_in_the_minutes_second_gets_the_conflict(org_a, pair_of):
    meeting = make_meeting(make_group(org_a))
    decision = make_decision(meeting, text="Zeitplan verschicken")
    a, b = pair_of
    pair = interleaved(
        a,
        b,
        url("meeting_edit", org_a, meeting.pk),
        {"decisions-0-text": "Zeitplan bis Freitag verschicken"},
        {"decisions-0-text": "Zeitplan streichen"},
    )
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert CONFLICT in html and "Zeitplan streichen" in html
    decision.refresh_from_db()
    assert decision.text == "Zeitplan bis Freitag verschicken"


def test_unchanged_rows_and_empty_extra_rows_are_no_conflict(org_a, pair_of):
    """B only changes the notes; A changed nothing B sent: B's save goes through."""
    meeting = make_meeting(make_group(org_a))
    make_decision(meeting)
    a, _b = pair_of
    page = url("meeting_edit", org_a, meeting.pk)
    response = a.post(page, {**form_values(a.get(page).content.decode()), "notes": "Ergänzt"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).notes == "Ergänzt"
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_marking_a_decision_done_moves_its_version(org_a, pair_of):
    """B has the minutes open with the decision still open; A marks it done: B's save must not reopen it."""
    meeting = make_meeting(make_group(org_a))
    decision = make_decision(meeting)
    a, b = pair_of
    page = url("meeting_edit", org_a, meeting.pk)
    loaded_by_b = form_values(b.get(page).content.decode())
    a.post(url("decision_done", org_a, decision.pk), {"done": "1"})
    response = b.post(page, {**loaded_by_b, "notes": "Von B"})
    assert CONFLICT in response.content.decode()
    decision.refresh_from_db()
    assert decision.done is True and decision.lock_version == 1


def test_a_meeting_that_moves_the_next_date_conflicts_with_an_open_group_form(org_a, pair_of):
    group = make_group(org_a, rhythm_count=4, rhythm_unit="weeks")
    a, b = pair_of
    group_page = url("group_edit", org_a, group.pk)
    loaded_by_b = form_values(b.get(group_page).content.decode())
    meeting_page = url("meeting_create", org_a, group.pk)
    data = form_values(a.get(meeting_page).content.decode())
    assert a.post(meeting_page, {**data, "date": "2026-03-03"}).status_code == 302
    group.refresh_from_db()
    assert str(group.next_meeting) == "2026-03-31"
    response = b.post(group_page, {**loaded_by_b, "purpose": "Von B"})
    assert CONFLICT in response.content.decode()
    assert str(Group.objects.get(pk=group.pk).next_meeting) == "2026-03-31"


# Measures, milestones, tasks ---------------------------------------------------------------------


def test_measure_edit_second_gets_the_conflict(org_a, pair_of):
    measure = make_measure(org_a)
    a, b = pair_of
    pair = interleaved(a, b, url("edit", org_a, measure.pk), {"goal": "Von A"}, {"goal": "Von B"})
    assert pair.first.status_code == 302
    assert CONFLICT in pair.second.content.decode()
    measure.refresh_from_db()
    assert (measure.goal, measure.lock_version) == ("Von A", 1)


def test_reaching_a_milestone_moves_its_version(org_a, pair_of):
    milestone = make_milestone(make_measure(org_a))
    a, b = pair_of
    page = url("milestone_edit", org_a, milestone.pk)
    loaded_by_b = form_values(b.get(page).content.decode())
    a.post(url("milestone_reached", org_a, milestone.pk), {"reached": "1"})
    response = b.post(page, {**loaded_by_b, "title": "Von B"})
    assert CONFLICT in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).reached is True


def _status_action(org, task) -> str:
    return url("task_status", org, task.pk)


def test_task_status_htmx_second_gets_the_conflict_in_the_row(org_a, pair_of):
    measure = make_measure(org_a)
    task = make_task(measure)
    a, b = pair_of
    pair = interleaved(
        a,
        b,
        url("detail", org_a, measure.pk),
        {"status": "done"},
        {"status": "in_progress"},
        post_to=_status_action(org_a, task),
        action=_status_action(org_a, task),
        HTTP_HX_REQUEST="true",
    )
    first = pair.first.content.decode()
    assert pair.first.status_code == 200 and "gespeichert" in first and CONFLICT not in first
    row = pair.second.content.decode()
    assert pair.second.status_code == 200  # htmx swaps only successful answers
    assert row.lstrip().startswith(f'<tr id="task-{task.pk}"')  # the row, not a page
    assert "Jemand anderes hat diese Aufgabe geändert" in row and 'role="alert"' in row
    assert "Gespeichert ist jetzt: Status: erledigt" in row
    assert "Ihre Eingabe (nicht gespeichert): Status: in Arbeit" in row
    assert '<option value="done" selected>' in row  # the row shows what is stored
    assert 'name="lock_version" value="1"' in row  # choosing again is a deliberate choice
    task.refresh_from_db()
    assert (task.status, task.lock_version) == ("done", 1)
    again = b.post(
        _status_action(org_a, task),
        {**form_values(row, _status_action(org_a, task)), "status": "in_progress"},
        HTTP_HX_REQUEST="true",
    )
    assert CONFLICT not in again.content.decode()
    assert Task.objects.get(pk=task.pk).status == "in_progress"


def test_task_status_without_javascript_reports_the_conflict(org_a, pair_of):
    measure = make_measure(org_a)
    task = make_task(measure)
    a, b = pair_of
    pair = interleaved(
        a,
        b,
        url("detail", org_a, measure.pk),
        {"status": "done"},
        {"status": "in_progress"},
        post_to=_status_action(org_a, task),
        action=_status_action(org_a, task),
    )
    assert pair.first.status_code == 302 and pair.second.status_code == 302
    page = b.get(pair.second["Location"]).content.decode()
    assert "Jemand anderes hat diese Aufgabe geändert" in page
    assert Task.objects.get(pk=task.pk).status == "done"


def test_detail_page_sends_the_version_with_the_status(client_qm, org_a):
    measure = make_measure(org_a)
    task = make_task(measure)
    Task.objects.filter(pk=task.pk).update(lock_version=7)
    html = client_qm.get(url("detail", org_a, measure.pk)).content.decode()
    data = form_values(html, action=_status_action(org_a, task))
    assert data["lock_version"] == "7"
    assert f'hx-post="{_status_action(org_a, task)}"' in html


# Counted: interleaved pairs on every form above ------------------------------------------------


def _rounds(org, a, b, name, make, page_of, field, post_to=None, **extra) -> int:
    def run(i: int):
        record = make()
        page = page_of(record)
        target = post_to(record) if post_to else None
        pair = interleaved(
            a, b, page, {field: f"A{i}"}, {field: f"B{i}"}, post_to=target, action=target, **extra
        )
        record.refresh_from_db()
        return pair, getattr(record, field.split("-")[-1]) == f"A{i}"

    return count_lost(ROUNDS, run)


def test_no_interleaved_pair_loses_an_edit(org_a, pair_of):
    a, b = pair_of
    group = make_group(org_a)
    lost = {
        "group": _rounds(
            org_a,
            a,
            b,
            "group",
            lambda: make_group(org_a),
            lambda g: url("group_edit", org_a, g.pk),
            "purpose",
        ),
        "meeting": _rounds(
            org_a,
            a,
            b,
            "meeting",
            lambda: make_meeting(group),
            lambda m: url("meeting_edit", org_a, m.pk),
            "notes",
        ),
        "measure": _rounds(
            org_a, a, b, "measure", lambda: make_measure(org_a), lambda m: url("edit", org_a, m.pk), "goal"
        ),
    }
    statuses = 0
    for _i in range(ROUNDS):
        measure = make_measure(org_a)
        task = make_task(measure)
        pair = interleaved(
            a,
            b,
            url("detail", org_a, measure.pk),
            {"status": "done"},
            {"status": "in_progress"},
            post_to=_status_action(org_a, task),
            action=_status_action(org_a, task),
            HTTP_HX_REQUEST="true",
        )
        task.refresh_from_db()
        statuses += task.status != "done" and CONFLICT not in pair.second.content.decode()
    lost["task status"] = statuses
    assert lost == {"group": 0, "meeting": 0, "measure": 0, "task status": 0}


@pytest.mark.django_db(transaction=True)
def test_simultaneous_task_status_changes_on_postgresql(org_a, qm_a, leitung_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory cannot be shared between connections; the pair tests cover it")
    task = make_task(make_measure(org_a))
    target = _status_action(org_a, task)
    for _round in range(5):
        Task.objects.filter(pk=task.pk).update(lock_version=0, status="open")
        statuses = ("done", "in_progress")
        responses = simultaneous(
            [
                (user, target, {"status": s, "lock_version": "0"})
                for user, s in zip((qm_a, leitung_a), statuses, strict=True)
            ],
            HTTP_HX_REQUEST="true",
        )
        refused = [s for s, r in zip(statuses, responses, strict=True) if CONFLICT in r.content.decode()]
        assert len(refused) == 1, [r.content.decode() for r in responses]
        winner = next(s for s in statuses if s not in refused)
        stored = Task.objects.get(pk=task.pk)
        assert (stored.status, stored.lock_version) == (winner, 1)


def test_measure_model_still_rates_the_justification(org_a, client_qm):
    """The versioned save keeps what the measure save did: rating and the success message."""
    measure = make_measure(org_a)
    page = url("edit", org_a, measure.pk)
    response = client_qm.post(page, {**form_values(client_qm.get(page).content.decode()), "goal": "Neu"})
    assert response.status_code == 302
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.goal, stored.lock_version, stored.justification_level) == ("Neu", 1, "missing")
