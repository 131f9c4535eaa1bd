from datetime import date

from gelingen.meetings.numbering import decision_numbers


def test_numbers_run_per_year_in_meeting_order_then_entry_order():
    numbers = decision_numbers(
        [
            (7, date(2026, 3, 1)),
            (3, date(2026, 3, 1)),
            (2, date(2026, 1, 15)),
            (9, date(2025, 12, 1)),
            (11, date(2027, 1, 2)),
        ]
    )
    assert numbers == {9: "2025/1", 2: "2026/1", 3: "2026/2", 7: "2026/3", 11: "2027/1"}


def test_no_decisions_no_numbers():
    assert decision_numbers([]) == {}
