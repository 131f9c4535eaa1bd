from datetime import date
from decimal import Decimal as D

import pytest

from gelingen.quality.figures.periods import Period
from gelingen.quality.figures.report import (
    build_report,
    default_report_period,
    figure_period_for,
    latest_rows,
    report_period_choices,
)
from gelingen.quality.figures.targets import TargetStatus
from tests.figures.factories import add_assessment, add_value, make_figure, make_indicator, make_ratio

Q3 = Period(2026, 3, "quarterly")


@pytest.mark.parametrize(
    ("rhythm", "report", "expected"),
    [
        ("quarterly", Q3, "2026-Q3"),
        ("monthly", Q3, "2026-09"),  # the last month of the quarter
        ("half_yearly", Q3, "2026-H1"),  # H2 is still running at the end of Q3
        ("yearly", Q3, "2025"),
        ("half_yearly", Period(2026, 4, "quarterly"), "2026-H2"),
        ("yearly", Period(2026, 4, "quarterly"), "2026"),
        ("quarterly", Period(2026, 5, "monthly"), "2026-Q1"),
        ("quarterly", Period(2026, 6, "monthly"), "2026-Q2"),
        ("monthly", Period(2026, 1, "yearly"), "2026-12"),
    ],
)
def test_other_rhythms_show_their_latest_period_ended_by_the_report_end(rhythm, report, expected):
    assert figure_period_for(rhythm, report).key == expected


@pytest.mark.django_db
def test_report_collects_values_previous_values_and_assessments(org_a, org_b, django_assert_max_num_queries):
    cases = make_figure(org_a, name="Fälle", rhythm="monthly", target=D(45))
    share = make_ratio(org_a, name="Anteil", rhythm="quarterly", target=D(65))
    waiting = make_figure(
        org_a, name="Wartezeit", rhythm="monthly", direction="lower", target=D(10), unit="Tage"
    )
    make_figure(org_a, name="Inaktiv", active=False)
    make_figure(org_b, name="Andere Organisation")
    add_value(cases, "2026-09", 47, note="gut")
    add_value(cases, "2026-08", 58)
    add_value(share, "2026-Q3", numerator=50, denominator=75)
    add_value(share, "2026-Q2", numerator=41, denominator=56)
    add_value(waiting, "2026-08", 9)
    indicator = make_indicator(org_a, title="Ernst genommen")
    add_assessment(indicator, "2026-H1", "met")
    add_assessment(indicator, "2025-H2", "partly")

    with django_assert_max_num_queries(4):
        report = build_report(org_a, Q3)
    rows = {row.figure.name: row for row in report.figures}
    assert list(rows) == ["Anteil", "Fälle", "Wartezeit"]
    assert rows["Fälle"].value.note == "gut"
    assert rows["Fälle"].change == D(-11)
    assert rows["Fälle"].status == TargetStatus.MET
    assert rows["Fälle"].trend.text == "sinkt (ungünstig)"
    assert rows["Fälle"].other_rhythm
    assert rows["Anteil"].current_value == D("66.6667") and rows["Anteil"].previous_value == D("73.2143")
    assert not rows["Anteil"].other_rhythm
    assert rows["Wartezeit"].value is None and rows["Wartezeit"].status == TargetStatus.NO_VALUE
    assert rows["Wartezeit"].change is None and rows["Wartezeit"].previous_value == D(9)
    assert (report.met, report.missed, report.missing_values) == (2, 0, 1)
    [ind] = report.indicators
    assert ind.period.key == "2026-H1" and ind.assessment.rating == "met" and ind.previous.rating == "partly"


@pytest.mark.django_db
def test_report_marks_missed_targets(org_a):
    share = make_ratio(org_a, name="Anteil", rhythm="quarterly", target=D(65))
    add_value(share, "2026-Q3", numerator=30, denominator=75)
    report = build_report(org_a, Q3)
    assert report.figures[0].status == TargetStatus.MISSED and report.missed == 1


def test_report_period_choices_and_default():
    today = date(2026, 11, 22)
    assert default_report_period(today).key == "2026-Q3"
    groups = dict(report_period_choices(today))
    assert groups["quartalsweise"][0] == ("2026-Q4", "4. Quartal 2026")
    assert ("2026-10", "Oktober 2026") in groups["monatlich"]
    assert ("2025", "2025") in groups["jährlich"]


@pytest.mark.django_db
def test_latest_rows_in_one_query(org_a, django_assert_num_queries):
    a = make_figure(org_a, name="A")
    b = make_figure(org_a, name="B", direction="lower", target=D(10))
    c = make_figure(org_a, name="C")
    for month, value in (("2026-01", 5), ("2026-02", 7), ("2026-04", 6)):
        add_value(a, month, value)
    add_value(b, "2026-03", 12)
    with django_assert_num_queries(1):
        rows = latest_rows([a, b, c])
        labels = [row.latest.period_label if row.latest else None for row in rows]
    assert labels == ["April 2026", "März 2026", None]
    assert rows[0].previous.period == "2026-02"
    assert rows[0].trend.text == "sinkt (ungünstig)"
    assert rows[1].trend is None and rows[1].status == TargetStatus.MISSED
    assert rows[2].latest is None and rows[2].status == TargetStatus.NO_TARGET
