"""The Gutachten in the procedure's state machine: sending needs an approved Gutachten, whose outcome the
step takes; once the step is done the Gutachten is released to the organisation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from gelingen.testing.models import Procedure, Transition

from . import rules
from .models import Gutachten


def _sendable(procedure: Procedure) -> Gutachten | None:
    found = rules.current(procedure)
    return found if found is not None and found.status == Gutachten.Status.APPROVED else None


def send_guard(procedure: Procedure, on: date, values: dict[str, Any]) -> str | None:
    """Registered for `send_gutachten`: no sending before the second reviewer approved."""
    found = rules.current(procedure)
    if found is None:
        return _(
            "Es gibt noch kein Gutachten zu diesem Verfahren; versandt werden kann erst ein freigegebenes."
        )
    if found.status != Gutachten.Status.APPROVED:
        return _(
            "Das Gutachten ist noch nicht von der Zweitgutachter*in freigegeben (Stand: %(status)s); "
            "erst dann kann es versandt werden."
        ) % {"status": found.get_status_display()}
    # the round's basis is the submission that was newest when it was started; a revised Selbstreport
    # after the decision gets a round of its own (rules.start), which then has to be approved
    return None


def derived_outcome(procedure: Procedure) -> str | None:
    """The outcome of the approved Gutachten (the send step takes it instead of a choice)."""
    found = _sendable(procedure)
    return rules.progress(found).outcome if found is not None else None


def release_on_send(sender: Any, procedure: Procedure, transition: Transition, **kwargs: Any) -> None:
    """After `send_gutachten` committed: the approved Gutachten becomes visible to the organisation."""
    if transition.step != "send_gutachten":
        return
    found = _sendable(procedure)
    if found is not None:
        rules.release(found, transition.on or transition.at.date(), transition.by)
