"""Notes to the testing body's officers about the visit (in-app and e-mail, like the procedure's own)."""

from __future__ import annotations

import logging

from django.utils import formats, translation
from django.utils.translation import gettext as _

from gelingen.core.mail import send_templated
from gelingen.testing import timeline
from gelingen.testing.models import Notification, Procedure
from gelingen.testing.notifications import recipients

from .models import Visit

log = logging.getLogger("gelingen.testing")


def visit_reported(procedure: Procedure, visit: Visit) -> int:
    """Tell the officers the agreed date of the visit; the number of people told."""
    org_id, people = recipients(procedure, timeline.TESTING_BODY)
    sent = 0
    for person in people:
        with translation.override(person.language):
            text = _("%(org)s: Visitation am %(day)s vereinbart") % {
                "org": procedure.organisation.name,
                "day": formats.date_format(visit.on, "SHORT_DATE_FORMAT"),
            }
        note = Notification.objects.create(
            user=person, procedure=procedure, organisation_id=org_id, text=text[:300]
        )
        try:
            send_templated(
                person.email,
                "testing_visits/email/visit_reported",
                {"user": person, "procedure": procedure, "visit": visit, "url": note.url()},
                language=person.language,
            )
            sent += 1
        except Exception:  # a broken address must not undo the report
            log.exception("visits: notification e-mail to %s failed", person.pk)
    return sent
