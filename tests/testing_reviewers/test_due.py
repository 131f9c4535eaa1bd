"""What is due from a reviewer (reviewers.due): the Gutachten, its second check once handed over, the
visit with its protocol, the final workshop and a moderated workshop; in "Meine Verfahren", the due list,
the reminders (14 and 3 days ahead, when overdue) and the personal iCal feed, for the reviewer and, for
the reported dates, the organisation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gelingen.quality.activities import reminders
from gelingen.quality.activities.feed import feed_calendar
from gelingen.quality.activities.models import CalendarFeed
from gelingen.testing import due as testing_due
from gelingen.testing.gutachten.models import Gutachten
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers import deadlines, due
from gelingen.testing.reviewers.models import Assignment
from gelingen.testing.visits.models import Workshop
from tests.conftest import make_cycle
from tests.testing.conftest import make_procedure, submit
from tests.testing_visits.factories import report_visit

from .factories import make_body, make_officer, make_profile

pytestmark = pytest.mark.django_db
S = Procedure.Status
G = Gutachten.Status
FIRST, SECOND = Assignment.Role.FIRST, Assignment.Role.SECOND
SUBMITTED_ON = date(2026, 1, 5)  # Gutachten due 30.03.2026 (12 weeks)
SENT_ON = date(2026, 2, 2)  # visit due 16.03.2026 (6 weeks)


@pytest.fixture
def body(db):
    return make_body()


@pytest.fixture
def officer(body):
    return make_officer(body)


@pytest.fixture
def anna(body, kqs):
    return make_profile(body, "anna@pruef.example", model=kqs, capacity=20)


@pytest.fixture
def bert(body, kqs):
    return make_profile(body, "bert@pruef.example", model=kqs)


@pytest.fixture
def submission(cycle_a, qm_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return submit(cycle_a, qm_a)


@pytest.fixture
def on_day(monkeypatch):
    """Pretend today is `day` for every provider (they read timezone.localdate)."""

    def set_day(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        monkeypatch.setattr(testing_due, "today", lambda: day)
        return day

    return set_day


def _procedure(cycle, body, qm, officer, status=S.SUBMITTED, **fields) -> Procedure:
    fields.setdefault("submitted_on", SUBMITTED_ON)
    return make_procedure(cycle, body, qm, status=status, officer=officer, **fields)


def _assign(procedure, profile, role=FIRST) -> Assignment:
    return Assignment.objects.create(
        procedure=procedure, reviewer=profile.user, role=role, notified_on=date(2026, 1, 7)
    )


def _gutachten(procedure, submission, author, status) -> Gutachten:
    return Gutachten.objects.create(
        procedure=procedure,
        submission=submission,
        author=author,
        status=status,
        started_at=datetime(2026, 1, 10, 9, 0, tzinfo=UTC),
    )


def _tasks(assignment: Assignment, today: date, **kw) -> list[tuple[str, date, bool]]:
    row = due.with_due_data(Assignment.objects.filter(pk=assignment.pk)).get()
    return [(t.key, t.due, t.appointment) for t in due.tasks(row, today, **kw)]


TODAY = date(2026, 3, 2)
GUTACHTEN_DUE = date(2026, 3, 30)
VISIT_DUE = date(2026, 3, 16)


# --- the tasks -----------------------------------------------------------------------------------


def test_the_second_check_is_due_from_the_second_reviewer_only_once_handed_over(
    cycle_a, body, qm_a, officer, anna, bert, submission
):
    p = _procedure(cycle_a, body, qm_a, officer)
    first, second = _assign(p, anna), _assign(p, bert, SECOND)
    assert _tasks(first, TODAY) == [("gutachten", GUTACHTEN_DUE, False)]
    assert _tasks(second, TODAY) == []
    g = _gutachten(p, submission, anna.user, G.DRAFT)
    assert _tasks(first, TODAY) == [("gutachten", GUTACHTEN_DUE, False)] and _tasks(second, TODAY) == []
    Gutachten.objects.filter(pk=g.pk).update(status=G.SECOND_CHECK)
    assert _tasks(first, TODAY) == []
    assert _tasks(second, TODAY) == [("second_check", GUTACHTEN_DUE, False)]
    Gutachten.objects.filter(pk=g.pk).update(status=G.RETURNED)
    assert _tasks(first, TODAY) == [("gutachten", GUTACHTEN_DUE, False)] and _tasks(second, TODAY) == []
    Gutachten.objects.filter(pk=g.pk).update(status=G.APPROVED)  # the testing body sends it now
    assert _tasks(first, TODAY) == [] and _tasks(second, TODAY) == []


def test_after_sending_the_first_reviewer_reports_and_holds_the_visit_and_submits_the_protocol(
    cycle_a, body, qm_a, officer, anna, bert
):
    p = _procedure(cycle_a, body, qm_a, officer, S.GUTACHTEN, gutachten_sent_on=SENT_ON)
    first, second = _assign(p, anna), _assign(p, bert, SECOND)
    assert _tasks(first, TODAY) == [("visit", VISIT_DUE, False)]
    assert _tasks(second, TODAY) == []
    visit = report_visit(p, date(2026, 3, 10), by=anna.user)
    expected = [(f"visit_on:{visit.pk}", date(2026, 3, 10), True), (f"protocol:{visit.pk}", VISIT_DUE, False)]
    assert _tasks(first, TODAY) == expected
    assert _tasks(first, date(2026, 3, 10)) == expected  # on the day itself
    assert _tasks(first, date(2026, 3, 11)) == expected[1:]  # the appointment is over, the protocol not
    visit.submitted_at = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    visit.save()
    assert _tasks(first, date(2026, 3, 12)) == []


def test_a_visit_of_an_earlier_gutachten_does_not_count_for_the_current_one(
    cycle_a, body, qm_a, officer, anna
):
    p = _procedure(cycle_a, body, qm_a, officer, S.GUTACHTEN, gutachten_sent_on=SENT_ON)
    report_visit(p, SENT_ON - timedelta(days=1))
    assert _tasks(_assign(p, anna), TODAY) == [("visit", VISIT_DUE, False)]


def test_the_final_workshop_and_a_moderated_workshop_are_appointments(
    cycle_a, body, qm_a, officer, anna, bert
):
    p = _procedure(cycle_a, body, qm_a, officer, S.DECIDED, workshop_on=date(2026, 3, 20))
    first, second = _assign(p, anna), _assign(p, bert, SECOND)
    assert _tasks(first, TODAY) == [("final_workshop", date(2026, 3, 20), True)]
    assert _tasks(first, date(2026, 3, 21)) == []
    workshop = Workshop.objects.create(
        cycle=cycle_a, testing_body=body, kind=Workshop.Kind.INTRO, moderator=bert, on=date(2026, 3, 25)
    )
    assert _tasks(second, TODAY) == [(f"workshop:{workshop.pk}", date(2026, 3, 25), True)]
    assert _tasks(second, TODAY, workshop=False) == []
    assert _tasks(first, date(2026, 3, 21)) == []  # anna does not moderate it
    Procedure.objects.filter(pk=p.pk).update(workshop_held_on=date(2026, 3, 20))
    Workshop.objects.filter(pk=workshop.pk).update(held_on=date(2026, 3, 25))
    assert _tasks(first, TODAY) == [] and _tasks(second, TODAY) == []


# --- "Meine Verfahren" ---------------------------------------------------------------------------


def _page_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_my_procedures_shows_what_is_due_with_the_same_queries_for_1_and_10_rows(
    client,
    org_a,
    kqs,
    cycle_a,
    body,
    qm_a,
    officer,
    anna,
    bert,
    submission,
    on_day,
    django_assert_max_num_queries,
):
    on_day(TODAY)
    p = _procedure(cycle_a, body, qm_a, officer)
    _assign(p, bert)
    _assign(p, anna, SECOND)
    _gutachten(p, submission, bert.user, G.SECOND_CHECK)
    client.force_login(anna.user)
    url = reverse("testing_reviewers:my_procedures", args=[body.slug])
    one, page = _page_queries(client, url)
    assert "Zweitbegutachtung des Gutachtens: 30.03.2026" in page
    for n in range(9):
        cycle = make_cycle(org_a, kqs, title=f"Zyklus {n}")
        if n % 3 == 0:
            other = _procedure(cycle, body, qm_a, officer, S.GUTACHTEN, gutachten_sent_on=SENT_ON)
            report_visit(other, date(2026, 3, 10))
        elif n % 3 == 1:
            other = _procedure(cycle, body, qm_a, officer, S.DECIDED, workshop_on=date(2026, 3, 20))
            Workshop.objects.create(
                cycle=cycle, testing_body=body, kind=Workshop.Kind.INTRO, moderator=anna, on=date(2026, 3, 25)
            )
        else:
            other = _procedure(cycle, body, qm_a, officer)
        _assign(other, anna)
    with django_assert_max_num_queries(one):
        response = client.get(url)
    page = response.content.decode()
    assert len(response.context["page"]) == 10
    assert "Visitation am 10.03.2026" in page and "Protokoll der Visitation einreichen: 16.03.2026" in page
    assert "Abschlussworkshop moderieren am 20.03.2026" in page
    assert "Einführungsworkshop moderieren am 25.03.2026" in page
    assert "Gutachten: 30.03.2026" in page


def test_the_reviewer_procedure_page_lists_the_same_tasks(client, cycle_a, body, qm_a, officer, anna, on_day):
    on_day(TODAY)
    p = _procedure(cycle_a, body, qm_a, officer, S.GUTACHTEN, gutachten_sent_on=SENT_ON)
    _assign(p, anna)
    client.force_login(anna.user)
    page = client.get(reverse("testing_reviewers:my_procedure", args=[body.slug, p.pk])).content.decode()
    assert "Visitation vereinbaren und melden: 16.03.2026" in page


# --- due list, reminders, iCal -------------------------------------------------------------------


def _items(provider, org, today, on_day, **kw):
    on_day(today)
    return list(provider([org.pk], today + timedelta(days=14), **kw))


def test_the_gutachten_reaches_the_due_list_14_days_ahead_with_a_new_key_3_days_ahead(
    cycle_a, body, qm_a, officer, anna, on_day
):
    a = _assign(_procedure(cycle_a, body, qm_a, officer), anna)
    key = f"testing_reviewers.gutachten:{a.pk}"
    assert _items(deadlines.reviewer_due_items, body, date(2026, 3, 15), on_day) == []  # 15 days ahead
    (item,) = _items(deadlines.reviewer_due_items, body, date(2026, 3, 16), on_day)  # 14 days ahead
    assert (item.key, item.due, item.owner_id, item.organisation_id) == (
        key,
        GUTACHTEN_DUE,
        anna.user_id,
        body.pk,
    )
    assert _items(deadlines.reviewer_due_items, body, date(2026, 3, 26), on_day)[0].key == key  # 4 days
    assert _items(deadlines.reviewer_due_items, body, date(2026, 3, 27), on_day)[0].key == f"{key}:3"
    (late,) = _items(deadlines.reviewer_due_items, body, date(2026, 3, 31), on_day)  # overdue: still there
    assert late.key == f"{key}:3" and late.overdue
    assert _items(deadlines.reviewer_due_items, body, date(2026, 3, 16), on_day, owner_id=officer.pk) == []


def test_send_reminders_reach_the_reviewer_14_and_3_days_ahead_and_when_overdue(
    cycle_a, body, qm_a, officer, anna, on_day
):
    _assign(_procedure(cycle_a, body, qm_a, officer), anna)
    lines = []
    for day in (
        date(2026, 3, 16),
        date(2026, 3, 20),
        date(2026, 3, 27),
        date(2026, 3, 29),
        date(2026, 3, 31),
    ):
        on_day(day)
        planned = reminders.plan(day)
        reminders.send(planned, day)
        lines.append(sum(len(r.lines) for r in planned if r.user.pk == anna.user_id))
    assert lines == [1, 0, 1, 0, 1]


def test_the_second_check_reaches_the_second_reviewer_once_handed_over(
    cycle_a, body, qm_a, officer, anna, bert, submission, on_day
):
    p = _procedure(cycle_a, body, qm_a, officer)
    _assign(p, anna)
    second = _assign(p, bert, SECOND)
    g = _gutachten(p, submission, anna.user, G.DRAFT)
    assert _items(deadlines.reviewer_due_items, body, TODAY, on_day, owner_id=bert.user_id) == []
    Gutachten.objects.filter(pk=g.pk).update(status=G.SECOND_CHECK)
    (item,) = _items(deadlines.reviewer_due_items, body, date(2026, 3, 20), on_day, owner_id=bert.user_id)
    assert item.key == f"testing_reviewers.second_check:{second.pk}" and item.due == GUTACHTEN_DUE
    assert _items(deadlines.reviewer_due_items, body, date(2026, 3, 20), on_day, owner_id=anna.user_id) == []


def test_the_reported_visit_is_an_event_for_organisation_and_reviewer_and_in_their_calendars(
    client, cycle_a, org_a, body, qm_a, officer, anna, on_day
):
    p = _procedure(cycle_a, body, qm_a, officer, S.GUTACHTEN, gutachten_sent_on=SENT_ON)
    _assign(p, anna)
    visit = report_visit(p, date(2026, 3, 10), by=anna.user)
    (event,) = _items(deadlines.appointment_due_items, org_a, TODAY, on_day)
    assert (event.due, event.owner_id, event.organisation_id) == (date(2026, 3, 10), qm_a.pk, org_a.pk)
    assert "Visitation am 10.03.2026" in event.title and event.url == p.get_absolute_url()
    assert _items(deadlines.appointment_due_items, body, TODAY, on_day) == []  # not the body's side
    reviewer = {i.key: i for i in _items(deadlines.reviewer_due_items, body, TODAY, on_day)}
    assert set(reviewer) == {
        f"testing_reviewers.visit_on:{visit.pk}:{Assignment.objects.get().pk}",
        f"testing_reviewers.protocol:{visit.pk}:{Assignment.objects.get().pk}",
    }
    client.force_login(anna.user)
    assert all(client.get(i.url).status_code == 200 for i in reviewer.values())  # her visit page
    on_day(TODAY)
    org_feed = feed_calendar(CalendarFeed(user=qm_a, token_hash="q" * 64), today=TODAY)
    assert "DTSTART;VALUE=DATE:20260310" in org_feed and "Visitation am 10.03.2026" in org_feed
    mine = feed_calendar(CalendarFeed(user=anna.user, token_hash="a" * 64), today=TODAY)
    assert "DTSTART;VALUE=DATE:20260310" in mine and "DTSTART;VALUE=DATE:20260316" in mine
    assert _items(deadlines.appointment_due_items, org_a, date(2026, 3, 11), on_day) == []  # over


def test_the_final_workshop_is_an_event_for_organisation_and_reviewer(
    cycle_a, org_a, body, qm_a, officer, anna, on_day
):
    p = _procedure(cycle_a, body, qm_a, officer, S.DECIDED, workshop_on=date(2026, 3, 20))
    _assign(p, anna)
    assert _items(deadlines.appointment_due_items, org_a, date(2026, 3, 5), on_day) == []  # 15 days ahead
    (event,) = _items(deadlines.appointment_due_items, org_a, date(2026, 3, 6), on_day)  # 14 days ahead
    assert event.due == date(2026, 3, 20) and event.owner_id == qm_a.pk
    assert event.key == f"testing_reviewers.org.final_workshop:{p.pk}"
    assert (
        _items(deadlines.appointment_due_items, org_a, date(2026, 3, 17), on_day)[0].key == f"{event.key}:3"
    )
    (mine,) = _items(deadlines.reviewer_due_items, body, date(2026, 3, 6), on_day)
    assert mine.owner_id == anna.user_id and "Abschlussworkshop moderieren am 20.03.2026" in mine.title
    assert _items(deadlines.appointment_due_items, org_a, date(2026, 3, 21), on_day) == []  # over


def test_a_moderated_workshop_reaches_its_moderator_assigned_or_not(cycle_a, body, anna, bert, on_day):
    workshop = Workshop.objects.create(
        cycle=cycle_a, testing_body=body, kind=Workshop.Kind.INTRO, moderator=bert, on=date(2026, 3, 16)
    )
    (item,) = _items(deadlines.moderation_due_items, body, TODAY, on_day)
    assert item.owner_id == bert.user_id and item.due == date(2026, 3, 16)
    assert item.url == reverse("visits:workshop", args=[body.slug, cycle_a.pk])
    assert _items(deadlines.moderation_due_items, body, TODAY, on_day, owner_id=anna.user_id) == []
    Workshop.objects.filter(pk=workshop.pk).update(held_on=date(2026, 3, 16))
    assert _items(deadlines.moderation_due_items, body, TODAY, on_day) == []


def test_the_providers_run_the_same_queries_for_1_and_10_procedures(
    org_a, kqs, cycle_a, body, qm_a, officer, anna, on_day, django_assert_max_num_queries
):
    on_day(TODAY)
    p = _procedure(cycle_a, body, qm_a, officer, S.GUTACHTEN, gutachten_sent_on=SENT_ON)
    _assign(p, anna)
    report_visit(p, date(2026, 3, 10))
    until = TODAY + timedelta(days=30)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            list(deadlines.reviewer_due_items([body.pk], until))
            list(deadlines.appointment_due_items([org_a.pk], until))
            list(deadlines.moderation_due_items([body.pk], until))
        counts.append(len(queries))
        for n in range(9):
            other = _procedure(
                make_cycle(org_a, kqs, title=f"Z{n}"),
                body,
                qm_a,
                officer,
                S.GUTACHTEN,
                gutachten_sent_on=SENT_ON,
            )
            _assign(other, anna)
            report_visit(other, date(2026, 3, 10))
    assert counts[0] == counts[1]
