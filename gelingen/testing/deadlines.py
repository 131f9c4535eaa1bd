"""The deadline rules of the testing procedure (KQS, spec section 6), as pure functions of dates.

Every rule takes its period from `Rules`, which a testing body may configure (models.TestingBodySettings);
the defaults are the spec's. Month arithmetic uses `relativedelta`, so 31 January + 1 month is 28/29
February and 29 February + 1 year is 28 February. A deadline on a weekend or public holiday is shown
as such (`is_non_working_day`) and never moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

# The German states (Bundesländer) by the codes `holidays` uses.
STATES = [
    ("BW", gettext_lazy("Baden-Württemberg")),
    ("BY", gettext_lazy("Bayern")),
    ("BE", gettext_lazy("Berlin")),
    ("BB", gettext_lazy("Brandenburg")),
    ("HB", gettext_lazy("Bremen")),
    ("HH", gettext_lazy("Hamburg")),
    ("HE", gettext_lazy("Hessen")),
    ("MV", gettext_lazy("Mecklenburg-Vorpommern")),
    ("NI", gettext_lazy("Niedersachsen")),
    ("NW", gettext_lazy("Nordrhein-Westfalen")),
    ("RP", gettext_lazy("Rheinland-Pfalz")),
    ("SL", gettext_lazy("Saarland")),
    ("SN", gettext_lazy("Sachsen")),
    ("ST", gettext_lazy("Sachsen-Anhalt")),
    ("SH", gettext_lazy("Schleswig-Holstein")),
    ("TH", gettext_lazy("Thüringen")),
]


@dataclass(frozen=True)
class Rules:
    """The periods of one testing body; the defaults are the spec's (section 6)."""

    selfreport_months: int = 13  # Selbstreport at most this long after confirmation (first testing)
    rejection_days: int = 7  # the organisation may reject the reviewer within this many days of notice
    gutachten_weeks: int = 12  # Gutachten at most this long after the submission
    visit_weeks: int = 6  # visit at most this long after the Gutachten was sent (decided rule 1)
    revision_months: int = 6  # revised Selbstreport within this long of the decision letter (rule 3)
    workshop_notice_weeks: int = 2  # final workshop no earlier than this after its date is reported
    validity_years: int = 4  # a Testat is valid this long from the final-workshop date (rule 4)
    retest_registration_months: int = 9  # register for re-testing at least this long before expiry
    retest_selfreport_months: int = 5  # updated Selbstreport at least this long before expiry


DEFAULT_RULES = Rules()


def selfreport_due(confirmed_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Last day for the Selbstreport of a first testing (decided rule 5: not for re-testing)."""
    return confirmed_on + relativedelta(months=rules.selfreport_months)


def rejection_due(notice_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Last day on which the organisation may reject the assigned reviewer."""
    return notice_on + relativedelta(days=rules.rejection_days)


def gutachten_due(submitted_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Last day for the Gutachten; a reviewer rejection does not restart it (decided rule 10)."""
    return submitted_on + relativedelta(weeks=rules.gutachten_weeks)


def visit_due(gutachten_sent_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Last day for the visit, counted from sending the Gutachten (decided rule 1)."""
    return gutachten_sent_on + relativedelta(weeks=rules.visit_weeks)


def revision_due(decision_letter_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Last day for the revised Selbstreport, counted from the decision letter (decided rule 3)."""
    return decision_letter_on + relativedelta(months=rules.revision_months)


def earliest_final_workshop(reported_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """The first day the final workshop may take place after its date was reported."""
    return reported_on + relativedelta(weeks=rules.workshop_notice_weeks)


def testat_expires(final_workshop_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """The Testat carries the final-workshop date and runs out this many years later (decided rule 4)."""
    return final_workshop_on + relativedelta(years=rules.validity_years)


def retest_registration_due(expires_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Last day to register the re-testing."""
    return expires_on - relativedelta(months=rules.retest_registration_months)


def retest_selfreport_due(expires_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Last day to submit the updated Selbstreport of a re-testing."""
    return expires_on - relativedelta(months=rules.retest_selfreport_months)


def on_time(done_on: date, due: date) -> bool:
    """A step is on time when it happens on the due day at the latest."""
    return done_on <= due


def not_before(done_on: date, earliest: date) -> bool:
    """For rules that set a first allowed day (the final workshop)."""
    return done_on >= earliest


@lru_cache(maxsize=64)
def _holidays(state: str, year: int, language: str) -> dict[date, str]:
    calendar = holidays.country_holidays("DE", subdiv=state or None, years=year, language=language)
    return dict(calendar.items())


def is_non_working_day(day: date, state: str = "") -> str | None:
    """Why `day` is no working day (weekend, German national or the state's public holiday), else None."""
    language = "de" if (get_language() or "de").startswith("de") else "en_US"
    name = _holidays(state, day.year, language).get(day)
    if name:
        return name
    if day.weekday() == 5:
        return _("Samstag")
    if day.weekday() == 6:
        return _("Sonntag")
    return None
