"""The visit's agreed date on the procedure's timeline (registered with testing.timeline)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.testing import timeline as base
from gelingen.testing.models import Procedure

from .models import Visit, Workshop


def workshop_steps(procedure: Procedure) -> list[base.Step]:
    """The workshop that opens the cycle, after the confirmation (20) and before the submission (40)."""
    workshop = Workshop.objects.filter(cycle_id=procedure.cycle_id).select_related("moderator__user").first()
    if workshop is None:
        return []
    label = _("%(kind)s am %(day)s, Moderation: %(who)s") % {
        "kind": workshop.get_kind_display(),
        "day": formats.date_format(workshop.on, "SHORT_DATE_FORMAT"),
        "who": workshop.moderator.user.name,
    }
    return [
        base.Step(
            f"workshop_start:{workshop.pk}",
            label,
            25,
            base.REVIEWER,
            workshop.moderator.user.name,
            done_on=workshop.held_on,
            status=base.OPEN,
            note=_("erste Bestandsaufnahme der Selbstbewertung bei diesem Workshop")
            if workshop.held_on
            else "",
        )
    ]


def visit_steps(procedure: Procedure, viewer: User, role: str) -> list[base.Step]:
    steps: list[base.Step] = workshop_steps(procedure)
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
