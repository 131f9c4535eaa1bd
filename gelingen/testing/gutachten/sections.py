"""The Gutachten's section on the procedure record and on the reviewer's page (testing/sections.py)."""

from __future__ import annotations

from django.http import HttpRequest

from gelingen.testing import access as testing_access
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment
from gelingen.testing.sections import Section

from . import access, rules


def _viewer(request: HttpRequest, procedure: Procedure, role: str) -> str | None:
    if role == testing_access.ORGANISATION:
        return access.ORGANISATION
    if role == testing_access.TESTING_BODY:
        return access.OFFICER
    mine = (
        Assignment.objects.active()
        .filter(procedure=procedure, reviewer_id=request.user.pk)
        .values_list("role", flat=True)
        .first()
    )
    if mine is None:
        return None
    return access.FIRST if mine == Assignment.Role.FIRST else access.SECOND


def gutachten_section(request: HttpRequest, procedure: Procedure, role: str) -> Section | None:
    viewer = _viewer(request, procedure, role)
    if viewer is None:
        return None
    found = access.visible_round(procedure, viewer)
    if found is None and viewer == access.ORGANISATION:
        return None  # before the release the organisation sees only the timeline
    if found is None and viewer == access.OFFICER and procedure.status not in rules.OPEN_FOR_START:
        return None
    context = {"gutachten": found, "viewer": viewer, "slug": request.org.slug}  # type: ignore[attr-defined]
    if found is not None:
        found.procedure = procedure
        context["progress"] = rules.progress(found)
        context["comment_count"] = found.comments.count()
    return Section("testing_gutachten/_section.html", context, order=40)
