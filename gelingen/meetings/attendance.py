"""Who attended a meeting and how often each member of a body came."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gelingen.accounts.models import User

from .models import AbstractMeeting


@dataclass(frozen=True)
class Attendance:
    present: list[User]  # members and other people with an account who took part, by name
    absent: list[User]  # members who did not take part
    guests: list[str]  # people without an account, as written in the meeting's guest field

    @property
    def count(self) -> int:
        return len(self.present) + len(self.guests)


def split_guests(text: str) -> list[str]:
    """Guests are typed one per line or separated by commas or semicolons."""
    parts = text.replace(";", "\n").replace(",", "\n").splitlines()
    return [part.strip() for part in parts if part.strip()]


def attendance(members: Iterable[User], participants: Iterable[User], guests: str = "") -> Attendance:
    present = sorted(participants, key=lambda u: u.name)
    came = {u.pk for u in present}
    absent = sorted((m for m in members if m.pk not in came), key=lambda u: u.name)
    return Attendance(present=present, absent=absent, guests=split_guests(guests))


def attendance_of(meeting: AbstractMeeting, members: QuerySet[User]) -> Attendance:
    """The attendance of one meeting among the body's `members` (e.g. `group.members.all()`), one query."""
    came = meeting.participants.filter(pk=OuterRef("pk"))
    member = members.filter(pk=OuterRef("pk"))
    people = list(
        User.objects.annotate(came=Exists(came), member=Exists(member))
        .filter(Q(came=True) | Q(member=True))
        .order_by("name", "pk")
    )
    return attendance([u for u in people if u.member], [u for u in people if u.came], meeting.guests)


@dataclass(frozen=True)
class MemberAttendance:
    member: User
    attended: int
    meetings: int

    @property
    def share(self) -> float:
        return self.attended / self.meetings if self.meetings else 0.0


def attendance_by_member(members: Sequence[User], meetings: QuerySet) -> list[MemberAttendance]:
    """How many of these meetings each member attended (two queries, whatever the number of meetings).

    `meetings` is a queryset of a concrete subclass of AbstractMeeting, e.g. a body's meetings.
    """
    through = meetings.model.participants.through
    total = meetings.count()
    counts = dict(
        through.objects.filter(**{f"{meetings.model._meta.model_name}__in": meetings.values("pk")})
        .values_list("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    return [MemberAttendance(m, counts.get(m.pk, 0), total) for m in members]
