"""The state machine of the testing procedure: which step may follow which, its guards, and the log.

Every change of a procedure's status goes through `advance`, which checks the step is allowed from the
current status and its guards hold, writes the step's date and data, and logs a `Transition`, all in one
transaction on a locked row with a conditional update, so of two simultaneous clicks only one passes.
Steps that record something without moving the status (the final-workshop date reported, the signed
agreement back, the Gutachten received) go through `record`.

Other apps add guards with `register_guard(step, fn)` (e.g. the second reviewer's approval before the
Gutachten is released) and listen to `step_done` (notifications, follow-up work).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import deadlines
from .models import CLOSED, Procedure, Transition

S = Procedure.Status
ORGANISATION = "organisation"
TESTING_BODY = "testing_body"

# sent after the transaction committed: sender=Procedure, procedure=..., transition=...
step_done = Signal()


class StepRefused(Exception):
    """The step is not allowed now; `message` says why, in German, for the person who tried."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class Step:
    key: str
    label: Promise
    side: str  # who does it: ORGANISATION or TESTING_BODY
    date_field: str = ""  # the procedure's field that takes the step's date


# (from, to) -> the step; the status a procedure may move to is exactly what is listed here.
STEPS: dict[tuple[str, str], Step] = {
    (S.REGISTERED, S.CONFIRMED): Step(
        "confirm", gettext_lazy("Anmeldung bestätigen"), TESTING_BODY, "confirmed_on"
    ),
    (S.REGISTERED, S.DECLINED): Step(
        "decline", gettext_lazy("Anmeldung ablehnen"), TESTING_BODY, "declined_on"
    ),
    (S.CONFIRMED, S.SUBMITTED): Step(
        "submit", gettext_lazy("Selbstreport eingereicht"), ORGANISATION, "submitted_on"
    ),
    (S.SUBMITTED, S.GUTACHTEN): Step(
        "send_gutachten", gettext_lazy("Gutachten versenden"), TESTING_BODY, "gutachten_sent_on"
    ),
    (S.RESUBMITTED, S.GUTACHTEN): Step(
        "send_gutachten",
        gettext_lazy("Gutachten versenden (neue Auflagen)"),
        TESTING_BODY,
        "gutachten_sent_on",
    ),
    (S.GUTACHTEN, S.VISITED): Step(
        "visit", gettext_lazy("Visitation durchgeführt"), TESTING_BODY, "visit_on"
    ),
    (S.VISITED, S.DECIDED): Step(
        "decide_met", gettext_lazy("Entscheidung: Testat empfohlen"), TESTING_BODY, "decision_letter_on"
    ),
    (S.RESUBMITTED, S.DECIDED): Step(
        "decide_met",
        gettext_lazy("Entscheidung: Auflagen erfüllt (ohne neue Visitation)"),
        TESTING_BODY,
        "decision_letter_on",
    ),
    (S.VISITED, S.NOT_MET): Step(
        "decide_not_met",
        gettext_lazy("Entscheidung: Auflagen nicht erfüllt"),
        TESTING_BODY,
        "decision_letter_on",
    ),
    (S.NOT_MET, S.APPEAL): Step("appeal", gettext_lazy("Widerspruch einlegen"), ORGANISATION, "appeal_on"),
    (S.APPEAL, S.DECIDED): Step(
        "appeal_upheld", gettext_lazy("Widerspruch stattgegeben"), TESTING_BODY, "appeal_decided_on"
    ),
    (S.APPEAL, S.NOT_MET): Step(
        "appeal_rejected", gettext_lazy("Widerspruch zurückgewiesen"), TESTING_BODY, "appeal_decided_on"
    ),
    (S.NOT_MET, S.RESUBMITTED): Step(
        "resubmit", gettext_lazy("Überarbeiteter Selbstreport eingereicht"), ORGANISATION, "resubmitted_on"
    ),
    (S.DECIDED, S.WORKSHOP_HELD): Step(
        "hold_workshop", gettext_lazy("Abschlussworkshop durchgeführt"), TESTING_BODY, "workshop_held_on"
    ),
    (S.WORKSHOP_HELD, S.AGREEMENT_SENT): Step(
        "send_agreement",
        gettext_lazy("Zielvereinbarung zur Unterschrift versenden"),
        TESTING_BODY,
        "agreement_sent_on",
    ),
    (S.AGREEMENT_SENT, S.CERTIFIED): Step(
        "certify", gettext_lazy("Testat erteilen"), TESTING_BODY, "testat_issued_on"
    ),
    **{
        (status, S.WITHDRAWN): Step(
            "withdraw", gettext_lazy("Verfahren zurückziehen"), ORGANISATION, "withdrawn_on"
        )
        for status in S
        if status not in CLOSED
    },
}

