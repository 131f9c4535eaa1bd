"""The page of one background job: progress (htmx polls the partial; without JavaScript the page
reloads itself), the error, or the download."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from gelingen.accounts.access import OrgRequest, org_view
from gelingen.core.uploads import file_response

from . import kinds
from .models import Job

POLL_SECONDS = 2


def _job(request: OrgRequest, pk: int) -> Job:
    """A job of the organisation in the URL (else 404) that this member may see (else 403)."""
    job = get_object_or_404(Job.objects.select_related("organisation"), organisation=request.org, pk=pk)
    if not kinds.may_see(job, request.user.pk, request.membership.role):
        raise PermissionDenied
    return job


@org_view()
def detail(request: OrgRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    kind = kinds.registered().get(job.kind)
    context = {"job": job, "label": kind.label if kind else job.kind, "poll": POLL_SECONDS}
    template = "jobs/_progress.html" if request.htmx else "jobs/job.html"
    return render(request, template, context)


@org_view()
def result(request: OrgRequest, pk: int) -> HttpResponseBase:
    job = _job(request, pk)
    if not job.has_file:
        raise Http404
    return file_response(job.result, job.result_name or f"ergebnis-{job.pk}")
