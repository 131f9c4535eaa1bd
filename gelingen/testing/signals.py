"""Reactions of the testing procedure to other apps' events and to its own steps."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from gelingen.selfreport.models import Submission

from . import notifications, sharing
from .models import CLOSED, Procedure, Transition
from .transitions import StepRefused, advance

log = logging.getLogger("gelingen.testing")

# a new submission of the cycle moves the procedure on from these statuses
ADVANCE_ON_SUBMISSION: dict[str, str] = {
    Procedure.Status.CONFIRMED: Procedure.Status.SUBMITTED,
    Procedure.Status.NOT_MET: Procedure.Status.RESUBMITTED,
}


def submission_created(sender, instance: Submission, created: bool, **kwargs) -> None:
    """Link a new frozen submission to the cycle's running procedure: grant it, and record the step."""
    if not created or kwargs.get("raw"):
        return
    procedure = (
        Procedure.objects.filter(cycle_id=instance.report.cycle_id)
        .exclude(status__in=CLOSED)
        .select_related("organisation", "registered_by")
        .first()
    )
    if procedure is None or procedure.status == Procedure.Status.REGISTERED:
        return  # granted when the testing body confirms
    sharing.share_submission(procedure, instance, instance.submitted_by)
    to_status = ADVANCE_ON_SUBMISSION.get(procedure.status)
    if to_status is None:
        return
    try:
        with transaction.atomic():
            advance(
                procedure,
                to_status,
                by=instance.submitted_by,
                on=timezone.localdate(instance.submitted_at),
                note=f"#{instance.number}",
            )
    except StepRefused as refusal:  # the submission stands; the step can still be recorded by hand
        log.info(
            "testing: submission %s did not advance procedure %s: %s", instance.pk, procedure.pk, refusal
        )


def step_done(sender, procedure: Procedure, transition: Transition, **kwargs) -> None:
    if transition.step == "confirm":
        sharing.share_all(procedure, transition.by)
    notifications.notify(procedure, transition)
