from datetime import date, timedelta

import pytest
from django.utils import translation

from gelingen.quality.feedback.models import Feedback
from gelingen.quality.feedback.stats import (
    complaint_summary,
    counts_by,
    last_months,
    monthly_counts,
)

TODAY = date(2026, 2, 10)


def test_last_months_cross_the_year_oldest_first():
    months = last_months(TODAY)
    assert len(months) == 12 and months[0] == date(2025, 3, 1) and months[-1] == date(2026, 2, 1)
    assert months[10] == date(2026, 1, 1) and months[9] == date(2025, 12, 1)
    assert last_months(TODAY, 15)[0] == date(2024, 12, 1)


def make(org, days_ago, kind="suggestion", status="new", **kwargs):
    return Feedback.objects.create(
        organisation=org,
        kind=kind,
        status=status,
        received_on=TODAY - timedelta(days_ago),
        text="x",
        **kwargs,
    )


@pytest.mark.django_db
def test_monthly_counts_include_empty_months(org_a, org_b):
    make(org_a, 0)
    make(org_a, 5)
    make(org_a, 45)  # 27 Dec 2025
    make(org_a, 400)  # too old
    make(org_b, 0)  # another organisation
    with translation.override("de"):
        points = monthly_counts(Feedback.objects.filter(organisation=org_a), TODAY)
    assert len(points) == 12
    assert points[-1] == ("Feb 26", 2)
    assert points[-2] == ("Jan 26", 0)
    assert points[-3] == ("Dez 25", 1)
    assert sum(n for _label, n in points) == 3


@pytest.mark.django_db
def test_counts_by_kind_with_open_counts_and_zero_rows(org_a):
    make(org_a, 1, "complaint", "new")
    make(org_a, 2, "complaint", "done", consequence="x")
    make(org_a, 3, "praise", "done", consequence="x")
    rows = {row.key: row for row in counts_by(Feedback.objects.all(), "kind")}
    assert (rows["complaint"].total, rows["complaint"].open) == (2, 1)
    assert (rows["praise"].total, rows["praise"].open) == (1, 0)
    assert rows["evaluation"].total == 0 and rows["evaluation"].label == "Evaluationsergebnis"
    assert counts_by(Feedback.objects.all(), "channel")[0].key == "personal"


@pytest.mark.django_db
def test_complaint_summary(org_a):
    make(org_a, 50, "complaint", "done", consequence="x", done_on=TODAY - timedelta(40))  # 10 days
    make(org_a, 50, "complaint", "done", consequence="x", done_on=TODAY)  # 50 days
    make(org_a, 5, "complaint", "new")
    summary = complaint_summary(Feedback.objects.all())
    assert (summary.total, summary.done, summary.done_in_time) == (3, 2, 1)
    assert complaint_summary(Feedback.objects.none()).total == 0
