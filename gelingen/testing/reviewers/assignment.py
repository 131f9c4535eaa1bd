"""Assigning reviewers to a procedure, the organisation's rejection, and the grants that go with it.

- The testing body assigns a first reviewer and a second reviewer (who checks every Gutachten and is
  never the first). A blocker (conflicts.assignment_blockers) refuses the assignment with its reasons.
- The organisation is notified the day of the assignment and may reject the reviewer with reasons
  within the testing body's rejection period (default 1 week, testing.deadlines.rejection_due); after
  that the rejection is refused. A new reviewer is then assigned; the Gutachten period keeps running
  from the submission (decided rule 10).
- An active assignment holds read grants on the procedure's frozen submissions, made out to the
  reviewer as a person; they are revoked when the assignment ends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from gelingen.accounts import grants
from gelingen.accounts.models import Grant, User
from gelingen.accounts.roles import LEITUNG, QM
from gelingen.core.mail import send_templated
from gelingen.selfreport.models import Submission
from gelingen.testing import deadlines
from gelingen.testing.models import Notification, Procedure

from . import workload
from .conflicts import assignment_blockers
from .models import Assignment, ReviewerProfile

log = logging.getLogger("gelingen.testing")
Role = Assignment.Role


@dataclass
class AssignmentRefused(Exception):
    """The assignment or rejection is not possible; `message` and `reasons` are German, for the page."""

    message: str
    reasons: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def rejection_due(assignment: Assignment) -> date:
    """The last day the organisation may reject this assignment."""
    return deadlines.rejection_due(assignment.notified_on, assignment.procedure.rules())


def may_reject(assignment: Assignment, on: date) -> bool:
    return assignment.is_active and assignment.rejected_on is None and on <= rejection_due(assignment)


def active(procedure: Procedure) -> dict[str, Assignment]:
    """The procedure's active assignments by role."""
    return {a.role: a for a in procedure.assignments.active().select_related("reviewer")}


def blockers(profile: ReviewerProfile, procedure: Procedure, on: date, role: str) -> list[str]:
    """Why `profile` may not take `role` on `procedure` on `on` (empty: it may)."""
    reasons = assignment_blockers(
        profile,
        procedure.organisation,
        on,
        model=procedure.cycle.model,
        open_procedures=workload.open_counts([profile.user_id]).get(profile.user_id, 0),
    )
    current = active(procedure)
    other = current.get(Role.SECOND if role == Role.FIRST else Role.FIRST)
    if other is not None and other.reviewer_id == profile.user_id:
        reasons.append(
            _("Ist schon Gutachter*in dieses Verfahrens; die Zweitbegutachtung übernimmt eine andere Person.")
        )
    rejected = procedure.assignments.filter(reviewer_id=profile.user_id, rejected_on__isnull=False).first()
    if rejected is not None:
        reasons.append(
            _("Die Organisation hat diese Person am %(day)s abgelehnt.") % {"day": _day(rejected.rejected_on)}
        )
    return reasons


def share_with(assignment: Assignment, submissions, by: User) -> list[Grant]:
    procedure = assignment.procedure
    made = []
    for submission in submissions:
        title = _("Selbstreport %(org)s, Einreichung %(n)d") % {
            "org": procedure.organisation.name,
            "n": submission.number,
        }
        made.append(
            grants.share(
                submission,
                by=by,
                grantee_user=assignment.reviewer,
                permission=Grant.Permission.VIEW,
                title=title,
            )
        )
    assignment.grants.add(*made)
    return made


def submissions_of(procedure: Procedure):
    return Submission.objects.filter(report__cycle_id=procedure.cycle_id).select_related("report__cycle")


