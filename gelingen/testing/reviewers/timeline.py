"""The assignment steps on a procedure's timeline (registered with testing.timeline.register_source).

Everyone on the procedure sees who was assigned and when; the organisation and the testing body also
see the rejection window and a rejection with its reasons (decided rule 10: it does not restart the
Gutachten period, which the timeline keeps from the submission). A reviewer sees only their own rows.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.testing import timeline as base
from gelingen.testing.models import Procedure

from .assignment import rejection_due
from .models import Assignment

SIDES = frozenset({base.ORGANISATION, base.TESTING_BODY})


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def assignment_steps(procedure: Procedure, viewer: User, role: str) -> list[base.Step]:
    today = timezone.localdate()
    rows = procedure.assignments.select_related("reviewer", "assigned_by").order_by("assigned_at", "pk")
    if role == base.REVIEWER:
        rows = rows.filter(reviewer_id=viewer.pk)
    steps: list[base.Step] = []
    for n, a in enumerate(rows):
        order = 45 + n / 100  # after the submission (40), before the Gutachten
        label = (
            _("Gutachter*in zugeordnet: %(name)s")
            if a.role == Assignment.Role.FIRST
            else _("Zweitgutachter*in zugeordnet: %(name)s")
        ) % {"name": a.reviewer.name}
        steps.append(
            base.Step(
                f"assignment:{a.pk}",
                label,
                order,
                base.TESTING_BODY,
                str(a.assigned_by or ""),
                done_on=timezone.localdate(a.assigned_at),
                done_by=str(a.assigned_by or ""),
                done_at=a.assigned_at,
            )
        )
        due = rejection_due(a)
        if a.rejected_on is not None:
            steps.append(
                base.Step(
                    f"rejection:{a.pk}",
                    _("Gutachter*in abgelehnt: %(name)s") % {"name": a.reviewer.name},
                    order + 0.001,
                    base.ORGANISATION,
                    str(a.rejected_by or ""),
                    due=due,
                    rule=_("binnen einer Woche nach der Benachrichtigung"),
                    done_on=a.rejected_on,
                    done_by=str(a.rejected_by or ""),
                    note=a.rejection_reasons
                    + " "
                    + _("Die Frist für das Gutachten beginnt dadurch nicht neu."),
                    audience=SIDES,
                )
            )
        elif a.is_active:
            closed = today > due
            steps.append(
                base.Step(
                    f"rejection:{a.pk}",
                    _("Ablehnung der Gutachter*in möglich: %(name)s") % {"name": a.reviewer.name},
                    order + 0.001,
                    base.ORGANISATION,
                    due=due,
                    rule=_("binnen einer Woche nach der Benachrichtigung am %(day)s")
                    % {"day": _day(a.notified_on)},
                    hard=False,  # a right, not a duty: never overdue
                    done_on=due if closed else None,
                    note=_("nicht abgelehnt") if closed else "",
                    status=base.OPEN,
                    audience=SIDES,
                )
            )
        if a.ended_on is not None and a.rejected_on is None:
            steps.append(
                base.Step(
                    f"end:{a.pk}",
                    _("Zuordnung beendet: %(name)s") % {"name": a.reviewer.name},
                    order + 0.002,
                    base.TESTING_BODY,
                    done_on=a.ended_on,
                    note=a.ended_note,
                    audience=SIDES,
                )
            )
    return steps
