"""Recording an occurrence of a recurring activity and moving its due date on."""

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
    """Save an occurrence; the next due date becomes one rhythm step after `done_on`.

    Back-filling an occurrence older than the latest recorded one keeps the due date, so entering the
    history of past years never moves the schedule backwards.
    """
    check_done_on(done_on, today)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
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
        activity.next_due = activity.next_due_after(done_on)
        activity.save(update_fields=["next_due", "updated_at"])
    return occurrence
