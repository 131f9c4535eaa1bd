"""Recording, correcting and deleting occurrences of a recurring activity, and the schedule that follows.

The rule: the schedule follows the latest occurrence (by date of performance). It carries the due date it
answered (`due_date`, "fällig war"), and the activity's next due date is one rhythm step after it.

- Recording: an occurrence on or after the latest one becomes the latest: it answers the current due
  date, and the next due date moves to one rhythm step after it. Back-filling an older occurrence keeps
  the due date, so entering the history of past years never moves the schedule backwards.
- Editing only the texts never moves the schedule. Editing the date: if the latest occurrence stays
  the latest, the next due date is recomputed from its new date. If an older occurrence is moved past
  the latest one, it is treated as if it had been recorded now (it answers the current due date, the
  schedule moves on from it). If the latest is moved back behind another one, the schedule is restored
  as in deleting it (below) and it keeps no due date of its own, like any back-filled occurrence.
- Deleting the latest occurrence undoes its recording: the activity is due again on the date it had
  answered. Where that date is unknown, the next due date is one rhythm step after the occurrence that
  is now the latest; without any, it stays as it is.
- Editing the texts of any occurrence, or editing or deleting an older one (that stays older), leaves
  the schedule alone, so a due date set by hand stays.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity, Occurrence


def check_done_on(done_on: date, today: date | None = None) -> None:
    """An occurrence is recorded after the fact: a date in the future is refused."""
    if done_on > (today or timezone.localdate()):
        raise ValidationError(
            _("Das Datum der Durchführung darf nicht in der Zukunft liegen."), code="future"
        )


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _latest(activity: Activity, exclude: int | None = None) -> Occurrence | None:
    """The latest occurrence (the newest recording wins on the same day)."""
    rows = activity.occurrences.order_by("-done_on", "-pk")
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.first()


def _set_next_due(activity: Activity, next_due: date) -> None:
    if activity.next_due != next_due:
        activity.next_due = next_due
        activity.save(update_fields=["next_due", "updated_at"])


def _restored_due(activity: Activity, removed: Occurrence) -> date:
    """The next due date without `removed` as the latest occurrence: what it had answered, else one
    rhythm step after the occurrence before it, else unchanged."""
    if removed.due_date is not None:
        return removed.due_date
    previous = _latest(activity, exclude=removed.pk)
    return activity.next_due_after(previous.done_on) if previous is not None else activity.next_due


def next_due_after_deleting(occurrence: Occurrence) -> date:
    """What the activity's next due date becomes when this occurrence is deleted (for the confirmation)."""
    activity = Activity.objects.get(pk=occurrence.activity_id)
    if _latest(activity).pk != occurrence.pk:
        return activity.next_due
    return _restored_due(activity, occurrence)


@transaction.atomic
def record_occurrence(
    activity: Activity,
    *,
    done_on: date,
    result: str,
    conclusions: str,
    user,
    participants: str = "",
    evidence_ref: str = "",
    today: date | None = None,
) -> Occurrence:
    """Save an occurrence; if it is the latest, the next due date becomes one rhythm step after `done_on`."""
    check_done_on(done_on, today)
    activity = _locked(activity)
    latest = activity.occurrences.aggregate(latest=Max("done_on"))["latest"]
    advances = latest is None or done_on >= latest
    occurrence = Occurrence.objects.create(
        activity=activity,
        done_on=done_on,
        due_date=activity.next_due if advances else None,
        result=result,
        conclusions=conclusions,
        participants=participants,
        evidence_ref=evidence_ref,
        recorded_by=user,
    )
    if advances:
        _set_next_due(activity, activity.next_due_after(done_on))
    return occurrence


@transaction.atomic
def update_occurrence(
    occurrence: Occurrence,
    *,
    done_on: date,
    result: str,
    conclusions: str,
    participants: str = "",
    evidence_ref: str = "",
    today: date | None = None,
) -> Occurrence:
    """Correct an occurrence; a changed date moves the schedule as described in the module docstring."""
    check_done_on(done_on, today)
    activity = _locked(occurrence.activity)
    stored = activity.occurrences.get(pk=occurrence.pk)
    was_latest = _latest(activity).pk == stored.pk
    others = _latest(activity, exclude=stored.pk)
    if done_on == stored.done_on:
        pass  # only the texts change: the schedule stays as it is
    elif was_latest:
        if others is None or done_on >= others.done_on:
            _set_next_due(activity, activity.next_due_after(done_on))
        else:
            _set_next_due(activity, _restored_due(activity, stored))
            stored.due_date = None
    elif done_on > others.done_on:
        stored.due_date = activity.next_due
        _set_next_due(activity, activity.next_due_after(done_on))
    stored.done_on = done_on
    stored.result = result
    stored.conclusions = conclusions
    stored.participants = participants
    stored.evidence_ref = evidence_ref
    stored.save()
    return stored


@transaction.atomic
def delete_occurrence(occurrence: Occurrence) -> Activity:
    """Delete an occurrence; deleting the latest restores the schedule (see the module docstring)."""
    activity = _locked(occurrence.activity)
    stored = activity.occurrences.get(pk=occurrence.pk)
    if _latest(activity).pk == stored.pk:
        _set_next_due(activity, _restored_due(activity, stored))
    stored.delete()
    return activity
