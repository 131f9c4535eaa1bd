"""Rhythm arithmetic shared by recurring activities and meeting bodies: intervals in days, weeks, months, years.

Month steps keep the day of the month where it exists and fall back to the last day otherwise
(31 Jan + 1 month = 28/29 Feb; 29 Feb + 1 year = 28 Feb), which is what people mean by "monthly".
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

DAYS, WEEKS, MONTHS, YEARS = "days", "weeks", "months", "years"
UNIT_CHOICES = [(DAYS, _("Tage")), (WEEKS, _("Wochen")), (MONTHS, _("Monate")), (YEARS, _("Jahre"))]


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month `months` months after `day`'s month (negative: before)."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def add_months(start: date, months: int) -> date:
    """`start` plus whole months; the day is clipped to the length of the target month."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_interval(start: date, count: int, unit: str) -> date:
    """The date one rhythm step (`count` `unit`s) after `start`."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if unit == DAYS:
        return start + timedelta(days=count)
    if unit == WEEKS:
        return start + timedelta(weeks=count)
    if unit == MONTHS:
        return add_months(start, count)
    if unit == YEARS:
        return add_months(start, 12 * count)
    raise ValueError(f"unknown unit {unit!r}")


def exceeds_months(count: int, unit: str, months: int) -> bool:
    """Whether an interval is longer than `months` months.

    Day and week intervals are compared with the average month (365.25 / 12 days), so 48 months are
    1461 days: four years including one leap day.
    """
    if unit == MONTHS:
        return count > months
    if unit == YEARS:
        return count * 12 > months
    days = count * 7 if unit == WEEKS else count
    return days > int(months * 365.25 / 12)


def rhythm_label(count: int, unit: str) -> str:
    """German (translated) wording of a rhythm: "jedes Jahr", "alle 6 Monate"."""
    if unit == DAYS:
        return ngettext("jeden Tag", "alle %(count)d Tage", count) % {"count": count}
    if unit == WEEKS:
        return ngettext("jede Woche", "alle %(count)d Wochen", count) % {"count": count}
    if unit == MONTHS:
        return ngettext("jeden Monat", "alle %(count)d Monate", count) % {"count": count}
    return ngettext("jedes Jahr", "alle %(count)d Jahre", count) % {"count": count}
