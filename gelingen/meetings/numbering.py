"""Decision numbers per body and year: the third decision of 2026 is "2026/3".

Numbers are derived from the order of the decisions (meeting date, then the order of entry), so they
need no column and stay the same as long as no earlier decision of that year is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def decision_numbers(decisions: Iterable[tuple[int, date]]) -> dict[int, str]:
    """(decision pk, meeting date) of one body's decisions -> "year/sequence" for each pk."""
    numbers: dict[int, str] = {}
    sequence: dict[int, int] = {}
    for pk, day in sorted(decisions, key=lambda item: (item[1], item[0])):
        sequence[day.year] = sequence.get(day.year, 0) + 1
        numbers[pk] = f"{day.year}/{sequence[day.year]}"
    return numbers