# Steps that record a date without moving the status: key -> (label, side, field, statuses allowed in).
RECORDS: dict[str, tuple[Promise, str, str, frozenset[str]]] = {
    "gutachten_received": (
        gettext_lazy("Gutachten bei der Organisation eingegangen"),
        ORGANISATION,
        "gutachten_received_on",
        frozenset({S.GUTACHTEN, S.VISITED}),
    ),
    "workshop_reported": (
        gettext_lazy("Termin des Abschlussworkshops mitgeteilt"),
        TESTING_BODY,
        "workshop_reported_on",
        frozenset({S.GUTACHTEN, S.VISITED, S.DECIDED}),
    ),
    "agreement_returned": (
        gettext_lazy("Unterschriebene Zielvereinbarung zurück"),
        TESTING_BODY,
        "agreement_returned_on",
        frozenset({S.AGREEMENT_SENT}),
    ),
}

Guard = Callable[[Procedure, date, dict[str, Any]], "str | Promise | None"]
_guards: dict[str, list[Guard]] = {}


def register_guard(step: str, guard: Guard) -> Guard:
    """Add a check to a step (a STEPS or RECORDS key): it returns a German refusal, or None to allow."""
    checks = _guards.setdefault(step, [])
    if guard not in checks:
        checks.append(guard)
    return guard


OutcomeSource = Callable[[Procedure], "str | None"]
_outcome_sources: list[OutcomeSource] = []


def register_outcome_source(source: OutcomeSource) -> OutcomeSource:
    """Let an app decide the outcome `send_gutachten` records (the Gutachten app derives it from its ratings)."""
    if source not in _outcome_sources:
        _outcome_sources.append(source)
    return source


def derived_outcome(procedure: Procedure) -> str | None:
    """The outcome a registered source gives for the procedure's Gutachten, or None (then it is chosen)."""
    for source in _outcome_sources:
        found = source(procedure)
        if found:
            return found
    return None


def step_for(procedure: Procedure, to_status: str) -> Step | None:
    return STEPS.get((procedure.status, to_status))


def next_steps(procedure: Procedure) -> list[tuple[str, Step]]:
    """The statuses the procedure may move to from where it is (guards not yet checked)."""
    return [(to, step) for (frm, to), step in STEPS.items() if frm == procedure.status]


def _submission_count(procedure: Procedure) -> int:
    from gelingen.selfreport.models import Submission

    return Submission.objects.filter(report__cycle_id=procedure.cycle_id).count()


