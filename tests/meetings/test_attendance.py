from datetime import date

import pytest

from gelingen.accounts.models import User
from gelingen.meetings.attendance import attendance, attendance_by_member, attendance_of, split_guests
from gelingen.quality.measures.models import Meeting
from tests.measures.factories import make_group, make_meeting


def _people(*names: str) -> list[User]:
    return [User(pk=i + 1, name=name, email=f"p{i}@x.example") for i, name in enumerate(names)]


def test_attendance_splits_members_into_present_and_absent_and_lists_guests():
    anna, ben, cem = _people("Anna", "Ben", "Cem")
    result = attendance([cem, anna, ben], [ben, anna], "Dr. M. Beispiel, Jugendamt; Frau Ohnekonto\n")
    assert result.present == [anna, ben]
    assert result.absent == [cem]
    assert result.guests == ["Dr. M. Beispiel", "Jugendamt", "Frau Ohnekonto"]
    assert result.count == 5


def test_a_participant_who_is_not_a_member_counts_as_present():
    anna, ben = _people("Anna", "Ben")
    result = attendance([anna], [ben])
    assert result.present == [ben] and result.absent == [anna] and result.guests == []


def test_split_guests_ignores_blank_parts():
    assert split_guests(" , ;\n") == []


@pytest.mark.django_db
def test_attendance_by_member_counts_the_meetings_of_a_body(org_a, qm_a, staff_a, django_assert_num_queries):
    group = make_group(org_a)
    other = make_group(org_a, name="Zirkel", kind="circle")
    for day in (1, 2, 3):
        meeting = make_meeting(group, date=date(2026, 3, day))
        meeting.participants.set([qm_a] if day < 3 else [qm_a, staff_a])
    make_meeting(other).participants.set([staff_a])
    with django_assert_num_queries(2):
        rows = attendance_by_member([qm_a, staff_a], Meeting.objects.filter(group=group))
    assert [(r.member, r.attended, r.meetings) for r in rows] == [(qm_a, 3, 3), (staff_a, 1, 3)]
    assert rows[1].share == pytest.approx(1 / 3)
    assert attendance_by_member([qm_a], Meeting.objects.none())[0].share == 0.0


@pytest.mark.django_db
def test_attendance_of_a_meeting_reads_members_and_participants_in_one_query(
    org_a, qm_a, staff_a, reader_a, django_assert_num_queries
):
    group = make_group(org_a)
    group.members.set([qm_a, staff_a])
    meeting = make_meeting(group, guests="Herr Gast")
    meeting.participants.set([qm_a, reader_a])  # reader_a came without being a member
    with django_assert_num_queries(1):
        result = attendance_of(meeting, group.members.all())
    assert set(result.present) == {qm_a, reader_a}
    assert result.absent == [staff_a] and result.guests == ["Herr Gast"]
