"""Meeting rhythm of a body: the next date follows from the last meeting and the interval.

KQS recommends that circles and the steering group meet every 4 to 6 weeks; the hint uses that range.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gelingen.core.rhythm import add_interval
from gelingen.core.rhythm import rhythm_label as interval_label
from gelingen.core.versioning import set_and_move_version

from .models import AbstractBody

RECOMMENDED_WEEKS = (4, 6)


def rhythm_label(body: AbstractBody) -> str:
    """ "alle 6 Wochen", "jeden Monat" ... or an empty string when no interval is set."""
    return interval_label(body.rhythm_count, body.rhythm_unit) if body.rhythm_count else ""


def interval_weeks(count: int, unit: str) -> float:
    return count * 52 / 12 if unit == AbstractBody.Unit.MONTHS else float(count)


def rhythm_hint(count: int | None, unit: str) -> str:
    """A gentle note when the interval is far from the recommended 4 to 6 weeks (not an error)."""
    if not count:
        return _(
            "Legen Sie fest, in welchem Abstand sich das Gremium trifft (empfohlen: alle 4 bis 6 Wochen)."
        )
    weeks = interval_weeks(count, unit)
    low, high = RECOMMENDED_WEEKS
    if weeks > high + 0.5:
        return _(
            "Das Gremium trifft sich seltener als alle 6 Wochen. Empfohlen sind Abstände von 4 bis 6 Wochen, "
            "damit die Arbeit in Bewegung bleibt."
        )
    if weeks < low - 2:
        return _("Das Gremium trifft sich sehr häufig. Empfohlen sind Abstände von 4 bis 6 Wochen.")
    return ""


def advance_next_meeting(body: AbstractBody, meeting_date: date) -> date | None:
    """After a meeting on `meeting_date`, move the body's next meeting one interval on.

    A next meeting that is already planned after this meeting stays as it is. Saves the body when the
    date changes and returns the next meeting date.
    """
    if body.next_meeting and body.next_meeting > meeting_date:
        return body.next_meeting
    if not body.rhythm_count:
        return body.next_meeting
    # the version moves on: a group form loaded before this would otherwise put the old date back
    set_and_move_version(
        body, {"next_meeting": add_interval(meeting_date, body.rhythm_count, body.rhythm_unit)}
    )
    return body.next_meeting
