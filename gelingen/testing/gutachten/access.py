"""Who sees which round of a Gutachten, from which side.

- the first reviewer (active assignment, role first): every round, and edits the open one;
- the second reviewer (active assignment, role second): from the hand-over on;
- the testing body's other members (officers, read-only): from the hand-over on;
- the organisation: only released rounds;
- everyone else (another reviewer of the body, other organisations and testing bodies): 404.
"""

from __future__ import annotations

from django.http import Http404

from gelingen.accounts.access import OrgRequest
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import REVIEWER
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment

from .models import Gutachten

FIRST = "first"
SECOND = "second"
OFFICER = "officer"
ORGANISATION = "organisation"
VIEWERS = (FIRST, SECOND, OFFICER, ORGANISATION)

S = Gutachten.Status
CHECKED = (S.SECOND_CHECK, S.RETURNED, S.APPROVED, S.RELEASED)  # handed over at least once
RELATED = ("organisation", "testing_body", "cycle__model")


def procedure_for(request: OrgRequest, pk: int) -> tuple[Procedure, str]:
    """The procedure and the viewer's side, as seen from the current organisation; 404 otherwise."""
    org = request.org
    if org.kind == Organisation.Kind.TESTING_BODY:
        if request.membership.role == REVIEWER:
            mine = (
                Assignment.objects.active()
                .filter(reviewer=request.user, procedure_id=pk, procedure__testing_body=org)
                .select_related(*(f"procedure__{r}" for r in RELATED))
                .first()
            )
            if mine is None:
                raise Http404
            return mine.procedure, FIRST if mine.role == Assignment.Role.FIRST else SECOND
        rows = Procedure.objects.filter(testing_body=org)
        viewer = OFFICER
    elif org.kind == Organisation.Kind.SERVICE:
        rows = Procedure.objects.filter(organisation=org)
        viewer = ORGANISATION
    else:
        raise Http404
    found = rows.select_related(*RELATED).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found, viewer


def may_read(gutachten: Gutachten, viewer: str) -> bool:
    if viewer == FIRST:
        return True
    if viewer in (SECOND, OFFICER):
        return gutachten.status in CHECKED
    return viewer == ORGANISATION and gutachten.status == S.RELEASED


def visible_round(procedure: Procedure, viewer: str) -> Gutachten | None:
    """The newest round this viewer may read (the organisation keeps the released one while a new round
    is written)."""
    for found in procedure.gutachten.select_related("submission", "author", "checker").order_by("-round"):
        if may_read(found, viewer):
            return found
    return None


def rounds_for(procedure: Procedure, viewer: str) -> list[Gutachten]:
    return [g for g in procedure.gutachten.order_by("-round") if may_read(g, viewer)]
