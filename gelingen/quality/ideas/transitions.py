"""Status rules of the idea store.

new -> accepted / rejected / planned; accepted -> planned / rejected / new; rejected -> new (reopened).
Rejecting needs a reason that the submitter can read. "Planned as measure" is reached only by creating
a measure from the idea (`plan_as_measure`); it stays until that measure is deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.quality.measures.models import Measure

from .models import Idea

Status = Idea.Status

ALLOWED: dict[str, set[str]] = {
    Status.NEW: {Status.ACCEPTED, Status.REJECTED, Status.PLANNED},
    Status.ACCEPTED: {Status.NEW, Status.REJECTED, Status.PLANNED},
    Status.REJECTED: {Status.NEW},
    Status.PLANNED: set(),
}


class TransitionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def allowed_statuses(idea: Idea) -> set[str]:
    if idea.status == Status.PLANNED and idea.measure_id is None:
        # the measure was deleted: the idea may be decided on again
        return {Status.ACCEPTED, Status.REJECTED, Status.PLANNED}
    return ALLOWED[idea.status]


def change_status(idea: Idea, status: str, user: User, reason: str = "") -> None:
    """Accept, reject (with a reason) or reopen an idea."""
    if status not in Status.values:
        raise TransitionError(_("Unbekannter Status."))
    if status == Status.PLANNED:
        raise TransitionError(_("Eine Idee wird über „Als Maßnahme planen“ zur Maßnahme."))
    if status not in allowed_statuses(idea):
        raise TransitionError(
            _("Eine Idee im Status „%(old)s“ kann nicht auf „%(new)s“ gesetzt werden.")
            % {"old": idea.get_status_display(), "new": Status(status).label}
        )
    reason = (reason or "").strip()
    if status == Status.REJECTED and not reason:
        raise TransitionError(_("Bitte begründen Sie die Ablehnung."))
    idea.status = status
    idea.rejection_reason = reason if status == Status.REJECTED else ""
    if status == Status.NEW:
        idea.decided_by, idea.decided_at = None, None
    else:
        idea.decided_by, idea.decided_at = user, timezone.now()
    idea.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])


@transaction.atomic
def plan_as_measure(idea: Idea, user: User) -> Measure:
    """Create a draft measure (status "geplant") from the idea and link them.

    The idea's row is locked and its status read again, so a second submit (double click, two people
    at once) waits for the first and then finds the idea already planned instead of creating a second
    measure.
    """
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    for field in ("status", "measure_id", "rejection_reason", "decided_by_id", "decided_at"):
        setattr(idea, field, getattr(locked, field))
    if Status.PLANNED not in allowed_statuses(idea):
        raise TransitionError(
            _("Eine Idee im Status „%(old)s“ kann nicht als Maßnahme geplant werden.")
            % {"old": idea.get_status_display()}
        )
    submitted = _("Aus dem Ideenspeicher übernommen: eingebracht von %(name)s am %(date)s (%(source)s).") % {
        "name": idea.submitted_by.name if idea.submitted_by else _("unbekannt"),
        "date": formats.date_format(idea.submitted_on, "SHORT_DATE_FORMAT"),
        "source": idea.get_source_display(),
    }
    measure = Measure.objects.create(
        organisation=idea.organisation,
        cycle=idea.organisation.cycles.first(),
        title=Truncator(idea.title).chars(200),
        goal=Truncator(idea.description).chars(2000),
        description=submitted,
        owner=user,
        phase=Measure.Phase.DEVELOP,
        status=Measure.Status.PLANNED,
        created_by=user,
    )
    idea.status = Status.PLANNED
    idea.measure = measure
    idea.rejection_reason = ""
    idea.decided_by, idea.decided_at = user, timezone.now()
    idea.save(update_fields=["status", "measure", "rejection_reason", "decided_by", "decided_at"])
    return measure
