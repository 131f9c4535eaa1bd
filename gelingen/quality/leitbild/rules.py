"""Validation rules for the records around the Leitbild (communication, revision plan, participation)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _


def communication_errors(
    written_on: date | None,
    internal_on: date | None,
    internal_channel: str,
    external_on: date | None,
    external_channel: str,
    today: date,
) -> dict[str, str]:
    """Field -> German message. A step counts as done when its date is set; it needs a channel too."""
    errors: dict[str, str] = {}
    future = _("Das Datum darf nicht in der Zukunft liegen.")
    for field, value in (
        ("written_on", written_on),
        ("internal_on", internal_on),
        ("external_on", external_on),
    ):
        if value and value > today:
            errors[field] = future
    for date_field, channel_field, value, channel in (
        ("internal_on", "internal_channel", internal_on, internal_channel),
        ("external_on", "external_channel", external_on, external_channel),
    ):
        if value and not channel.strip():
            errors[channel_field] = _("Bitte nennen Sie den Weg, z. B. Teamsitzung, Intranet oder Website.")
        elif channel.strip() and not value:
            errors.setdefault(date_field, _("Bitte geben Sie auch das Datum an."))
        elif value and written_on and value < written_on:
            errors.setdefault(date_field, _("Das Datum kann nicht vor der schriftlichen Fixierung liegen."))
    return errors


def revision_date_error(new: date | None, old: date | None, today: date) -> str | None:
    """A newly set revision date must not lie in the past; an unchanged (overdue) one may stay."""
    if new is not None and new != old and new < today:
        return _("Der Termin für die nächste Überprüfung darf nicht in der Vergangenheit liegen.")
    return None


def participation_date_error(held_on: date | None, today: date) -> str | None:
    if held_on is not None and held_on > today:
        return _(
            "Das Protokoll hält fest, was stattgefunden hat: Das Datum darf nicht in der Zukunft liegen."
        )
    return None
