"""The visit's agreed date on the procedure's timeline (registered with testing.timeline)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.testing import timeline as base
from gelingen.testing.models import Procedure

from .models import Visit


def visit_steps(procedure: Procedure, viewer: User, role: str) -> list[base.Step]:
    steps: list[base.Step] = []
    if procedure.gutachten_sent_on is None:  # no visit before a Gutachten was sent
        return steps
    for visit in Visit.objects.filter(procedure=procedure).select_related("reported_by").order_by("round"):
        steps.append(
            base.Step(
                f"visit_reported:{visit.pk}",
                _("Termin der Visitation gemeldet: %(day)s, %(place)s")
                % {"day": formats.date_format(visit.on, "SHORT_DATE_FORMAT"), "place": visit.place},
                59 + visit.round / 100,  # just before the visit itself (60)
                base.REVIEWER,
                str(visit.reported_by or ""),
                done_on=timezone.localdate(visit.reported_at),
                done_by=str(visit.reported_by or ""),
                done_at=visit.reported_at,
            )
        )
        if visit.submitted_at:
            steps.append(
                base.Step(
                    f"visit_protocol:{visit.pk}",
                    _("Protokoll der Visitation eingereicht"),
                    60.5 + visit.round / 100,
                    base.REVIEWER,
                    done_on=timezone.localdate(visit.submitted_at),
                    done_at=visit.submitted_at,
                    audience=frozenset({base.TESTING_BODY, base.REVIEWER}),
                )
            )
    return steps