def assign(
    procedure: Procedure, profile: ReviewerProfile, role: str, *, by: User, on: date | None = None
) -> Assignment:
    """Assign the reviewer of `profile`; AssignmentRefused (nothing saved) when a blocker applies."""
    on = on or timezone.localdate()
    if profile.testing_body_id != procedure.testing_body_id:
        raise AssignmentRefused(_("Die Person gehört nicht zum Pool dieser Testierungsstelle."))
    if procedure.is_closed:
        raise AssignmentRefused(
            _("Das Verfahren ist abgeschlossen (%(status)s).") % {"status": procedure.get_status_display()}
        )
    if procedure.status in (Procedure.Status.REGISTERED,):
        raise AssignmentRefused(
            _("Gutachter*innen werden erst nach der Bestätigung der Anmeldung zugeordnet.")
        )
    with transaction.atomic():
        Procedure.objects.select_for_update().filter(pk=procedure.pk).first()  # one assignment at a time
        if role in active(procedure):
            raise AssignmentRefused(
                _("Für die Rolle „%(role)s“ ist schon jemand zugeordnet.") % {"role": Role(role).label}
            )
        reasons = blockers(profile, procedure, on, role)
        if reasons:
            raise AssignmentRefused(
                _("%(name)s kann nicht zugeordnet werden.") % {"name": profile.user}, reasons
            )
        assignment = Assignment.objects.create(
            procedure=procedure, reviewer=profile.user, role=role, assigned_by=by, notified_on=on
        )
        share_with(assignment, submissions_of(procedure), by)
    transaction.on_commit(lambda: notify_organisation(assignment))
    log.info("assignment %s: %s assigned %s as %s", assignment.pk, by.pk, profile.user_id, role)
    return assignment


def end(assignment: Assignment, *, by: User, on: date, note: str = "") -> None:
    """End the assignment now and revoke its grants."""
    with transaction.atomic():
        changed = Assignment.objects.filter(pk=assignment.pk, ended_on__isnull=True).update(
            ended_on=on, ended_note=note[:300]
        )
        if not changed:
            return
        assignment.ended_on, assignment.ended_note = on, note[:300]
        for grant in assignment.grants.filter(revoked_at__isnull=True):
            grants.revoke(grant, by=by)


def reject(assignment: Assignment, *, by: User, reasons: str, on: date | None = None) -> Assignment:
    """The organisation rejects the assigned reviewer with reasons, within the rejection period."""
    on = on or timezone.localdate()
    reasons = reasons.strip()
    if not reasons:
        raise AssignmentRefused(_("Bitte begründen Sie die Ablehnung."))
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().select_related("procedure").get(pk=assignment.pk)
        if not locked.is_active or locked.rejected_on is not None:
            raise AssignmentRefused(_("Diese Zuordnung besteht nicht mehr."))
        due = rejection_due(locked)
        if on > due:
            raise AssignmentRefused(
                _(
                    "Die Frist für eine Ablehnung ist am %(day)s abgelaufen (eine Woche nach der "
                    "Benachrichtigung am %(notified)s)."
                )
                % {"day": _day(due), "notified": _day(locked.notified_on)}
            )
        Assignment.objects.filter(pk=locked.pk).update(
            rejected_on=on, rejection_reasons=reasons[:4000], rejected_by=by
        )
        end(locked, by=by, on=on, note=_("von der Organisation abgelehnt"))
    assignment.refresh_from_db()
    log.info("assignment %s: rejected by %s", assignment.pk, by.pk)
    return assignment


def share_new_submissions(procedure: Procedure, by: User | None) -> None:
    """A submission after the assignment: the active reviewers get it too."""
    if by is None:
        return
    submissions = list(submissions_of(procedure))
    for assignment in procedure.assignments.active().select_related("reviewer", "procedure__organisation"):
        share_with(assignment, submissions, by)


def notify_organisation(assignment: Assignment) -> int:
    """E-mail Leitung and QM of the organisation: who was assigned and until when they may reject."""
    procedure = assignment.procedure
    people = User.objects.filter(
        memberships__organisation_id=procedure.organisation_id,
        memberships__role__in=[LEITUNG, QM],
        is_active=True,
    ).order_by("pk")
    sent = 0
    for person in people:
        with translation.override(person.language):
            text = _("%(name)s ist als %(role)s zugeordnet; Ablehnung bis %(day)s möglich") % {
                "name": assignment.reviewer.name,
                "role": assignment.get_role_display(),
                "day": _day(rejection_due(assignment)),
            }
        Notification.objects.create(
            user=person, procedure=procedure, organisation_id=procedure.organisation_id, text=text[:300]
        )
        try:
            send_templated(
                person.email,
                "testing_reviewers/email/assigned",
                {
                    "user": person,
                    "assignment": assignment,
                    "procedure": procedure,
                    "due": rejection_due(assignment),
                    "path": assignment_url(procedure),
                },
                language=person.language,
            )
            sent += 1
        except Exception:  # a broken address must not undo the assignment
            log.exception("assignment %s: e-mail to %s failed", assignment.pk, person.pk)
    return sent


def assignment_url(procedure: Procedure) -> str:
    from django.urls import reverse

    return reverse("testing_reviewers:procedure", args=[procedure.organisation.slug, procedure.pk])
