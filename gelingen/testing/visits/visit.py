"""The rules of the visit: who reports its date, the findings per Auflage, the protocol.

The first reviewer (active assignment in the role "first") agrees the date with the organisation and
reports it here; the officers are told. After the visit the reviewer records per Auflage what evidence
was seen and whether it is now met, writes or uploads the protocol, and recommends. Once the protocol is
submitted it is frozen and the officer records the `visit` step of the procedure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import User
from gelingen.testing.models import Procedure, Transition
from gelingen.testing.reviewers.models import Assignment

from .auflagen import auflagen_of
from .models import DEFAULT_AGENDA, Finding, Visit

S = Procedure.Status


class VisitRefused(Exception):
    """The change is not allowed now; `message` says why, in German."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def gutachten_round(procedure: Procedure) -> int:
    """The number of the current Gutachten (each one sent starts a new round of visit and decision)."""
    return Transition.objects.filter(procedure=procedure, step="send_gutachten").count()


def current_visit(procedure: Procedure, number: int | None = None) -> Visit | None:
    """The visit of the current Gutachten (`number`, when the caller counted it), if one was reported."""
    number = gutachten_round(procedure) if number is None else number
    if number == 0:
        return None
    return Visit.objects.filter(procedure=procedure, round=number).first()


def latest_visit(procedure: Procedure) -> Visit | None:
    return Visit.objects.filter(procedure=procedure).order_by("-round").first()


def is_first_reviewer(procedure: Procedure, user: User) -> bool:
    return (
        Assignment.objects.active()
        .filter(procedure=procedure, reviewer_id=user.pk, role=Assignment.Role.FIRST)
        .exists()
    )


def default_agenda() -> str:
    return "\n".join(str(item) for item in DEFAULT_AGENDA)


@dataclass
class VisitDetails:
    on: date
    hours: int
    place: str
    agenda: str
    participants: str


def report(
    procedure: Procedure, details: VisitDetails, *, by: User, expected_version: int | None = None
) -> Visit:
    """The first reviewer reports (or moves) the agreed date of the visit of the current Gutachten."""
    if not is_first_reviewer(procedure, by):
        raise VisitRefused(_("Den Termin der Visitation meldet die zugeordnete Gutachter*in."))
    if procedure.status != S.GUTACHTEN:
        raise VisitRefused(
            _("Einen Termin für die Visitation gibt es erst, wenn das Gutachten versandt ist.")
        )
    if procedure.gutachten_sent_on and details.on < procedure.gutachten_sent_on:
        raise VisitRefused(_("Die Visitation kann nicht vor dem Versand des Gutachtens liegen."))
    if not details.agenda.strip():
        raise VisitRefused(_("Bitte geben Sie die Tagesordnung an."))
    number = gutachten_round(procedure)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().filter(procedure=procedure, round=number).first()
        if visit is not None and visit.is_submitted:
            raise VisitRefused(_("Das Protokoll ist eingereicht; der Termin lässt sich nicht mehr ändern."))
        if visit is not None and expected_version is not None and visit.lock_version != expected_version:
            raise VisitRefused(
                _("Jemand anderes hat den Termin inzwischen geändert; bitte laden Sie die Seite neu.")
            )
        visit = visit or Visit(procedure=procedure, round=number)
        visit.on, visit.hours, visit.place = details.on, details.hours, details.place.strip()
        visit.agenda, visit.participants = details.agenda.strip(), details.participants.strip()
        visit.reported_at, visit.reported_by = timezone.now(), by
        visit.lock_version += 1 if visit.pk else 0
        visit.save()
    transaction.on_commit(lambda: _tell_officers(procedure, visit))
    return visit


def _tell_officers(procedure: Procedure, visit: Visit) -> None:
    from .notifications import visit_reported

    visit_reported(procedure, visit)


def sync_findings(visit: Visit) -> list[Finding]:
    """One finding per Auflage of the current Gutachten (kept texts are refreshed until submitted)."""
    found = {f.key: f for f in visit.findings.all()}
    if visit.is_submitted:
        return list(found.values())
    result = []
    for position, ref in enumerate(auflagen_of(visit.procedure)):
        finding = found.get(ref.key)
        if finding is None:
            finding = Finding(visit=visit, key=ref.key)
        kept = (finding.area, finding.requirement, finding.auflage, finding.position)
        if finding.pk is None or kept != (ref.area, ref.requirement, ref.text, position):
            finding.area, finding.requirement, finding.auflage = ref.area, ref.requirement, ref.text
            finding.position = position
            finding.save()  # only what is new or changed: opening the page writes nothing otherwise
        result.append(finding)
    return result


def record_findings(visit: Visit, values: dict[str, tuple[str, bool | None]], *, by: User) -> None:
    """Store per Auflage key the evidence seen and whether it is now met (None: not yet decided)."""
    if not is_first_reviewer(visit.procedure, by):
        raise VisitRefused(_("Die Befunde der Visitation trägt die zugeordnete Gutachter*in ein."))
    if visit.is_submitted:
        raise VisitRefused(_("Das Protokoll ist eingereicht; die Befunde lassen sich nicht mehr ändern."))
    if visit.on > timezone.localdate():
        raise VisitRefused(_("Befunde lassen sich erst nach der Visitation eintragen."))
    with transaction.atomic():
        for finding in visit.findings.select_for_update():
            if finding.key in values:
                finding.evidence, finding.met = values[finding.key][0].strip(), values[finding.key][1]
                finding.save(update_fields=["evidence", "met"])


def submit_protocol(visit: Visit, *, protocol: str, recommendation: str, upload=None, by: User) -> Visit:
    """Freeze the protocol with its recommendation; the officer may then record the visit step."""
    if not is_first_reviewer(visit.procedure, by):
        raise VisitRefused(_("Das Protokoll reicht die zugeordnete Gutachter*in ein."))
    if visit.is_submitted:
        raise VisitRefused(_("Das Protokoll ist schon eingereicht."))
    if visit.on > timezone.localdate():
        raise VisitRefused(_("Das Protokoll lässt sich erst nach der Visitation einreichen."))
    if not protocol.strip() and upload is None and not visit.protocol_file:
        raise VisitRefused(_("Bitte schreiben Sie das Protokoll oder laden Sie es als Datei hoch."))
    if recommendation not in Visit.Recommendation.values:
        raise VisitRefused(_("Bitte wählen Sie Ihre Empfehlung."))
    findings = list(visit.findings.all())
    if any(f.met is None for f in findings):
        raise VisitRefused(_("Bitte halten Sie zu jeder Auflage fest, ob sie jetzt erfüllt ist."))
    not_met = any(f.met is False for f in findings)
    if recommendation == Visit.Recommendation.TESTAT and not_met:
        raise VisitRefused(
            _("Solange eine Auflage nicht erfüllt ist, kann die Empfehlung nicht „Testat“ lauten.")
        )
    if recommendation == Visit.Recommendation.NOT_MET and not not_met:
        raise VisitRefused(
            _("Die Empfehlung „Auflagen nicht erfüllt“ braucht mindestens eine nicht erfüllte Auflage.")
        )
    with transaction.atomic():
        if upload is not None:
            visit.protocol_file.save(upload.name, upload, save=False)
            visit.protocol_file_name = upload.checked.original_name
        visit.protocol, visit.recommendation = protocol.strip(), recommendation
        visit.submitted_at, visit.submitted_by = timezone.now(), by
        visit.lock_version += 1
        visit.save()
    return visit


def not_met_findings(visit: Visit | None) -> list[Finding]:
    if visit is None:
        return []
    return [f for f in visit.findings.all() if f.met is False]
