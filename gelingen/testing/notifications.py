"""E-mail and in-app notes to the people whose action a procedure now waits for."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.accounts.roles import LEITUNG, OFFICER, QM
from gelingen.core.mail import send_templated

from . import timeline
from .models import Notification, Procedure, Transition

log = logging.getLogger("gelingen.testing")


def waiting_for(procedure: Procedure) -> timeline.Step | None:
    """The first open step of the procedure's own timeline (what happens next)."""
    today = timezone.localdate()
    for step in timeline.core_steps(procedure):
        step = timeline.with_status(step, today)
        if step.status in (timeline.OPEN, timeline.OVERDUE) and step.key not in (
            "retest_registration",
            "retest_submission",
        ):
            return step
    return None


def recipients(procedure: Procedure, side: str) -> tuple[int, list[User]]:
    """(organisation whose page the note links to, people) for a side: Leitung and QM, or the officers."""
    if side == timeline.ORGANISATION:
        org_id, roles = procedure.organisation_id, [LEITUNG, QM]
    else:  # the testing body answers for the reviewer's steps until a reviewer source says otherwise
        org_id, roles = procedure.testing_body_id, [OFFICER]
    people = User.objects.filter(
        memberships__organisation_id=org_id, memberships__role__in=roles, is_active=True
    ).order_by("pk")
    if side != timeline.ORGANISATION and procedure.officer_id:
        people = people.filter(pk=procedure.officer_id) or people
    return org_id, list(people)


def notify(procedure: Procedure, transition: Transition) -> int:
    """Tell who acts next; the number of people told. The actor is not told about their own step."""
    step = waiting_for(procedure)
    if step is None or step.side == "":
        return 0
    org_id, people = recipients(procedure, step.side)
    people = [p for p in people if p.pk != transition.by_id]
    sent = 0
    for person in people:
        with translation.override(person.language):
            text = _("%(org)s: %(step)s steht an") % {"org": procedure.organisation.name, "step": step.label}
        note = Notification.objects.create(
            user=person, procedure=procedure, organisation_id=org_id, text=text[:300]
        )
        try:
            send_templated(
                person.email,
                "testing/email/step",
                {
                    "user": person,
                    "procedure": procedure,
                    "step": step,
                    "transition": transition,
                    "url": note.url(),
                },
                language=person.language,
            )
            sent += 1
        except Exception:  # a broken address must not undo the step
            log.exception("testing: notification e-mail to %s failed", person.pk)
    return sent


def unread(user: User, organisation_id: int, limit: int = 10) -> list[Notification]:
    return list(
        Notification.objects.filter(
            user=user, organisation_id=organisation_id, read_at__isnull=True
        ).select_related("procedure")[:limit]
    )


def notify_body_of_registration(procedure: Procedure, transition: Transition) -> int:
    """A new registration waits for the testing body's confirmation."""
    return notify(procedure, transition)


def mark_read(user: User, procedure: Procedure) -> None:
    Notification.objects.filter(user=user, procedure=procedure, read_at__isnull=True).update(
        read_at=timezone.now()
    )
