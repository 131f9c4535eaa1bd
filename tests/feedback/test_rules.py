from datetime import date, timedelta

import pytest

from gelingen.quality.feedback.models import Feedback
from gelingen.quality.feedback.rules import (
    age_days,
    handling_errors,
    is_overdue_complaint,
    overdue_complaints,
    settle_done_date,
)

TODAY = date(2026, 6, 15)
DAY = timedelta(days=1)


def entry(**kwargs) -> Feedback:
    defaults = {"kind": Feedback.Kind.COMPLAINT, "status": Feedback.Status.NEW, "received_on": TODAY}
    return Feedback(**{**defaults, **kwargs})


def test_done_needs_a_consequence():
    errors = handling_errors("done", "  ", TODAY, None, None, TODAY)
    assert errors == {
        "consequence": "Eine Rückmeldung kann erst als erledigt markiert werden, wenn die gezogene "
        "Konsequenz eingetragen ist."
    }
    assert handling_errors("done", "Ablauf geändert", TODAY, TODAY, None, TODAY) == {}
    assert handling_errors("in_progress", "", TODAY, None, None, TODAY) == {}


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        (("new", "", TODAY + DAY, None, None), "received_on", "nicht in der Zukunft"),
        (("done", "x", TODAY - DAY, TODAY + DAY, None), "done_on", "nicht in der Zukunft"),
        (("done", "x", TODAY, TODAY - DAY, None), "done_on", "vor dem Eingang"),
        (("new", "", TODAY, None, TODAY - DAY), "informed_on", "vor dem Eingang"),
        (("in_progress", "x", TODAY - DAY, TODAY, None), "done_on", "nur zum Status „erledigt“"),
    ],
)
def test_dates_must_fit(args, field, message):
    assert message in handling_errors(*args, TODAY)[field]


def test_settle_done_date():
    done = entry(status="done")
    settle_done_date(done, TODAY)
    assert done.done_on == TODAY
    given = entry(status="done", done_on=TODAY - DAY)
    settle_done_date(given, TODAY)
    assert given.done_on == TODAY - DAY
    reopened = entry(status="in_progress", done_on=TODAY)
    settle_done_date(reopened, TODAY)
    assert reopened.done_on is None


@pytest.mark.parametrize(
    ("days", "kind", "status", "overdue"),
    [
        (30, "complaint", "new", False),
        (31, "complaint", "new", True),
        (45, "complaint", "in_progress", True),
        (45, "complaint", "done", False),
        (45, "suggestion", "new", False),
    ],
)
def test_open_complaints_older_than_30_days(days, kind, status, overdue):
    item = entry(kind=kind, status=status, received_on=TODAY - timedelta(days=days))
    assert age_days(item, TODAY) == days
    assert is_overdue_complaint(item, TODAY) is overdue


@pytest.mark.django_db
def test_database_filter_matches_the_rule(org_a):
    cases = [
        (30, "complaint", "new"),
        (31, "complaint", "new"),
        (60, "complaint", "done"),
        (90, "praise", "new"),
    ]
    items = [
        Feedback.objects.create(
            organisation=org_a, kind=kind, status=status, received_on=TODAY - timedelta(days), text="x"
        )
        for days, kind, status in cases
    ]
    expected = {i.pk for i in items if is_overdue_complaint(i, TODAY)}
    assert set(overdue_complaints(Feedback.objects.all(), TODAY).values_list("pk", flat=True)) == expected
    assert len(expected) == 1


def test_complaint_due_date():
    assert entry(received_on=TODAY).complaint_due == TODAY + timedelta(days=30)
    assert entry(kind="praise").complaint_due is None
