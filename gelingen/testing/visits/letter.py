"""The decision letter: the testing body's decision with the Auflagen and their state, as a frozen PDF.

The officer records the decision with the procedure's own step (`decide_met` / `decide_not_met`); the
letter is then issued once for that step, dated with the step's date. For "not met" it names the last
day for the revised Selbstreport, 6 months from the letter (decided rule 3, deadlines.revision_due).
What the letter says is kept as `content` and the PDF with its SHA-256: an issued letter never changes.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.core.pdf import render_pdf
from gelingen.testing import deadlines
from gelingen.testing.models import Procedure, Transition

from .models import DecisionLetter
from .visit import current_visit, latest_visit

DECISION_STEPS = ("decide_met", "decide_not_met")


class LetterRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def pending_decision(procedure: Procedure) -> Transition | None:
    """The latest decision step of the procedure when it has no letter yet."""
    latest = (
        Transition.objects.filter(procedure=procedure, step__in=DECISION_STEPS).order_by("-at", "-pk").first()
    )
    if latest is None or DecisionLetter.objects.filter(transition=latest).exists():
        return None
    return latest


def letter_content(procedure: Procedure, decision_step: Transition) -> dict:
    """What the letter says (also stored): addressee, date, decision, Auflagen, deadline, appeal."""
    letter_on = decision_step.on or timezone.localdate(decision_step.at)
    met = decision_step.step == "decide_met"
    visit = current_visit(procedure) or latest_visit(procedure)
    after_visit = decision_step.from_status == Procedure.Status.VISITED
    auflagen = []
    if visit is not None:
        for f in visit.findings.all():
            if met and not after_visit:
                state = _("nach Prüfung des überarbeiteten Selbstreports erfüllt")
            else:
                state = {True: _("erfüllt"), False: _("nicht erfüllt"), None: _("ohne Befund")}[f.met]
            auflagen.append(
                {"area": f.area, "requirement": f.requirement, "text": f.auflage, "state": str(state)}
            )
    org, body = procedure.organisation, procedure.testing_body
    due = None if met else deadlines.revision_due(letter_on, procedure.rules())
    return {
        "addressee": {
            "name": org.name,
            "contact": org.contact_person,
            "street": org.street,
            "city": " ".join(part for part in (org.postcode, org.city) if part),
        },
        "sender": {
            "name": body.name,
            "street": body.street,
            "city": " ".join(p for p in (body.postcode, body.city) if p),
        },
        "letter_on": letter_on.isoformat(),
        "decision": "met" if met else "not_met",
        "visit_on": visit.on.isoformat() if visit and after_visit else "",
        "auflagen": auflagen,
        "resubmission_due": due.isoformat() if due else "",
        "model": str(procedure.cycle.model),
        "kind": str(procedure.get_kind_display()),
    }


def german_dates(content: dict) -> dict[str, str]:
    """The letter's dates as a German reader writes them (31.08.2026)."""
    return {
        name: date.fromisoformat(content[name]).strftime("%d.%m.%Y") if content.get(name) else ""
        for name in ("letter_on", "resubmission_due", "visit_on")
    }


def issue(procedure: Procedure, *, by: User) -> DecisionLetter:
    """Render and store the letter for the pending decision; refuses when there is none."""
    decision_step = pending_decision(procedure)
    if decision_step is None:
        raise LetterRefused(
            _("Es gibt keine Entscheidung ohne Schreiben; bitte tragen Sie zuerst die Entscheidung ein.")
        )
    with translation.override("de"):  # the letter goes out in German, whoever issues it
        content = letter_content(procedure, decision_step)
        pdf = render_pdf("testing_visits/letter_pdf.html", {"c": content, "by": by, **german_dates(content)})
    digest = hashlib.sha256(pdf).hexdigest()
    letter = DecisionLetter(
        procedure=procedure,
        transition=decision_step,
        decision=content["decision"],
        letter_on=decision_step.on or timezone.localdate(decision_step.at),
        resubmission_due=date.fromisoformat(content["resubmission_due"])
        if content["resubmission_due"]
        else None,
        content=content,
        pdf_sha256=digest,
        issued_at=timezone.now(),
        issued_by=by,
    )
    letter.pdf.save(f"entscheidung-{procedure.pk}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as exc:  # two clicks at once: the other one issued it
        letter.pdf.storage.delete(letter.pdf.name)
        raise LetterRefused(_("Das Schreiben zu dieser Entscheidung ist schon ausgestellt.")) from exc
    return letter


def verify(letter: DecisionLetter) -> bool:
    """The stored PDF is still the one issued."""
    with letter.pdf.open("rb") as f:
        return hashlib.sha256(f.read()).hexdigest() == letter.pdf_sha256
