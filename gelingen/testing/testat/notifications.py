"""Notes (in-app and e-mail) for the steps of goals and agreement that wait for someone."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.accounts.roles import LEITUNG
from gelingen.core.mail import send_templated
from gelingen.testing import timeline
from gelingen.testing.models import Notification, Procedure, Transition
from gelingen.testing.notifications import recipients

log = logging.getLogger("gelingen.testing")


def _tell(
    procedure: Procedure, side: str, by_id: int | None, text: Callable[[], str], leitung_only: bool = False
) -> int:
    """Note and e-mail the people of one side (Leitung and QM, or the officers); never the actor."""
    org_id, people = recipients(procedure, side)
    if leitung_only:
        people = [p for p in people if p.memberships.filter(organisation_id=org_id, role=LEITUNG).exists()]
    sent = 0
    for person in people:
        if person.pk == by_id:
            continue
        with translation.override(person.language):
            message = text()
        note = Notification.objects.create(
            user=person, procedure=procedure, organisation_id=org_id, text=message[:300]
        )
        try:
            send_templated(
                person.email,
                "testing_testat/email/note",
                {"user": person, "procedure": procedure, "text": message, "url": note.url()},
                language=person.language,
            )
            sent += 1
        except Exception:  # a broken address must not undo the step
            log.exception("testat: notification e-mail to %s failed", person.pk)
    return sent


def notify_goals_due(procedure: Procedure, transition: Transition) -> int:
    """After the final workshop the organisation words its strategic goals; once sent, Leitung signs."""
    name = procedure.organisation.name
    if transition.step == "hold_workshop":
        return _tell(
            procedure,
            timeline.ORGANISATION,
            transition.by_id,
            lambda: _("%(org)s: Strategische Ziele mit Prüfindikatoren formulieren") % {"org": name},
        )
    return _tell(
        procedure,
        timeline.ORGANISATION,
        transition.by_id,
        lambda: _("%(org)s: Zielvereinbarung unterschreiben") % {"org": name},
        leitung_only=True,
    )


def notify_goals_to_check(procedure: Procedure, by: User) -> int:
    name = procedure.organisation.name
    return _tell(
        procedure,
        timeline.TESTING_BODY,
        by.pk,
        lambda: _("%(org)s: Formulierung der strategischen Ziele prüfen") % {"org": name},
    )


def notify_checked(procedure: Procedure, by: User, approved: bool) -> int:
    name = procedure.organisation.name
    if approved:
        return _tell(
            procedure,
            timeline.ORGANISATION,
            by.pk,
            lambda: _("%(org)s: Die strategischen Ziele sind geprüft") % {"org": name},
        )
    return _tell(
        procedure,
        timeline.ORGANISATION,
        by.pk,
        lambda: _("%(org)s: Die Testierungsstelle bittet um eine Änderung an einem Ziel") % {"org": name},
    )


def notify_to_sign(procedure: Procedure, by: User) -> int:
    name = procedure.organisation.name

    def text() -> str:
        return _("%(org)s: Zielvereinbarung unterschreiben") % {"org": name}

    return _tell(procedure, timeline.ORGANISATION, by.pk, text, leitung_only=True) + _tell(
        procedure, timeline.TESTING_BODY, by.pk, text
    )
