"""The timeline of a procedure: every step with its deadline, status, responsible side and what happened.

`build(procedure, viewer)` lists the procedure's own steps (computed from its dates and the testing
body's rules) plus the steps of registered sources, filtered to what the viewer's side may see and in
order. A sub-app adds steps with `register_source(fn)` from its AppConfig.ready(); `fn(procedure, viewer,
role)` returns Steps (role: access.ORGANISATION / TESTING_BODY / REVIEWER_SIDE). The testing app never
imports the sub-apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gelingen.accounts.models import User

from . import access, deadlines
from .models import Procedure, Transition

DONE = "done"
OPEN = "open"
OVERDUE = "overdue"
LATER = "later"  # not yet: what it waits for has not happened
STATUS_LABELS = {
    DONE: gettext_lazy("erledigt"),
    OPEN: gettext_lazy("offen"),
    OVERDUE: gettext_lazy("überfällig"),
    LATER: gettext_lazy("noch nicht"),
}

# the labels of the steps that carry a deadline, for lists that show only the stored next step
DEADLINE_LABELS = {
    "submission": gettext_lazy("Einreichung des Selbstreports"),
    "gutachten": gettext_lazy("Gutachten versandt"),
    "visit": gettext_lazy("Visitation"),
    "revision": gettext_lazy("Überarbeiteter Selbstreport"),
    "retest_registration": gettext_lazy("Anmeldung zur Retestierung"),
    "retest_submission": gettext_lazy("Fortgeschriebener Selbstreport zur Retestierung"),
}

ALL = frozenset(access.ROLES)
ORGANISATION = access.ORGANISATION
TESTING_BODY = access.TESTING_BODY
REVIEWER = access.REVIEWER_SIDE


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    order: float  # position on the timeline; the procedure's own steps use 10, 20, ...
    side: str = ""  # responsible side: ORGANISATION, TESTING_BODY or REVIEWER
    person: str = ""  # the responsible person, when known
    due: date | None = None  # the deadline (or, with `earliest`, the first allowed day)
    rule: str = ""  # how the deadline is computed, in words
    earliest: bool = False  # `due` is the first allowed day, not the last
    hard: bool = True  # False: a target, not a limit (the visit without Auflagen, decided rule 1)
    done_on: date | None = None
    done_by: str = ""
    done_at: datetime | None = None
    note: str = ""
    status: str = LATER
    non_working: str | None = None  # the due day is a weekend or holiday: its name
    audience: frozenset[str] = field(default=ALL)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def side_label(self) -> str:
        return {
            ORGANISATION: _("Organisation"),
            TESTING_BODY: _("Testierungsstelle"),
            REVIEWER: _("Gutachter*in"),
        }.get(self.side, "")


Source = Callable[[Procedure, User, str], Iterable[Step]]
_sources: list[Source] = []


def register_source(fn: Source) -> Source:
    if fn not in _sources:
        _sources.append(fn)
    return fn


def with_status(step: Step, today: date, state: str = "") -> Step:
    """Fill in the status and the weekend/holiday flag from the dates (a step that may happen is open)."""
    if step.done_on is not None:
        status = DONE
    elif step.due is None:
        status = step.status if step.status != LATER else LATER
    elif step.status == LATER:
        status = LATER
    elif not step.earliest and step.hard and step.due < today:
        status = OVERDUE
    else:
        status = OPEN
    flag = deadlines.is_non_working_day(step.due, state) if step.due else None
    return replace(step, status=status, non_working=flag)


def _ready(condition: bool) -> str:
    return OPEN if condition else LATER


def core_steps(p: Procedure) -> list[Step]:
    """The procedure's own steps from its fields, with deadlines, before statuses are filled in."""
    rules = p.rules()
    S = Procedure.Status
    officer = str(p.officer) if p.officer_id and p.officer else ""
    org_person = str(p.registered_by) if p.registered_by_id and p.registered_by else ""
    steps: list[Step] = [
        Step(
            "registration",
            _("Anmeldung"),
            10,
            ORGANISATION,
            org_person,
            done_on=timezone.localdate(p.registered_at),
            note=(_("Angestrebter Termin: %(day)s") % {"day": p.intended_date.strftime("%d.%m.%Y")})
            if p.intended_date
            else "",
        )
    ]
    if p.status == S.DECLINED:
        steps.append(
            Step(
                "confirmation",
                _("Anmeldung abgelehnt"),
                20,
                TESTING_BODY,
                officer,
                done_on=p.declined_on,
                note=p.decline_reason,
            )
        )
        return steps
    steps.append(
        Step(
            "confirmation",
            _("Bestätigung (Vertrag)"),
            20,
            TESTING_BODY,
            officer,
            done_on=p.confirmed_on,
            status=OPEN,
        )
    )
    if p.is_first:
        due = deadlines.selfreport_due(p.confirmed_on, rules) if p.confirmed_on else None
        rule = _("höchstens %(n)d Monate nach der Bestätigung") % {"n": rules.selfreport_months}
    else:
        expires = p.previous.valid_until if p.previous_id and p.previous else None
        due = deadlines.retest_selfreport_due(expires, rules) if expires else None
        rule = _("spätestens %(n)d Monate vor Ablauf des Testats") % {"n": rules.retest_selfreport_months}
    steps.append(
        Step(
            "submission",
            _("Einreichung des Selbstreports"),
            30,
            ORGANISATION,
            org_person,
            due=due,
            rule=rule,
            done_on=p.submitted_on,
            status=_ready(p.confirmed_on is not None),
        )
    )
    steps.append(
        Step(
            "gutachten",
            _("Gutachten versandt"),
            50,
            REVIEWER,
            due=deadlines.gutachten_due(p.submitted_on, rules) if p.submitted_on else None,
            rule=_("höchstens %(n)d Wochen nach der Einreichung") % {"n": rules.gutachten_weeks},
            done_on=p.gutachten_sent_on if p.status != S.RESUBMITTED else None,
            status=_ready(p.submitted_on is not None),
            note=p.get_outcome_display() if p.outcome else "",
        )
    )
    auflagen = p.outcome == Procedure.Outcome.AUFLAGEN
    steps.append(
        Step(
            "visit",
            _("Visitation"),
            60,
            REVIEWER,
            due=deadlines.visit_due(p.gutachten_sent_on, rules) if p.gutachten_sent_on else None,
            rule=(
                _("höchstens %(n)d Wochen nach Versand des Gutachtens")
                if auflagen
                else _("Ziel: %(n)d Wochen nach Versand des Gutachtens")
            )
            % {"n": rules.visit_weeks},
            hard=auflagen,
            done_on=p.visit_on,
            status=_ready(p.gutachten_sent_on is not None),
            note=(
                _("Gutachten eingegangen am %(day)s") % {"day": p.gutachten_received_on.strftime("%d.%m.%Y")}
            )
            if p.gutachten_received_on
            else "",
        )
    )
    steps.append(
        Step(
            "decision",
            _("Entscheidung der Testierungsstelle"),
            70,
            TESTING_BODY,
            officer,
            done_on=p.decision_letter_on if p.decision else None,
            status=_ready(p.visit_on is not None),
            note=p.get_decision_display() if p.decision else "",
        )
    )
    if p.decision == Procedure.Decision.NOT_MET or p.resubmitted_on:
        steps.append(
            Step(
                "revision",
                _("Überarbeiteter Selbstreport"),
                72,
                ORGANISATION,
                org_person,
                due=deadlines.revision_due(p.decision_letter_on, rules) if p.decision_letter_on else None,
                rule=_("höchstens %(n)d Monate nach dem Entscheidungsschreiben")
                % {"n": rules.revision_months},
                done_on=p.resubmitted_on,
                status=OPEN,
            )
        )
    if p.appeal_on:
        steps.append(
            Step(
                "appeal",
                _("Widerspruch"),
                74,
                ORGANISATION,
                org_person,
                done_on=p.appeal_on,
                note=p.appeal_reasons,
            )
        )
        steps.append(
            Step(
                "appeal_decision",
                _("Entscheidung über den Widerspruch"),
                75,
                TESTING_BODY,
                officer,
                done_on=p.appeal_decided_on,
                status=OPEN,
                note=" – ".join(x for x in (p.get_appeal_decision_display(), p.appeal_decision_reasons) if x),
            )
        )
    steps.append(
        Step(
            "workshop",
            _("Abschlussworkshop"),
            80,
            ORGANISATION,
            org_person,
            due=deadlines.earliest_final_workshop(p.workshop_reported_on, rules)
            if p.workshop_reported_on
            else None,
            rule=_("frühestens %(n)d Wochen nach Mitteilung des Termins")
            % {"n": rules.workshop_notice_weeks},
            earliest=True,
            done_on=p.workshop_held_on,
            status=_ready(p.decision == Procedure.Decision.MET or p.outcome == Procedure.Outcome.ALL_MET),
            note=(_("Termin: %(day)s") % {"day": p.workshop_on.strftime("%d.%m.%Y")})
            if p.workshop_on
            else "",
        )
    )
    steps.append(
        Step(
            "agreement",
            _("Zielvereinbarung unterschrieben zurück"),
            90,
            ORGANISATION,
            org_person,
            done_on=p.agreement_returned_on,
            status=_ready(p.agreement_sent_on is not None),
            note=(_("Versandt am %(day)s") % {"day": p.agreement_sent_on.strftime("%d.%m.%Y")})
            if p.agreement_sent_on
            else "",
        )
    )
    steps.append(
        Step(
            "testat",
            _("Testat"),
            100,
            TESTING_BODY,
            officer,
            done_on=p.testat_issued_on,
            status=_ready(p.agreement_returned_on is not None),
            note=(
                _("Datum %(day)s, gültig bis %(until)s")
                % {"day": p.testat_on.strftime("%d.%m.%Y"), "until": p.valid_until.strftime("%d.%m.%Y")}
            )
            if p.testat_on and p.valid_until
            else "",
        )
    )
    if p.valid_until:
        steps.append(
            Step(
                "retest_registration",
                _("Anmeldung zur Retestierung"),
                110,
                ORGANISATION,
                org_person,
                due=deadlines.retest_registration_due(p.valid_until, rules),
                rule=_("spätestens %(n)d Monate vor Ablauf des Testats")
                % {"n": rules.retest_registration_months},
                status=OPEN,
            )
        )
        steps.append(
            Step(
                "retest_submission",
                _("Fortgeschriebener Selbstreport zur Retestierung"),
                120,
                ORGANISATION,
                org_person,
                due=deadlines.retest_selfreport_due(p.valid_until, rules),
                rule=_("spätestens %(n)d Monate vor Ablauf des Testats")
                % {"n": rules.retest_selfreport_months},
                status=OPEN,
            )
        )
    if p.status == S.WITHDRAWN:
        steps.append(
            Step(
                "withdrawal",
                _("Verfahren zurückgezogen"),
                200,
                ORGANISATION,
                done_on=p.withdrawn_on,
                note=p.withdrawal_reason,
            )
        )
    return steps


