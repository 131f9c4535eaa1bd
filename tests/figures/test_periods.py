from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gelingen.quality.figures.periods import (
    Period,
    Rhythm,
    check_started,
    detect_period,
    last_completed,
    parse_period,
    period_containing,
    period_label,
    recent_periods,
)


@pytest.mark.parametrize(
    ("rhythm", "text", "key"),
    [
        ("monthly", "2026-03", "2026-03"),
        ("monthly", "2026-3", "2026-03"),
        ("monthly", "03/2026", "2026-03"),
        ("monthly", "3.2026", "2026-03"),
        ("monthly", " 2026/12 ", "2026-12"),
        ("monthly", "März 2026", "2026-03"),
        ("monthly", "Dez 2025", "2025-12"),
        ("quarterly", "2026-Q1", "2026-Q1"),
        ("quarterly", "2026-q4", "2026-Q4"),
        ("quarterly", "Q2 2026", "2026-Q2"),
        ("quarterly", "Q3/2026", "2026-Q3"),
        ("quarterly", "2. Quartal 2026", "2026-Q2"),
        ("quarterly", "II/2026", "2026-Q2"),
        ("half_yearly", "2026-H1", "2026-H1"),
        ("half_yearly", "2026-HJ2", "2026-H2"),
        ("half_yearly", "H2 2025", "2025-H2"),
        ("half_yearly", "1. Halbjahr 2026", "2026-H1"),
        ("yearly", "2026", "2026"),
        ("yearly", " 2024 ", "2024"),
    ],
)
def test_parse_period_accepts_common_spellings(rhythm, text, key):
    assert parse_period(rhythm, text).key == key


@pytest.mark.parametrize(
    ("rhythm", "text"),
    [
        ("monthly", "2026-13"),
        ("monthly", "2026-00"),
        ("monthly", "2026-Q1"),
        ("monthly", "2026"),
        ("monthly", "Foo 2026"),
        ("quarterly", "2026-Q5"),
        ("quarterly", "2026-03"),
        ("quarterly", "2026-H1"),
        ("half_yearly", "2026-H3"),
        ("half_yearly", "2026-Q1"),
        ("yearly", "26"),
        ("yearly", "2026-01"),
        ("yearly", "1800"),
        ("monthly", ""),
    ],
)
def test_parse_period_refuses_what_does_not_fit_the_rhythm(rhythm, text):
    with pytest.raises(ValidationError):
        parse_period(rhythm, text)


def test_parse_error_is_german_and_names_the_rhythm_and_an_example():
    with pytest.raises(ValidationError) as exc:
        parse_period("monthly", "2026-13")
    assert exc.value.messages == [
        "Zeitraum „2026-13“ passt nicht zum Rhythmus monatlich. Erwartet wird z. B. „2026-03“."
    ]
    with pytest.raises(ValidationError) as exc:
        parse_period("quarterly", "2026-07")
    assert "quartalsweise" in exc.value.messages[0] and "2026-Q1" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(2026, 2, "monthly"), date(2026, 2, 1), date(2026, 2, 28)),
        (Period(2024, 2, "monthly"), date(2024, 2, 1), date(2024, 2, 29)),
        (Period(2026, 3, "quarterly"), date(2026, 7, 1), date(2026, 9, 30)),
        (Period(2026, 2, "half_yearly"), date(2026, 7, 1), date(2026, 12, 31)),
        (Period(2026, 1, "yearly"), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_start_and_end(period, start, end):
    assert (period.start, period.end) == (start, end)


def test_shift_crosses_year_boundaries():
    assert Period(2026, 1, "monthly").previous.key == "2025-12"
    assert Period(2025, 12, "monthly").next.key == "2026-01"
    assert Period(2026, 1, "quarterly").shift(-5).key == "2024-Q4"
    assert Period(2026, 2, "half_yearly").next.key == "2027-H1"
    assert Period(2026, 1, "yearly").shift(-3).key == "2023"


def test_labels():
    assert period_label(Period(2026, 3, "monthly")) == "März 2026"
    assert period_label("2026-Q2", "quarterly") == "2. Quartal 2026"
    assert period_label("2026-H1", "half_yearly") == "1. Halbjahr 2026"
    assert period_label("2026", "yearly") == "2026"
    assert period_label("2026-Q2") == "2. Quartal 2026"  # rhythm detected from the key
    assert period_label("nonsense") == ""
    assert Period(2026, 3, "monthly").short_label == "03/26"
    assert Period(2026, 4, "quarterly").short_label == "Q4/26"


def test_containing_last_completed_and_recent():
    today = date(2026, 5, 14)
    assert period_containing("quarterly", today).key == "2026-Q2"
    assert last_completed("monthly", today).key == "2026-04"
    assert last_completed("half_yearly", today).key == "2025-H2"
    assert last_completed("yearly", today).key == "2025"
    recent = recent_periods("quarterly", today, 3)
    assert [p.key for p in recent] == ["2026-Q2", "2026-Q1", "2025-Q4"]
    assert len(recent_periods("monthly", today)) == 24


def test_keys_sort_like_periods_within_a_rhythm():
    keys = [Period(2025, 8, "monthly").shift(i).key for i in range(8)]
    assert keys[-1] == "2026-03" and keys == sorted(keys)


def test_detect_period():
    assert detect_period("2026-Q3") == Period(2026, 3, Rhythm.QUARTERLY)
    assert detect_period("2026-07").rhythm == "monthly"
    assert detect_period("2026").rhythm == "yearly"
    assert detect_period("2026-X") is None


def test_check_started_refuses_periods_after_today():
    today = date(2026, 5, 14)
    check_started(Period(2026, 5, "monthly"), today)
    check_started(Period(2026, 2, "quarterly"), today)
    check_started(Period(2026, 1, "yearly"), today)
    for period in (Period(2026, 6, "monthly"), Period(2026, 3, "quarterly"), Period(2027, 1, "yearly")):
        with pytest.raises(ValidationError) as exc:
            check_started(period, today)
        assert exc.value.code == "future"
        assert exc.value.messages[0].startswith(f"Der Zeitraum {period.label} hat noch nicht begonnen.")
