"""The testing procedure's pages, below /o/<slug>/testing/ of the organisation or of the testing body."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gelingen import features
from gelingen.accounts.access import OrgRequest, org_view

from . import access, timeline
from .models import Procedure

RECORD_RELATED = ("organisation", "testing_body", "cycle__model", "officer", "registered_by", "previous")


def _procedures_of(request: OrgRequest):
    org = request.org
    if org.kind == org.Kind.TESTING_BODY:
        return Procedure.objects.filter(testing_body=org)
    return Procedure.objects.filter(organisation=org)


def _record(request: OrgRequest, pk: int) -> tuple[Procedure, str]:
    """The procedure as seen from the current organisation's side; 404 for anyone else."""
    procedure = _procedures_of(request).select_related(*RECORD_RELATED).filter(pk=pk).first()
    if procedure is None:
        raise Http404
    role = access.role_of(procedure, request.user, {request.org.pk: request.membership})
    if role is None:
        raise Http404
    return procedure, role


@org_view(kinds=features.kinds("testing"))
def procedures(request: OrgRequest) -> HttpResponse:
    rows = _procedures_of(request).select_related("organisation", "testing_body", "cycle__model")
    if request.org.kind == request.org.Kind.TESTING_BODY and request.membership.role == "reviewer":
        rows = rows.none()
    return render(request, "testing/list.html", {"procedures": rows[:50]})


@org_view(kinds=features.kinds("testing"))
def procedure(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _record(request, pk)
    steps = timeline.build(record, request.user, role=role)
    return render(request, "testing/procedure.html", {"procedure": record, "role": role, "steps": steps})