def next_deadline(p: Procedure, today: date | None = None) -> Step | None:
    """The open step (overdue included) with the earliest deadline among the procedure's own steps."""
    if p.is_closed and p.status != Procedure.Status.CERTIFIED:
        return None
    today = today or timezone.localdate()
    found = [
        s
        for s in (with_status(step, today) for step in core_steps(p))
        if s.due and not s.earliest and s.status in (OPEN, OVERDUE)
    ]
    return min(found, key=lambda s: (s.due, s.order)) if found else None


def next_fields(p: Procedure) -> dict:
    """next_due, next_step and its label set on `p` and returned for an update (kept by every step)."""
    step = next_deadline(p)
    values = {"next_due": step.due if step else None, "next_step": step.key if step else ""}
    for name, value in values.items():
        setattr(p, name, value)
    return values


def next_due(p: Procedure, today: date | None = None) -> date | None:
    step = next_deadline(p, today)
    return step.due if step else None


def _attach_history(steps: list[Step], transitions: Iterable[Transition]) -> list[Step]:
    """Who did each step and when, from the log (the latest transition of the step's kind)."""
    by_step = {
        "registration": (),
        "confirmation": ("confirm", "decline"),
        "submission": ("submit",),
        "gutachten": ("send_gutachten",),
        "visit": ("visit",),
        "decision": ("decide_met", "decide_not_met"),
        "revision": ("resubmit",),
        "appeal": ("appeal",),
        "appeal_decision": ("appeal_upheld", "appeal_rejected"),
        "workshop": ("hold_workshop",),
        "agreement": ("agreement_returned",),
        "testat": ("certify",),
        "withdrawal": ("withdraw",),
    }
    latest: dict[str, Transition] = {}
    for t in transitions:
        latest[t.step] = t
    result = []
    for step in steps:
        found = [latest[k] for k in by_step.get(step.key, ()) if k in latest]
        if step.done_on and found:
            t = max(found, key=lambda t: (t.at, t.pk))
            step = replace(step, done_by=str(t.by) if t.by else "", done_at=t.at)
        result.append(step)
    return result


def build(
    procedure: Procedure, viewer: User, today: date | None = None, role: str | None = None
) -> list[Step]:
    """The viewer's timeline of the procedure (empty when they may not see it)."""
    role = role or access.role_of(procedure, viewer)
    if role is None:
        return []
    today = today or timezone.localdate()
    transitions = procedure.transitions.select_related("by")
    steps = _attach_history(core_steps(procedure), transitions)
    for source in _sources:
        steps.extend(source(procedure, viewer, role))
    return sorted(
        (with_status(s, today, procedure.state) for s in steps if role in s.audience),
        key=lambda s: (s.order, s.key),
    )
