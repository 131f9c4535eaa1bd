"""The reviewers' part of the procedure record: who reviews, and the way to the assignment page."""

from __future__ import annotations

from django.http import HttpRequest

from gelingen.testing import access
from gelingen.testing.models import Procedure
from gelingen.testing.sections import Section

from .models import Assignment


def reviewers_section(request: HttpRequest, procedure: Procedure, role: str) -> Section | None:
    """Organisation and testing body see the active assignments; a reviewer has her own page instead."""
    if role not in (access.ORGANISATION, access.TESTING_BODY):
        return None
    if procedure.status == Procedure.Status.REGISTERED or (
        procedure.is_closed and not procedure.assignments.exists()
    ):
        return None  # nobody is assigned before the confirmation
    rows = list(
        Assignment.objects.active().filter(procedure=procedure).select_related("reviewer").order_by("role")
    )
    return Section(
        "testing_reviewers/_record_section.html",
        {"assignments": rows, "body_side": role == access.TESTING_BODY},
        order=20,
    )
