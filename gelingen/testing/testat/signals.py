"""Issue the Testat when the testing body takes the `certify` step."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gelingen.testing.models import Procedure, Transition

from . import numbers
from .models import Testat


def issue(procedure: Procedure) -> Testat:
    """The procedure's Testat, created once from the certified procedure (idempotent)."""
    existing = Testat.objects.filter(procedure=procedure).first()
    if existing:
        return existing
    assert procedure.testat_on and procedure.valid_until and procedure.testat_issued_on
    model = procedure.cycle.model
    with transaction.atomic():
        return Testat.objects.create(
            number=numbers.next_number(procedure.testing_body, procedure.testat_issued_on.year),
            procedure=procedure,
            organisation=procedure.organisation,
            testing_body=procedure.testing_body,
            organisation_name=procedure.organisation.name,
            model_name=model.name,
            model_version=model.version,
            testat_on=procedure.testat_on,
            valid_until=procedure.valid_until,
            issued_on=procedure.testat_issued_on,
        )


def on_step_done(sender: Any, procedure: Procedure, transition: Transition, **kwargs: Any) -> None:
    if transition.step == "certify":
        issue(
            Procedure.objects.select_related("cycle__model", "organisation", "testing_body").get(
                pk=procedure.pk
            )
        )
    if transition.step in ("hold_workshop", "send_agreement"):
        from .notifications import notify_goals_due

        notify_goals_due(procedure, transition)
