"""Who hears of the second check: the second reviewer when handed over, the first when returned, the
testing body's officers when approved (in-app note and e-mail, as testing.notifications does)."""

from __future__ import annotations

import logging

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.core.mail import send_templated
from gelingen.testing import notifications as testing_notifications
from gelingen.testing import timeline
from gelingen.testing.models import Notification

from . import rules
from .models import Gutachten

log = logging.getLogger("gelingen.testing")
Role = rules.Role


def _tell(gutachten: Gutachten, people: list[User], text_for, url: str) -> int:
    procedure = gutachten.procedure
    sent = 0
    for person in people:
        with translation.override(person.language):
            text = str(text_for())
        Notification.objects.create(
            user=person, procedure=procedure, organisation_id=procedure.testing_body_id, text=text[:300]
        )
        try:
            send_templated(
                person.email,
                "testing_gutachten/email/check",
                {"user": person, "procedure": procedure, "gutachten": gutachten, "text": text, "url": url},
                language=person.language,
            )
            sent += 1
        except Exception:  # a broken address must not undo the step
            log.exception("gutachten %s: e-mail to %s failed", gutachten.pk, person.pk)
    return sent


def _url(gutachten: Gutachten) -> str:
    procedure = gutachten.procedure
    return reverse("testing_gutachten:detail", args=[procedure.testing_body.slug, procedure.pk])


def notify_handed_over(gutachten: Gutachten) -> int:
    second = rules.reviewer(gutachten.procedure, Role.SECOND)
    name = gutachten.procedure.organisation.name
    return _tell(
        gutachten,
        [second] if second else [],
        lambda: _("%(org)s: Gutachten zur Zweitbegutachtung übergeben") % {"org": name},
        _url(gutachten),
    )


def notify_returned(gutachten: Gutachten) -> int:
    first = rules.reviewer(gutachten.procedure, Role.FIRST)
    name = gutachten.procedure.organisation.name
    return _tell(
        gutachten,
        [first] if first else [],
        lambda: _("%(org)s: Gutachten zur Überarbeitung zurückgegeben") % {"org": name},
        _url(gutachten),
    )


def notify_approved(gutachten: Gutachten) -> int:
    _org, officers = testing_notifications.recipients(gutachten.procedure, timeline.TESTING_BODY)
    name = gutachten.procedure.organisation.name
    return _tell(
        gutachten,
        officers,
        lambda: _("%(org)s: Gutachten freigegeben, Versand an die Organisation steht an") % {"org": name},
        _url(gutachten),
    )
