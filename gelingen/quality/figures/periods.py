"""Collection periods of key figures: months, quarters, half-years and years.

A period is stored as a short key that sorts correctly as text within one rhythm:
"2026-03" (monthly), "2026-Q1" (quarterly), "2026-H1" (half-yearly), "2026" (yearly).
Typed periods are parsed leniently ("03/2026", "Q1 2026", "1. Halbjahr 2026") but must match the
figure's rhythm; anything else is refused with a German message that names the expected format.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTH_NAMES = [
    gettext_lazy("Januar"),
    gettext_lazy("Februar"),
    gettext_lazy("März"),
    gettext_lazy("April"),
    gettext_lazy("Mai"),
    gettext_lazy("Juni"),
    gettext_lazy("Juli"),
    gettext_lazy("August"),
    gettext_lazy("September"),
    gettext_lazy("Oktober"),
    gettext_lazy("November"),
    gettext_lazy("Dezember"),
]


class Rhythm(models.TextChoices):
    MONTHLY = "monthly", gettext_lazy("monatlich")
    QUARTERLY = "quarterly", gettext_lazy("quartalsweise")
    HALF_YEARLY = "half_yearly", gettext_lazy("halbjährlich")
    YEARLY = "yearly", gettext_lazy("jährlich")


# Months per period and periods per year, by rhythm.
MONTHS = {Rhythm.MONTHLY: 1, Rhythm.QUARTERLY: 3, Rhythm.HALF_YEARLY: 6, Rhythm.YEARLY: 12}
EXAMPLES = {
    Rhythm.MONTHLY: "2026-03",
    Rhythm.QUARTERLY: "2026-Q1",
    Rhythm.HALF_YEARLY: "2026-H1",
    Rhythm.YEARLY: "2026",
}
YEAR_RANGE = (1990, 2100)


@dataclass(frozen=True, order=True)
class Period:
    """One period of a rhythm: `index` counts from 1 (month 1-12, quarter 1-4, half 1-2, year 1)."""

    year: int
    index: int
    rhythm: str

    @property
    def months(self) -> int:
        return MONTHS[Rhythm(self.rhythm)]

    @property
    def key(self) -> str:
        if self.rhythm == Rhythm.MONTHLY:
            return f"{self.year}-{self.index:02d}"
        if self.rhythm == Rhythm.QUARTERLY:
            return f"{self.year}-Q{self.index}"
        if self.rhythm == Rhythm.HALF_YEARLY:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        month = self.index * self.months
        return date(self.year, month, monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        return period_label(self)

    @property
    def short_label(self) -> str:
        """Compact label for chart axes: 03/26, Q1/26, H1/26, 2026."""
        yy = f"{self.year % 100:02d}"
        if self.rhythm == Rhythm.MONTHLY:
            return f"{self.index:02d}/{yy}"
        if self.rhythm == Rhythm.QUARTERLY:
            return f"Q{self.index}/{yy}"
        if self.rhythm == Rhythm.HALF_YEARLY:
            return f"H{self.index}/{yy}"
        return str(self.year)

    def shift(self, steps: int) -> Period:
        """The period `steps` periods later (negative: earlier)."""
        per_year = 12 // self.months
        n = self.year * per_year + (self.index - 1) + steps
        return Period(n // per_year, n % per_year + 1, self.rhythm)

    @property
    def previous(self) -> Period:
        return self.shift(-1)

    @property
    def next(self) -> Period:
        return self.shift(1)

    def __str__(self) -> str:
        return self.key


def period_containing(rhythm: str, day: date) -> Period:
    months = MONTHS[Rhythm(rhythm)]
    return Period(day.year, (day.month - 1) // months + 1, str(Rhythm(rhythm)))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# First letters of German (and English) month names, for "März 2026" or "Mar 2026".
_MONTH_PREFIXES = {
    "jan": 1, "feb": 2, "mär": 3, "mae": 3, "mar": 3, "apr": 4, "mai": 5, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dez": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAME = re.compile(r"^(?P<name>[a-zäöü]{3,9})\.?\s*(?P<year>\d{4})$")
_PATTERNS: dict[str, list[re.Pattern]] = {
    Rhythm.MONTHLY: [
        re.compile(r"^(?P<year>\d{4})\s*[-/.]\s*(?P<index>\d{1,2})$"),  # 2026-03, 2026/3
        re.compile(r"^(?P<index>\d{1,2})\s*[-/.]\s*(?P<year>\d{4})$"),  # 03/2026, 3.2026
    ],
    Rhythm.QUARTERLY: [
        re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*q\s*(?P<index>\d)$"),  # 2026-Q1, 2026 Q1
        re.compile(r"^q\s*(?P<index>\d)\s*[-/ ]?\s*(?P<year>\d{4})$"),  # Q1 2026, Q1/2026
        re.compile(r"^(?P<index>\d)\s*\.?\s*(?:quartal|qu\.?)\s*(?P<year>\d{4})$"),  # 1. Quartal 2026
        re.compile(r"^(?P<index>i{1,3}|iv)\s*[-/ ]\s*(?P<year>\d{4})$"),  # II/2026
    ],
    Rhythm.HALF_YEARLY: [
        re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*(?:h|hj)\s*(?P<index>\d)$"),  # 2026-H1, 2026-HJ2
        re.compile(r"^(?:h|hj)\s*(?P<index>\d)\s*[-/ ]?\s*(?P<year>\d{4})$"),  # H1 2026, HJ1/2026
        re.compile(r"^(?P<index>\d)\s*\.?\s*(?:halbjahr|hj\.?)\s*(?P<year>\d{4})$"),  # 1. Halbjahr 2026
    ],
    Rhythm.YEARLY: [re.compile(r"^(?P<year>\d{4})$")],
}


def _error(rhythm: str, text: str) -> ValidationError:
    return ValidationError(
        _("Zeitraum „%(text)s“ passt nicht zum Rhythmus %(rhythm)s. Erwartet wird z. B. „%(example)s“.")
        % {"text": text, "rhythm": Rhythm(rhythm).label, "example": EXAMPLES[Rhythm(rhythm)]},
        code="period",
    )


def parse_period(rhythm: str, text: str) -> Period:
    """Read a typed period for `rhythm`; ValidationError (German) if malformed or of another rhythm."""
    rhythm = str(Rhythm(rhythm))
    raw = (text or "").strip()
    normalised = re.sub(r"\s+", " ", raw.lower())
    per_year = 12 // MONTHS[Rhythm(rhythm)]
    if rhythm == Rhythm.MONTHLY and (match := _MONTH_NAME.match(normalised)):
        month = _MONTH_PREFIXES.get(match.group("name")[:3])
        year = int(match.group("year"))
        if month and YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            return Period(year, month, rhythm)
        raise _error(rhythm, raw)
    for pattern in _PATTERNS[rhythm]:
        match = pattern.match(normalised)
        if not match:
            continue
        year = int(match.group("year"))
        index_text = match.groupdict().get("index")
        index = 1 if index_text is None else _ROMAN.get(index_text) or int(index_text)
        if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] and 1 <= index <= per_year:
            return Period(year, index, rhythm)
        break
    raise _error(rhythm, raw)


def detect_period(text: str) -> Period | None:
    """The period a key like "2026-Q2" stands for, whatever its rhythm (None if it is none)."""
    for rhythm in Rhythm.values:
        try:
            return parse_period(rhythm, text)
        except ValidationError:
            continue
    return None


def period_label(period: Period | str, rhythm: str | None = None) -> str:
    """Readable German label: "März 2026", "2. Quartal 2026", "1. Halbjahr 2026", "2026".

    Takes a Period, or a stored key together with its rhythm.
    """
    if isinstance(period, str):
        period = parse_period(rhythm or "", period) if rhythm else detect_period(period)
        if period is None:
            return ""
    if period.rhythm == Rhythm.MONTHLY:
        return f"{MONTH_NAMES[period.index - 1]} {period.year}"
    if period.rhythm == Rhythm.QUARTERLY:
        return _("%(n)s. Quartal %(year)s") % {"n": period.index, "year": period.year}
    if period.rhythm == Rhythm.HALF_YEARLY:
        return _("%(n)s. Halbjahr %(year)s") % {"n": period.index, "year": period.year}
    return str(period.year)


def check_started(period: Period, today: date) -> None:
    """Values are collected for periods that have begun: a period starting after `today` is refused.

    A value for a future period would count as the latest one, so the figure would drop out of the due
    list (and the reminders and calendar) for years and the chart would run into the future.
    """
    if period.start > today:
        raise ValidationError(
            _(
                "Der Zeitraum %(period)s hat noch nicht begonnen. Werte und Einschätzungen können erst "
                "ab Beginn des Zeitraums erfasst werden."
            )
            % {"period": period.label},
            code="future",
        )


def last_completed(rhythm: str, today: date) -> Period:
    """The most recent period that has ended by `today`."""
    return period_containing(rhythm, today).previous


def recent_periods(rhythm: str, today: date, count: int | None = None) -> list[Period]:
    """Periods to offer in a select, newest first: the current one and the ones before it."""
    count = (
        count
        or {Rhythm.MONTHLY: 24, Rhythm.QUARTERLY: 12, Rhythm.HALF_YEARLY: 8, Rhythm.YEARLY: 6}[Rhythm(rhythm)]
    )
    current = period_containing(rhythm, today)
    return [current.shift(-i) for i in range(count)]
