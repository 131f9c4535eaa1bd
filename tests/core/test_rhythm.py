from datetime import date

import pytest

from gelingen.core.rhythm import add_interval, add_months, exceeds_months, month_start, rhythm_label


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 1), 48, date(2030, 1, 1)),
    ],
)
def test_add_months_clips_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("count", "unit", "expected"),
    [
        (10, "days", date(2026, 2, 10)),
        (2, "weeks", date(2026, 2, 14)),
        (1, "months", date(2026, 2, 28)),
        (6, "months", date(2026, 7, 31)),
        (1, "years", date(2027, 1, 31)),
        (4, "years", date(2030, 1, 31)),
    ],
)
def test_add_interval(count, unit, expected):
    assert add_interval(date(2026, 1, 31), count, unit) == expected


def test_add_interval_from_leap_day_by_years():
    assert add_interval(date(2028, 2, 29), 1, "years") == date(2029, 2, 28)
    assert add_interval(date(2028, 2, 29), 4, "years") == date(2032, 2, 29)


@pytest.mark.parametrize(("count", "unit"), [(0, "months"), (1, "fortnights")])
def test_add_interval_rejects_nonsense(count, unit):
    with pytest.raises(ValueError):
        add_interval(date(2026, 1, 1), count, unit)


@pytest.mark.parametrize(
    ("count", "unit", "too_long"),
    [
        (48, "months", False),
        (49, "months", True),
        (4, "years", False),
        (5, "years", True),
        (1461, "days", False),
        (1462, "days", True),
        (208, "weeks", False),
        (209, "weeks", True),
    ],
)
def test_exceeds_48_months(count, unit, too_long):
    assert exceeds_months(count, unit, 48) is too_long


@pytest.mark.parametrize(
    ("count", "unit", "label"),
    [
        (1, "years", "jedes Jahr"),
        (2, "years", "alle 2 Jahre"),
        (6, "months", "alle 6 Monate"),
        (1, "months", "jeden Monat"),
        (1, "weeks", "jede Woche"),
        (3, "weeks", "alle 3 Wochen"),
        (1, "days", "jeden Tag"),
        (10, "days", "alle 10 Tage"),
    ],
)
def test_rhythm_label(count, unit, label):
    assert rhythm_label(count, unit) == label


def test_month_start():
    assert month_start(date(2026, 3, 31)) == date(2026, 3, 1)
    assert month_start(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert month_start(date(2026, 11, 2), 3) == date(2027, 2, 1)
