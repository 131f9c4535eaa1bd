"""Business rules for handling feedback: closing needs a consequence, and complaints have 30 days."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import COMPLAINT_DAYS, Feedback


def handling_errors(
    status: str,
    consequence: str,
    received_on: date | None,
    done_on: date | None,
    informed_on: date | None,
    today: date,
) -> dict[str, str]:
    """Field -> German message for a handling state that does not hold together."""
    errors: dict[str, str] = {}
    if received_on and received_on > today:
        errors["received_on"] = _("Das Eingangsdatum darf nicht in der Zukunft liegen.")
    if status == Feedback.Status.DONE and not (consequence or "").strip():
        errors["consequence"] = _(
            "Eine Rückmeldung kann erst als erledigt markiert werden, wenn die gezogene Konsequenz "
            "eingetragen ist."
        )
    for field, value in (("done_on", done_on), ("informed_on", informed_on)):
        if value is None:
            continue
        if value > today:
            errors[field] = _("Das Datum darf nicht in der Zukunft liegen.")
        elif received_on and value < received_on:
            errors[field] = _("Das Datum kann nicht vor dem Eingang der Rückmeldung liegen.")
    if done_on and status != Feedback.Status.DONE:
        errors.setdefault("done_on", _("Ein Erledigt-Datum passt nur zum Status „erledigt“."))
    return errors


def settle_done_date(entry: Feedback, today: date) -> None:
    """Done entries get today's date unless one was given; reopened ones lose it."""
    if entry.status == Feedback.Status.DONE:
        entry.done_on = entry.done_on or today
    else:
        entry.done_on = None


def age_days(entry: Feedback, today: date) -> int:
    return (today - entry.received_on).days


def is_overdue_complaint(entry: Feedback, today: date) -> bool:
    """An open complaint received more than 30 days ago."""
    return (
        entry.kind == Feedback.Kind.COMPLAINT
        and entry.status != Feedback.Status.DONE
        and age_days(entry, today) > COMPLAINT_DAYS
    )


def overdue_complaints(entries: QuerySet[Feedback], today: date) -> QuerySet[Feedback]:
    """The same rule as `is_overdue_complaint`, as a database filter."""
    return entries.filter(
        kind=Feedback.Kind.COMPLAINT, received_on__lt=today - timedelta(days=COMPLAINT_DAYS)
    ).exclude(status=Feedback.Status.DONE)
