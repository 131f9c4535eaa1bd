"""Who opens this app's pages of a procedure, and from which side.

The organisation and the testing body open them below their own /o/<slug>/; a reviewer below the
testing body's, and only for a procedure with an active assignment of theirs (first or second
reviewer). Anybody else gets 404, as on the procedure record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from gelingen.accounts.access import OrgRequest
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import REVIEWER, Level
from gelingen.testing import access
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment

RELATED = ("organisation", "testing_body", "cycle__model", "officer")


@dataclass
class Viewer:
    procedure: Procedure
    side: str  # access.ORGANISATION, TESTING_BODY or REVIEWER_SIDE
    reviewer_role: str = ""  # Assignment.Role for a reviewer
    can_write: bool = False

    @property
    def is_first_reviewer(self) -> bool:
        return self.side == access.REVIEWER_SIDE and self.reviewer_role == Assignment.Role.FIRST

    @property
    def is_officer(self) -> bool:
        return self.side == access.TESTING_BODY and self.can_write


def viewer(request: OrgRequest, pk: int) -> Viewer:
    """The procedure `pk` as the current organisation's member sees it; 404 for everyone else."""
    org, member = request.org, request.membership
    rows = Procedure.objects.select_related(*RELATED)
    writes = member.level >= Level.WRITE
    if org.kind == Organisation.Kind.SERVICE:
        found = rows.filter(organisation=org, pk=pk).first()
        if found is None:
            raise Http404
        return Viewer(found, access.ORGANISATION, can_write=writes)
    if org.kind != Organisation.Kind.TESTING_BODY:
        raise Http404
    found = rows.filter(testing_body=org, pk=pk).first()
    if found is None:
        raise Http404
    if member.role != REVIEWER:
        return Viewer(found, access.TESTING_BODY, can_write=writes)
    mine = (
        Assignment.objects.active()
        .filter(procedure=found, reviewer_id=request.user.pk)
        .values_list("role", flat=True)
        .first()
    )
    if mine is None:
        raise Http404
    return Viewer(found, access.REVIEWER_SIDE, reviewer_role=mine, can_write=writes)
