"""The procedure's deadlines in the due list, the reminders (14 and 3 days ahead, overdue) and iCal."""

from datetime import date, timedelta

import pytest
from django.core import mail

from gelingen.core import deadlines as core_deadlines
from gelingen.quality.activities import reminders
from gelingen.testing import due
from gelingen.testing.models import Procedure
from gelingen.testing.transitions import advance

S = Procedure.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(procedure, officer):
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))  # Selbstreport due 20 Feb 2026
    Procedure.objects.filter(pk=procedure.pk).update(officer=officer)
    return procedure


def items(org, until, today, monkeypatch, **kw):
    monkeypatch.setattr(due, "today", lambda: today)
    return list(due.procedure_due_items([org.pk], until, **kw))


def test_the_organisation_sees_its_deadline_the_body_sees_nothing_of_it(
    confirmed, org_a, body, qm_a, monkeypatch
):
    today = date(2026, 2, 10)
    (item,) = items(org_a, today + timedelta(days=14), today, monkeypatch)
    assert item.due == date(2026, 2, 20) and item.owner_id == qm_a.pk and item.organisation_id == org_a.pk
    assert item.key == f"testing.procedure:{confirmed.pk}:submission"
    assert item.url == f"/o/{org_a.slug}/testing/{confirmed.pk}/"
    assert items(body, today + timedelta(days=30), today, monkeypatch) == []
    assert items(org_a, date(2026, 2, 19), today, monkeypatch) == []  # beyond the horizon
    assert items(org_a, date(2026, 3, 1), today, monkeypatch, owner_id=qm_a.pk + 999) == []


def test_the_key_changes_three_days_ahead_so_a_second_reminder_goes_out(confirmed, org_a, monkeypatch):
    until = date(2026, 3, 31)
    assert items(org_a, until, date(2026, 2, 16), monkeypatch)[0].key.endswith(":submission")
    assert items(org_a, until, date(2026, 2, 17), monkeypatch)[0].key.endswith(":submission:3")
    assert items(org_a, until, date(2026, 2, 25), monkeypatch)[0].key.endswith(":submission:3")


def test_body_side_deadline_goes_to_the_officer(confirmed, qm_a, officer, body, org_a, monkeypatch):
    from tests.testing.conftest import submit

    submit(confirmed.cycle, qm_a, on=date(2025, 11, 3))  # Gutachten due 26 Jan 2026
    today = date(2026, 1, 20)
    (item,) = items(body, today + timedelta(days=14), today, monkeypatch)
    assert item.due == date(2026, 1, 26) and item.owner_id == officer.pk and item.organisation_id == body.pk
    assert item.url == f"/o/{body.slug}/testing/{confirmed.pk}/"


def test_send_reminders_14_days_ahead_3_days_ahead_and_overdue(confirmed, qm_a, monkeypatch):
    sent = []
    for day in (date(2026, 2, 6), date(2026, 2, 10), date(2026, 2, 17), date(2026, 2, 19), date(2026, 2, 21)):
        monkeypatch.setattr(due, "today", lambda day=day: day)
        planned = reminders.plan(day)
        reminders.send(planned, day)
        sent.append(sum(len(r.lines) for r in planned))
    assert sent == [1, 0, 1, 0, 1]  # 14 days ahead, 3 days ahead, overdue
    assert {m.to[0] for m in mail.outbox} == {qm_a.email}


def test_due_list_includes_procedure_items(confirmed, org_a, monkeypatch):
    monkeypatch.setattr(due, "today", lambda: date(2026, 2, 10))
    found = core_deadlines.due_items([org_a.pk], date(2026, 3, 1))
    assert any(i.key.startswith("testing.procedure:") for i in found)


def test_provider_queries_stay_bounded(
    org_a, kqs, body, qm_a, officer, monkeypatch, django_assert_max_num_queries
):
    from tests.conftest import make_cycle
    from tests.testing.conftest import make_procedure

    for i in range(10):
        p = make_procedure(make_cycle(org_a, kqs, title=f"Z{i}"), body, qm_a)
        advance(p, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    monkeypatch.setattr(due, "today", lambda: date(2026, 2, 10))
    with django_assert_max_num_queries(2):
        found = list(due.procedure_due_items([org_a.pk, body.pk], date(2026, 3, 1)))
    assert len(found) == 10


def test_the_deadline_is_in_the_personal_calendar_feed(confirmed, qm_a, monkeypatch):
    from gelingen.quality.activities.feed import feed_calendar
    from gelingen.quality.activities.models import CalendarFeed

    monkeypatch.setattr(due, "today", lambda: date(2026, 1, 5))
    feed = CalendarFeed(user=qm_a, token_hash="x" * 64)
    text = feed_calendar(feed, today=date(2026, 1, 5))
    assert "DTSTART;VALUE=DATE:20260220" in text
    assert "Einreichung des Selbstreports" in text
