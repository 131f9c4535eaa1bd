"""Meeting rhythm of a body (gelingen.meetings.rhythm), on the quality circles of the measures app."""

from datetime import date

import pytest

from gelingen.core.rhythm import add_interval
from gelingen.meetings.rhythm import advance_next_meeting, rhythm_hint, rhythm_label
from gelingen.quality.measures.models import Group
from tests.measures.factories import make_group


@pytest.mark.parametrize(
    ("start", "count", "unit", "result"),
    [
        (date(2026, 1, 6), 6, "weeks", date(2026, 2, 17)),
        (date(2026, 1, 31), 1, "months", date(2026, 2, 28)),
        (date(2026, 11, 15), 3, "months", date(2027, 2, 15)),
        (date(2028, 1, 31), 1, "months", date(2028, 2, 29)),
    ],
)
def test_add_interval(start, count, unit, result):
    assert add_interval(start, count, unit) == result


def test_rhythm_label_and_hint():
    group = Group(rhythm_count=6, rhythm_unit="weeks")
    assert rhythm_label(group) == "alle 6 Wochen"
    assert rhythm_label(Group(rhythm_count=1, rhythm_unit="months")) == "jeden Monat"
    assert rhythm_label(Group(rhythm_count=None)) == ""
    assert rhythm_hint(6, "weeks") == "" and rhythm_hint(1, "months") == ""
    assert "seltener als alle 6 Wochen" in rhythm_hint(3, "months")
    assert "sehr häufig" in rhythm_hint(1, "weeks")
    assert "Legen Sie fest" in rhythm_hint(None, "weeks")


@pytest.mark.django_db
def test_advance_next_meeting(org_a):
    group = make_group(org_a, rhythm_count=4, rhythm_unit="weeks", next_meeting=date(2026, 3, 3))
    assert advance_next_meeting(group, date(2026, 3, 3)) == date(2026, 3, 31)
    # a meeting in between does not move a date that is already planned later
    assert advance_next_meeting(group, date(2026, 3, 10)) == date(2026, 3, 31)
    group.refresh_from_db()
    assert group.next_meeting == date(2026, 3, 31)
    without = make_group(org_a, name="ohne Rhythmus")
    assert advance_next_meeting(without, date(2026, 3, 3)) is None
