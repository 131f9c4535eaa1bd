"""Checks this app adds to the procedure's state machine (registered in apps.py).

- `visit`: the first reviewer must have reported the agreed date of the visit of the current Gutachten.
- `decide_met` after a visit: refused while an Auflage is recorded as not met at that visit.
- `decide_not_met`: needs at least one Auflage recorded as not met at the visit.

`hold_workshop` needs no extra check here: transitions.py already refuses it unless the decision is
"met", and `decide_met` (guarded above) or an upheld appeal is the only way to that decision. The path
after a revised Selbstreport decides without a new visit (decided rule 7), so the decision guards only
apply to a decision taken right after a visit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from gelingen.testing.models import Procedure

from .visit import current_visit, not_met_findings

S = Procedure.Status


def visit_needs_reported_date(procedure: Procedure, on: date, values: dict[str, Any]) -> str | None:
    visit = current_visit(procedure)
    if visit is None:
        return _(
            "Die Gutachter*in hat noch keinen Termin der Visitation gemeldet; bitte lassen Sie ihn "
            "zuerst eintragen."
        )
    if on < visit.on:
        return _("Die Visitation ist für den %(day)s gemeldet; sie kann nicht davor stattgefunden haben.") % {
            "day": visit.on.strftime("%d.%m.%Y")
        }
    return None


def met_refused_while_not_met(procedure: Procedure, on: date, values: dict[str, Any]) -> str | None:
    if procedure.status != S.VISITED:
        return None
    open_ones = not_met_findings(current_visit(procedure))
    if open_ones:
        return _(
            "Bei der Visitation wurde festgehalten, dass %(n)d Auflage(n) nicht erfüllt ist/sind "
            "(%(which)s); das Testat kann so nicht empfohlen werden."
        ) % {"n": len(open_ones), "which": "; ".join(f.requirement for f in open_ones)}
    return None


def not_met_needs_a_finding(procedure: Procedure, on: date, values: dict[str, Any]) -> str | None:
    if procedure.status != S.VISITED:
        return None
    if not not_met_findings(current_visit(procedure)):
        return _(
            "Bei der Visitation wurde keine Auflage als nicht erfüllt festgehalten; die Entscheidung "
            "„Auflagen nicht erfüllt“ ist so nicht möglich."
        )
    return None


GUARDS = (
    ("visit", visit_needs_reported_date),
    ("decide_met", met_refused_while_not_met),
    ("decide_not_met", not_met_needs_a_finding),
)
