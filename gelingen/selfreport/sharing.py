"""A frozen submission shared read-only with a testing body: the owner's share form and the granted pages.

The owner's members share from the submission page (`share`); the testing body's people open
`/shared/selfreport/submissions/<pk>/` (see granted_urls.py), which the owner's members can open too.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts import grants
from gelingen.accounts.access import GrantedRequest, OrgRequest, granted_view, org_view
from gelingen.accounts.forms import ShareForm
from gelingen.accounts.models import Grant, Organisation
from gelingen.accounts.roles import Level
from gelingen.core.uploads import file_response

from .models import SelfReport, Submission
from .submission import missing_files, verify

RELATED = ("report__cycle__organisation", "submitted_by", "override__user")


def frozen_file(
    request: HttpRequest, submission: Submission, fmt: str, download_name: str
) -> HttpResponseBase:
    """A frozen file as a download, or a page that says it is missing from the storage (never a 500)."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    file: FieldFile = submission.pdf if fmt == "pdf" else submission.docx
    if file.name in missing_files(submission):
        return render(
            request, "selfreport/file_missing.html", {"submission": submission, "file": file}, status=404
        )
    return file_response(file, download_name)


def testing_bodies():
    return Organisation.objects.filter(kind=Organisation.Kind.TESTING_BODY).order_by("name")


def share_context(submission: Submission, form: ShareForm | None = None) -> dict:
    """For the owner's submission page: the share form and every grant of this submission."""
    return {
        "share_form": form or ShareForm(organisations=testing_bodies()),
        "grants": list(grants.of_object(submission)),
    }


@org_view(write=Level.MANAGE, kinds=features.kinds("selfreport"))
@require_POST
def share(request: OrgRequest, cycle_pk: int, number: int) -> HttpResponse:
    report = get_object_or_404(
        SelfReport.objects.select_related("cycle"), cycle__organisation=request.org, cycle_id=cycle_pk
    )
    submission = get_object_or_404(report.submissions.select_related("report__cycle"), number=number)
    form = ShareForm(request.POST, organisations=testing_bodies())
    if form.is_valid():
        body = form.cleaned_data["grantee_organisation"]
        grants.share(
            submission,
            by=request.user,
            grantee_organisation=body,
            permission=Grant.Permission.VIEW,
            valid_until=form.cleaned_data["valid_until"],
            title=_("Selbstreport %(org)s, Einreichung %(n)d") % {"org": request.org.name, "n": number},
        )
        messages.success(
            request, _("Die Einreichung ist für %(body)s zum Lesen freigegeben.") % {"body": body.name}
        )
        return redirect("selfreport:submission", request.org.slug, cycle_pk, number)
    for error in form.errors.as_data().values():
        for message in error:
            messages.error(request, " ".join(message.messages))
    return redirect("selfreport:submission", request.org.slug, cycle_pk, number)


@granted_view(Submission, related=RELATED)
def shared_submission(request: GrantedRequest, pk: int) -> HttpResponse:
    submission = request.granted_object
    return render(
        request,
        "selfreport/shared_submission.html",
        {
            "submission": submission,
            "owner": submission.report.cycle.organisation,
            "intact": verify(submission),
        },
    )


@granted_view(Submission, related=RELATED)
def shared_submission_file(request: GrantedRequest, pk: int, fmt: str) -> HttpResponseBase:
    submission = request.granted_object
    slug = submission.report.cycle.organisation.slug
    return frozen_file(request, submission, fmt, f"selbstreport-{slug}-einreichung-{submission.number}.{fmt}")