def _latest_submission_on(procedure: Procedure) -> date | None:
    from gelingen.selfreport.models import Submission

    latest = (
        Submission.objects.filter(report__cycle_id=procedure.cycle_id)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    return timezone.localdate(latest) if latest else None


def _out_of_order(procedure: Procedure, to_status: str) -> str:
    """The refusal for a step that does not follow from the current status, naming the common cases."""
    status, outcome = procedure.status, procedure.outcome
    if procedure.is_closed:
        return _("Das Verfahren ist abgeschlossen (%(status)s); es sind keine weiteren Schritte möglich.") % {
            "status": procedure.get_status_display()
        }
    if to_status == S.GUTACHTEN and status in (S.REGISTERED, S.CONFIRMED):
        return _("Ohne eingereichten Selbstreport kann kein Gutachten versandt werden.")
    if to_status == S.SUBMITTED and status == S.REGISTERED:
        return _(
            "Der Selbstreport kann erst eingereicht werden, wenn die Testierungsstelle die Anmeldung bestätigt hat."
        )
    if to_status == S.WORKSHOP_HELD and (
        status in (S.NOT_MET, S.APPEAL, S.RESUBMITTED)
        or (outcome == Procedure.Outcome.AUFLAGEN and status != S.DECIDED)
    ):
        return _("Solange Auflagen offen sind, kann der Abschlussworkshop nicht stattfinden.")
    if to_status == S.CERTIFIED:
        return _("Das Testat kann erst erteilt werden, wenn die unterschriebene Zielvereinbarung zurück ist.")
    if to_status in (S.DECIDED, S.NOT_MET) and status in (S.SUBMITTED, S.GUTACHTEN):
        return _("Vor der Entscheidung muss die Visitation stattgefunden haben.")
    if to_status == S.VISITED and status in (S.REGISTERED, S.CONFIRMED, S.SUBMITTED):
        return _("Die Visitation folgt erst auf das versandte Gutachten.")
    return _("Dieser Schritt ist im Stand „%(status)s“ nicht möglich.") % {
        "status": procedure.get_status_display()
    }


def _check(procedure: Procedure, key: str, on: date, values: dict[str, Any], note: str) -> str | None:
    """The built-in guard of a step; None when it may happen."""
    p = procedure
    if key == "decline" and not (values.get("decline_reason") or note).strip():
        return _("Bitte geben Sie den Grund der Ablehnung an.")
    if key == "withdraw" and not (values.get("withdrawal_reason") or note).strip():
        return _("Bitte geben Sie an, warum das Verfahren zurückgezogen wird.")
    if key == "confirm" and on < timezone.localdate(p.registered_at):
        return _("Die Bestätigung kann nicht vor der Anmeldung liegen.")
    if key == "submit" and _submission_count(p) == 0:
        return _("Es liegt noch keine Einreichung des Selbstreports dieses Zyklus vor.")
    if key == "send_gutachten":
        if not (p.submitted_on or p.resubmitted_on):
            return _("Ohne eingereichten Selbstreport kann kein Gutachten versandt werden.")
        outcome = values.get("outcome", "")
        if outcome not in Procedure.Outcome.values:
            return _(
                "Bitte wählen Sie das Ergebnis des Gutachtens: alle Anforderungen erfüllt oder Auflagen."
            )
        if p.status == S.RESUBMITTED and outcome != Procedure.Outcome.AUFLAGEN:
            return _(
                "Sind nach der Überarbeitung alle Auflagen erfüllt, entscheidet die Testierungsstelle ohne neues "
                "Gutachten und ohne neue Visitation."
            )
        received = p.resubmitted_on if p.status == S.RESUBMITTED else p.submitted_on
        if received and on < received:
            return _("Das Gutachten kann nicht vor dem Eingang des Selbstreports versandt werden.")
    if key == "visit" and p.gutachten_sent_on and on < p.gutachten_sent_on:
        return _("Die Visitation kann nicht vor dem Versand des Gutachtens liegen.")
    if key == "decide_not_met" and p.outcome != Procedure.Outcome.AUFLAGEN:
        return _("Ohne Auflagen kann nicht entschieden werden, dass Auflagen nicht erfüllt sind.")
    if key in ("decide_met", "decide_not_met") and p.visit_on and p.status == S.VISITED and on < p.visit_on:
        return _("Die Entscheidung kann nicht vor der Visitation liegen.")
    if key == "appeal" and not (values.get("appeal_reasons") or note).strip():
        return _("Bitte begründen Sie den Widerspruch.")
    if key in ("appeal_upheld", "appeal_rejected") and p.appeal_on and on < p.appeal_on:
        return _("Die Entscheidung über den Widerspruch kann nicht vor dem Widerspruch liegen.")
    if key == "resubmit":
        latest = _latest_submission_on(p)
        if (
            latest is None
            or _submission_count(p) < 2
            or (p.decision_letter_on and latest < p.decision_letter_on)
        ):
            return _(
                "Es liegt noch keine überarbeitete Einreichung des Selbstreports nach der Entscheidung vor."
            )
    if key == "hold_workshop":
        if p.decision != Procedure.Decision.MET:
            return _("Solange Auflagen offen sind, kann der Abschlussworkshop nicht stattfinden.")
        if not (p.workshop_on and p.workshop_reported_on):
            return _("Bitte teilen Sie zuerst den Termin des Abschlussworkshops mit.")
        if on != p.workshop_on:
            return _(
                "Der Abschlussworkshop war für den %(day)s angesetzt; bitte teilen Sie erst den neuen Termin mit."
            ) % {"day": p.workshop_on.strftime("%d.%m.%Y")}
    if key == "certify" and not p.agreement_returned_on:
        return _("Das Testat kann erst erteilt werden, wenn die unterschriebene Zielvereinbarung zurück ist.")
    if key == "certify" and not p.workshop_held_on:
        return _("Ohne Abschlussworkshop gibt es kein Datum für das Testat.")
    if key == "workshop_reported":
        workshop_on = values.get("workshop_on")
        if not isinstance(workshop_on, date):
            return _("Bitte geben Sie das Datum des Abschlussworkshops an.")
        if p.outcome == Procedure.Outcome.AUFLAGEN and p.decision != Procedure.Decision.MET:
            return _("Solange Auflagen offen sind, kann der Abschlussworkshop nicht angesetzt werden.")
        earliest = deadlines.earliest_final_workshop(on, p.rules())
        if not deadlines.not_before(workshop_on, earliest):
            return _(
                "Der Abschlussworkshop darf frühestens %(weeks)d Wochen nach der Mitteilung des Termins "
                "stattfinden, also ab dem %(day)s."
            ) % {"weeks": p.rules().workshop_notice_weeks, "day": earliest.strftime("%d.%m.%Y")}
        if p.visit_on and workshop_on < p.visit_on:
            return _("Der Abschlussworkshop kann nicht vor der Visitation liegen.")
    if key == "agreement_returned" and p.agreement_sent_on and on < p.agreement_sent_on:
        return _("Die Zielvereinbarung kann nicht vor ihrem Versand zurückgekommen sein.")
    if on > timezone.localdate():
        return _("Ein Schritt kann nicht in der Zukunft liegen.")
    for guard in _guards.get(key, ()):
        refusal = guard(p, on, values)
        if refusal:
            return str(refusal)
    return None


def _values_for(
    procedure: Procedure, key: str, on: date, values: dict[str, Any], note: str
) -> dict[str, Any]:
    """The fields the step writes besides the status and its date."""
    p = procedure
    if key == "decline":
        return {"decline_reason": values.get("decline_reason") or note}
    if key == "withdraw":
        return {"withdrawal_reason": values.get("withdrawal_reason") or note}
    if key == "send_gutachten":
        return {"outcome": values["outcome"], "gutachten_received_on": None, "visit_on": None}
    if key == "decide_met":
        return {"decision": Procedure.Decision.MET}
    if key == "decide_not_met":
        return {"decision": Procedure.Decision.NOT_MET}
    if key == "appeal":
        return {
            "appeal_reasons": values.get("appeal_reasons") or note,
            "appeal_decided_on": None,
            "appeal_decision": "",
            "appeal_decision_reasons": "",
        }
    if key == "appeal_upheld":
        return {
            "appeal_decision": Procedure.AppealDecision.UPHELD,
            "appeal_decision_reasons": values.get("appeal_decision_reasons") or note,
            "decision": Procedure.Decision.MET,
        }
    if key == "appeal_rejected":
        return {
            "appeal_decision": Procedure.AppealDecision.REJECTED,
            "appeal_decision_reasons": values.get("appeal_decision_reasons") or note,
        }
    if key == "certify":
        assert p.workshop_held_on is not None
        return {
            "testat_on": p.workshop_held_on,
            "valid_until": deadlines.testat_expires(p.workshop_held_on, p.rules()),
        }
    if key == "workshop_reported":
        return {"workshop_on": values["workshop_on"]}
    return {}


def _apply(
    procedure: Procedure,
    key: str,
    to_status: str,
    date_field: str,
    *,
    by,
    on: date | None,
    note: str,
    values: dict,
) -> Transition:
    """Check and write one step on the locked row; `key` is empty for a status change (looked up there)."""
    from .timeline import next_fields

    on = on or timezone.localdate()
    with transaction.atomic():
        fresh = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if key in RECORDS:
            if fresh.status not in RECORDS[key][3]:
                raise StepRefused(
                    _("Dieser Schritt ist im Stand „%(status)s“ nicht möglich.")
                    % {"status": fresh.get_status_display()}
                )
            to_status = fresh.status
        else:
            step = STEPS.get((fresh.status, to_status))
            if step is None:
                raise StepRefused(_out_of_order(fresh, to_status))
            key, date_field = step.key, step.date_field
        if key == "send_gutachten" and (derived := derived_outcome(fresh)):
            values = {**values, "outcome": derived}  # the Gutachten's ratings decide, not a choice
        refusal = _check(fresh, key, on, values, note)
        if refusal:
            raise StepRefused(refusal)
        fields: dict[str, Any] = {date_field: on, **_values_for(fresh, key, on, values, note)}
        from_status = fresh.status
        for name, value in fields.items():
            setattr(fresh, name, value)
        fresh.status = to_status
        fields.update(next_fields(fresh))
        moved = Procedure.objects.filter(
            pk=fresh.pk, status=from_status, lock_version=fresh.lock_version
        ).update(status=to_status, lock_version=models.F("lock_version") + 1, **fields)
        if moved != 1:  # cannot happen under the row lock; SQLite has no select_for_update
            raise StepRefused(_("Das Verfahren wurde inzwischen geändert; bitte laden Sie die Seite neu."))
        fresh.lock_version += 1
        transition = Transition.objects.create(
            procedure=fresh,
            step=key,
            from_status=from_status,
            to_status=to_status,
            by=by,
            at=timezone.now(),
            on=on,
            note=note,
        )
        transaction.on_commit(
            lambda: step_done.send(sender=Procedure, procedure=fresh, transition=transition)
        )
    for name in (*fields, "status", "lock_version"):
        setattr(procedure, name, getattr(fresh, name))
    return transition


def advance(
    procedure: Procedure, to_status: str, *, by, note: str = "", on: date | None = None, **values: Any
) -> Transition:
    """Move the procedure to `to_status` on the date `on` (default today), or raise StepRefused.

    `values` carry the step's data: `outcome` for the Gutachten, `decline_reason`, `withdrawal_reason`,
    `appeal_reasons`, `appeal_decision_reasons` (else the note is taken).
    """
    return _apply(procedure, "", to_status, "", by=by, on=on, note=note, values=values)


def record(
    procedure: Procedure, key: str, *, by, note: str = "", on: date | None = None, **values: Any
) -> Transition:
    """Record a dated step that does not move the status (RECORDS), logged like a transition."""
    _label, _side, date_field, _allowed = RECORDS[key]
    return _apply(procedure, key, procedure.status, date_field, by=by, on=on, note=note, values=values)
