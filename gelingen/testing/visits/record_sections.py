"""This app's sections on the procedure record and the reviewer's page (testing/sections.py).

Each provider decides from the viewer's side what it shows: the organisation sees the visit's date,
agenda and participants, and its protocol only after the decision; another reviewer never reaches these
pages (the reviewer's page is only for assigned reviewers).
"""

from __future__ import annotations

from django.http import HttpRequest

from gelingen.accounts.roles import REVIEWER, Level
from gelingen.testing import access as testing_access
from gelingen.testing.forms import StepForm
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment
from gelingen.testing.sections import Section

from . import visit as rules
from .access import Viewer


def _viewer(request: HttpRequest, procedure: Procedure, role: str) -> Viewer:
    membership = getattr(request, "membership", None)
    writes = bool(membership and membership.level >= Level.WRITE)
    reviewer_role = ""
    if role == testing_access.REVIEWER_SIDE:
        reviewer_role = (
            Assignment.objects.active()
            .filter(procedure=procedure, reviewer_id=request.user.pk)
            .values_list("role", flat=True)
            .first()
            or ""
        )
    elif membership is not None and membership.role == REVIEWER:
        writes = False
    return Viewer(procedure, role, reviewer_role=reviewer_role, can_write=writes)


def visit_section(request: HttpRequest, procedure: Procedure, role: str) -> Section | None:
    from .views import visit_context

    if procedure.gutachten_sent_on is None:  # a visit follows a sent Gutachten: nothing to show yet
        return None
    v = _viewer(request, procedure, role)
    number = rules.gutachten_round(procedure)
    visit = rules.current_visit(procedure, number) or rules.latest_visit(procedure)
    context = visit_context(v, visit, number)
    if (
        v.is_officer
        and visit is not None
        and visit.is_submitted
        and procedure.status == Procedure.Status.GUTACHTEN
        and visit.round == number
    ):
        # the protocol is in: the officer records the visit step with its date filled in
        context["visit_step_form"] = StepForm(step="visit", prefix="visit", initial={"on": visit.on})
    return Section("testing_visits/_visit_section.html", context, order=60)


def letter_section(request: HttpRequest, procedure: Procedure, role: str) -> Section | None:
    """The decision letters for the organisation and the testing body; the officer issues a pending one."""
    from .letter import pending_decision
    from .models import DecisionLetter

    if role == testing_access.REVIEWER_SIDE or procedure.decision_letter_on is None:
        return None  # no decision yet: no letter (and no query)
    v = _viewer(request, procedure, role)
    letters = list(DecisionLetter.objects.filter(procedure=procedure).order_by("issued_at", "pk"))
    pending = pending_decision(procedure) if v.is_officer else None
    if not letters and pending is None:
        return None
    return Section(
        "testing_visits/_letter_section.html",
        {"procedure": procedure, "letters": letters, "pending": pending},
        order=65,
    )


def resubmission_section(request: HttpRequest, procedure: Procedure, role: str) -> Section | None:
    """A link to the comparison of the revised Selbstreport, for the testing body and the reviewers."""
    from .resubmission import revised_pair

    if role == testing_access.ORGANISATION or procedure.resubmitted_on is None:
        return None
    pair = revised_pair(procedure)
    if pair is None:
        return None
    return Section(
        "testing_visits/_resubmission_section.html",
        {"procedure": procedure, "previous": pair[0], "revised": pair[1]},
        order=55,
    )


def workshop_section(request: HttpRequest, procedure: Procedure, role: str) -> Section | None:
    """The workshop of the procedure's cycle: everyone on the record sees date, moderator and result."""
    from .models import Workshop

    workshop = Workshop.objects.filter(cycle_id=procedure.cycle_id).select_related("moderator__user").first()
    if workshop is None:
        # the introductory workshop opens the internal work: the testing body plans it after confirming
        if role != testing_access.TESTING_BODY or not procedure.is_first:
            return None
        if procedure.status != Procedure.Status.CONFIRMED:
            return None
    return Section(
        "testing_visits/_workshop_section.html",
        {"procedure": procedure, "workshop": workshop, "role": role},
        order=20,
    )


PROVIDERS = [visit_section, letter_section, resubmission_section, workshop_section]
