"""Every deadline rule of the testing procedure at its boundary, with month ends and leap years."""

from datetime import date

import pytest
from django.utils import translation

from gelingen.testing import deadlines as d
from gelingen.testing.models import TestingBodySettings, rules_for


@pytest.mark.parametrize(
    ("confirmed", "due"),
    [
        (date(2025, 1, 31), date(2026, 2, 28)),  # 31 Jan + 13 months: end of February
        (date(2023, 1, 31), date(2024, 2, 29)),  # ... in a leap year
        (date(2024, 2, 29), date(2025, 3, 29)),
        (date(2025, 3, 15), date(2026, 4, 15)),
    ],
)
def test_selfreport_due_13_months_after_confirmation(confirmed, due):
    assert d.selfreport_due(confirmed) == due


def test_selfreport_on_time_on_the_due_day_not_the_day_after():
    due = d.selfreport_due(date(2025, 3, 15))
    assert d.on_time(date(2026, 4, 14), due)
    assert d.on_time(date(2026, 4, 15), due)
    assert not d.on_time(date(2026, 4, 16), due)


def test_reviewer_rejection_within_one_week_of_notice():
    due = d.rejection_due(date(2026, 2, 25))
    assert due == date(2026, 3, 4)
    assert d.on_time(date(2026, 3, 3), due) and d.on_time(due, due)
    assert not d.on_time(date(2026, 3, 5), due)


def test_gutachten_12_weeks_after_submission_on_time_on_the_due_day():
    due = d.gutachten_due(date(2026, 3, 2))
    assert due == date(2026, 5, 25)
    assert d.on_time(date(2026, 5, 24), due)
    assert d.on_time(date(2026, 5, 25), due)
    assert not d.on_time(date(2026, 5, 26), due)


def test_visit_6_weeks_after_the_gutachten_was_sent():
    due = d.visit_due(date(2026, 1, 20))
    assert due == date(2026, 3, 3)
    assert d.on_time(date(2026, 3, 2), due) and d.on_time(due, due)
    assert not d.on_time(date(2026, 3, 4), due)


@pytest.mark.parametrize(
    ("letter", "due"),
    [
        (date(2025, 8, 31), date(2026, 2, 28)),
        (date(2023, 8, 31), date(2024, 2, 29)),
        (date(2026, 4, 10), date(2026, 10, 10)),
    ],
)
def test_revised_selfreport_6_months_from_the_decision_letter(letter, due):
    assert d.revision_due(letter) == due
    assert d.on_time(due, due)
    assert not d.on_time(date.fromordinal(due.toordinal() + 1), due)


def test_final_workshop_no_earlier_than_2_weeks_after_the_date_is_reported():
    earliest = d.earliest_final_workshop(date(2026, 6, 1))
    assert earliest == date(2026, 6, 15)
    assert not d.not_before(date(2026, 6, 14), earliest)
    assert d.not_before(date(2026, 6, 15), earliest)
    assert d.not_before(date(2026, 6, 16), earliest)


@pytest.mark.parametrize(
    ("workshop", "expires"),
    [
        (date(2024, 2, 29), date(2028, 2, 29)),
        (date(2023, 2, 28), date(2027, 2, 28)),
        (date(2026, 5, 31), date(2030, 5, 31)),
    ],
)
def test_testat_valid_4_years_from_the_final_workshop(workshop, expires):
    assert d.testat_expires(workshop) == expires


def test_retesting_registration_9_and_selfreport_5_months_before_expiry():
    expires = date(2030, 5, 31)
    assert d.retest_registration_due(expires) == date(2029, 8, 31)
    assert d.retest_selfreport_due(expires) == date(2029, 12, 31)
    feb = date(2030, 7, 31)  # 5 months back: end of February
    assert d.retest_selfreport_due(feb) == date(2030, 2, 28)
    assert d.retest_registration_due(date(2028, 11, 30)) == date(2028, 2, 29)


def test_weekend_and_holidays_are_named_not_moved():
    with translation.override("de"):
        assert d.is_non_working_day(date(2026, 3, 21)) == "Samstag"
        assert d.is_non_working_day(date(2026, 3, 22)) == "Sonntag"
        assert d.is_non_working_day(date(2026, 3, 23)) is None
        assert d.is_non_working_day(date(2026, 10, 3), "HE") == "Tag der Deutschen Einheit"
        # Fronleichnam is a holiday in Bavaria, not in Berlin
        assert d.is_non_working_day(date(2026, 6, 4), "BY") == "Fronleichnam"
        assert d.is_non_working_day(date(2026, 6, 4), "BE") is None
        assert d.is_non_working_day(date(2026, 6, 4)) is None
    assert d.gutachten_due(date(2026, 7, 11)) == date(2026, 10, 3)  # computed, not shifted


@pytest.mark.django_db
def test_rules_are_configurable_per_testing_body(body, other_body):
    TestingBodySettings.objects.create(testing_body=body, gutachten_weeks=10, selfreport_months=12)
    rules = rules_for(body.pk)
    assert rules.gutachten_weeks == 10
    assert d.gutachten_due(date(2026, 3, 2), rules) == date(2026, 5, 11)
    assert d.selfreport_due(date(2025, 1, 31), rules) == date(2026, 1, 31)
    assert rules_for(other_body.pk) == d.DEFAULT_RULES
