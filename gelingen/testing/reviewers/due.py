"""What a procedure waits for from one assigned reviewer, computed from data loaded once per list.

Used by "Meine Verfahren" (procedure_views.due_from_reviewer) and by the shared due list, reminders
and iCal feed (deadlines.reviewer_due_items), so both say the same:

- the first reviewer writes the Gutachten (until it is handed over, again when it was returned);
- the second reviewer checks it once it is handed over (second check);
- after the Gutachten was sent, the first reviewer agrees and reports the visit (at most `visit_weeks`
  after sending), holds it on the reported day and submits the protocol;
- the first reviewer moderates the final workshop on its reported date;
- whoever moderates the cycle's introductory or follow-up workshop moderates it on its date.

Appointments (a reported visit or workshop date) are dates to attend, not deadlines: they are shown
until the day and never overdue. Nothing here writes; the rules of the apps stay where they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from gelingen.testing import deadlines
from gelingen.testing.gutachten.models import Gutachten
from gelingen.testing.models import Procedure
from gelingen.testing.visits.models import Visit, Workshop

from .models import Assignment

S = Procedure.Status
G = Gutachten.Status
Role = Assignment.Role
WRITING = (G.DRAFT, G.RETURNED)
AFTER_SENDING = (S.GUTACHTEN,)
FINAL_WORKSHOP = (S.DECIDED,)
# the statuses in which anything can be due from a reviewer (bounds the provider's query)
OPEN_STATUSES = (S.CONFIRMED, S.SUBMITTED, S.RESUBMITTED, S.GUTACHTEN, S.DECIDED)


@dataclass(frozen=True)
class Task:
    key: str  # stable within the assignment: "gutachten", "second_check", "visit", ...
    label: str
    due: date
    appointment: bool = False  # a date to attend (shown until the day, never overdue)


def with_due_data(rows: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The assignment rows with what `tasks` reads, in a fixed number of queries however many rows."""
    return rows.select_related("procedure__cycle__testing_workshop__moderator").prefetch_related(
        "procedure__gutachten", "procedure__visits"
    )


def _workshop(p: Procedure) -> Workshop | None:
    try:
        return p.cycle.testing_workshop
    except Workshop.DoesNotExist:
        return None


def _current(items: Iterable, field: str = "round"):
    found = None
    for item in items:
        if found is None or getattr(item, field) > getattr(found, field):
            found = item
    return found


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def current_visit(p: Procedure) -> Visit | None:
    """The visit of the Gutachten sent last (from the prefetched visits): one held after it was sent."""
    if p.gutachten_sent_on is None:
        return None
    return _current(v for v in p.visits.all() if v.on >= p.gutachten_sent_on)


def tasks(
    row: Assignment, today: date, rules: deadlines.Rules | None = None, *, workshop: bool = True
) -> list[Task]:
    """What is due from `row.reviewer` on `row.procedure` (load the rows with `with_due_data`);
    `workshop=False` leaves out the moderation of the cycle's first workshop (its own due items)."""
    p = row.procedure
    rules = rules or p.rules()
    found: list[Task] = []
    if p.status in (S.SUBMITTED, S.RESUBMITTED) and p.submitted_on is not None:
        start = p.resubmitted_on if p.status == S.RESUBMITTED and p.resubmitted_on else p.submitted_on
        due = deadlines.gutachten_due(start, rules)
        latest = _current(p.gutachten.all())
        # a released Gutachten belongs to an earlier round: the revised submission needs a new one
        writing = latest is None or latest.status in WRITING or latest.status == G.RELEASED
        if row.role == Role.FIRST and writing:
            found.append(Task("gutachten", _("Gutachten"), due))
        elif row.role == Role.SECOND and latest is not None and latest.status == G.SECOND_CHECK:
            found.append(Task("second_check", _("Zweitbegutachtung des Gutachtens"), due))
    if row.role == Role.FIRST and p.status in AFTER_SENDING and p.gutachten_sent_on is not None:
        due = deadlines.visit_due(p.gutachten_sent_on, rules)
        visit = current_visit(p)
        if visit is None:
            found.append(Task("visit", _("Visitation vereinbaren und melden"), due))
        elif visit.submitted_at is None:
            if visit.on >= today:
                found.append(Task(f"visit_on:{visit.pk}", _("Visitation"), visit.on, appointment=True))
            found.append(Task(f"protocol:{visit.pk}", _("Protokoll der Visitation einreichen"), due))
    if (
        row.role == Role.FIRST
        and p.status in FINAL_WORKSHOP
        and p.workshop_on is not None
        and p.workshop_held_on is None
        and p.workshop_on >= today
    ):
        found.append(
            Task("final_workshop", _("Abschlussworkshop moderieren"), p.workshop_on, appointment=True)
        )
    start_workshop = _workshop(p) if workshop else None
    if start_workshop is not None:
        found += moderation(start_workshop, row.reviewer_id, today)
    return sorted(found, key=lambda t: t.due)


def moderation(workshop: Workshop, user_id: int, today: date) -> list[Task]:
    """The workshop at the start of a cycle, for its moderator, until it is held."""
    if workshop.moderator.user_id != user_id or workshop.held_on is not None or workshop.on < today:
        return []
    label = _("%(kind)s moderieren") % {"kind": workshop.get_kind_display()}
    return [Task(f"workshop:{workshop.pk}", label, workshop.on, appointment=True)]


def appointment_label(task: Task) -> str:
    return _("%(what)s am %(day)s") % {"what": task.label, "day": _day(task.due)}
