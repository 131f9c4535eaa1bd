"""Reviewer assignment pages of a procedure, and the reviewer's "my procedures".

The testing body's officer assigns (read-only members look on); the organisation sees the names of its
reviewers and, Leitung and QM, may reject within the period; the reviewer sees only procedures with an
active assignment of their own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gelingen.accounts.access import OrgRequest, org_view
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import REVIEWER, Level
from gelingen.testing import access, deadlines, sections, timeline
from gelingen.testing.models import CLOSED, Procedure, rules_for

from . import assignment as rules
from . import due, workload
from .conflicts import pool_blockers
from .models import Accreditation, Assignment, ReviewerProfile

Role = Assignment.Role
PER_PAGE = 25
RELATED = ("organisation", "testing_body", "cycle__model")


class RejectForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Gründe der Ablehnung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=gettext_lazy("Zum Beispiel: Die Person hat uns in den letzten Jahren beraten."),
    )


def _procedure(request: OrgRequest, pk: int) -> Procedure:
    org = request.org
    if org.kind == Organisation.Kind.TESTING_BODY:
        if request.membership.role == REVIEWER:
            raise Http404  # reviewers open their procedures from "my procedures"
        rows = Procedure.objects.filter(testing_body=org)
    elif org.kind == Organisation.Kind.SERVICE:
        rows = Procedure.objects.filter(organisation=org)
    else:
        raise Http404
    return get_object_or_404(rows.select_related(*RELATED), pk=pk)


def _candidates(procedure: Procedure, role: str, today: date, current: dict[str, Assignment]) -> list:
    """The pool with the reasons each person may not take `role` (bounded queries for any pool)."""
    profiles: list[Any] = list(  # annotated below with reasons and counts
        ReviewerProfile.objects.filter(testing_body_id=procedure.testing_body_id, active=True)
        .select_related("user")
        .prefetch_related(Prefetch("accreditations", queryset=Accreditation.objects.all()))
    )
    counts = workload.open_counts(p.user_id for p in profiles)
    reasons = pool_blockers(
        profiles, procedure.organisation, today, model=procedure.cycle.model, open_counts=counts
    )
    rejected = {a.reviewer_id: a.rejected_on for a in procedure.assignments.filter(rejected_on__isnull=False)}
    other = current.get(Role.SECOND if role == Role.FIRST else Role.FIRST)
    for profile in profiles:
        found = reasons[profile.pk]
        if other is not None and other.reviewer_id == profile.user_id:
            found.append(
                _(
                    "Ist schon Gutachter*in dieses Verfahrens; die Zweitbegutachtung übernimmt eine andere Person."
                )
            )
        if profile.user_id in rejected:
            found.append(
                _("Die Organisation hat diese Person am %(day)s abgelehnt.")
                % {"day": formats.date_format(rejected[profile.user_id], "SHORT_DATE_FORMAT")}
            )
        profile.reasons = found
        profile.open_procedures = counts.get(profile.user_id, 0)
    return sorted(profiles, key=lambda p: (bool(p.reasons), p.user.name))


def _page(
    request: OrgRequest, procedure: Procedure, refused: rules.AssignmentRefused | None = None, status=200
):
    today = timezone.localdate()
    history = list(procedure.assignments.select_related("reviewer", "assigned_by"))
    current = {a.role: a for a in history if a.is_active}
    body_side = request.org.pk == procedure.testing_body_id
    for a in history:
        a.rejection_due = rules.rejection_due(a)
        a.may_reject = rules.may_reject(a, today)
    context = {
        "procedure": procedure,
        "history": history,
        "current": current,
        "body_side": body_side,
        "today": today,
        "refused": refused,
        "roles": Role,
        "gutachten_due": deadlines.gutachten_due(procedure.submitted_on, procedure.rules())
        if procedure.submitted_on
        else None,
        "reject_form": RejectForm(),
    }
    if body_side:
        context["candidates"] = {
            role: _candidates(procedure, role, today, current) for role in Role.values if role not in current
        }
    return render(request, "testing_reviewers/procedure.html", context, status=status)


@org_view(write=Level.MANAGE)
def procedure(request: OrgRequest, pk: int) -> HttpResponse:
    record = _procedure(request, pk)
    if request.method == "POST":  # the actions have their own addresses
        return HttpResponseNotAllowed(["GET"])
    return _page(request, record)


@org_view(write=Level.MANAGE)
@require_POST
def assign(request: OrgRequest, pk: int) -> HttpResponse:
    record = _procedure(request, pk)
    if request.org.pk != record.testing_body_id:
        raise Http404
    role = request.POST.get("role", "")
    profile = (
        ReviewerProfile.objects.filter(testing_body=request.org, pk=request.POST.get("profile") or 0)
        .select_related("user")
        .first()
    )
    if role not in Role.values or profile is None:
        refused = rules.AssignmentRefused(_("Bitte wählen Sie eine Person aus dem Pool und eine Rolle."))
        return _page(request, record, refused, status=400)
    try:
        made = rules.assign(record, profile, role, by=request.user)
    except rules.AssignmentRefused as refused:
        return _page(request, record, refused, status=400)
    messages.success(
        request,
        _("%(name)s ist als %(role)s zugeordnet; die Organisation ist benachrichtigt.")
        % {"name": made.reviewer, "role": made.get_role_display()},
    )
    return redirect("testing_reviewers:procedure", request.org.slug, record.pk)


def _assignment(request: OrgRequest, pk: int, assignment: int) -> tuple[Procedure, Assignment]:
    record = _procedure(request, pk)
    return record, get_object_or_404(record.assignments.select_related("reviewer"), pk=assignment)


@org_view(write=Level.MANAGE)
@require_POST
def reject(request: OrgRequest, pk: int, assignment: int) -> HttpResponse:
    record, found = _assignment(request, pk, assignment)
    if request.org.pk != record.organisation_id:
        raise Http404
    form = RejectForm(request.POST)
    if not form.is_valid():
        refused = rules.AssignmentRefused(_("Bitte begründen Sie die Ablehnung."))
        return _page(request, record, refused, status=400)
    try:
        rules.reject(found, by=request.user, reasons=form.cleaned_data["reasons"])
    except rules.AssignmentRefused as refused:
        return _page(request, record, refused, status=400)
    messages.success(
        request,
        _("Sie haben %(name)s abgelehnt. Die Testierungsstelle ordnet eine andere Person zu.")
        % {"name": found.reviewer},
    )
    return redirect("testing_reviewers:procedure", request.org.slug, record.pk)


@org_view(write=Level.MANAGE)
@require_POST
def end(request: OrgRequest, pk: int, assignment: int) -> HttpResponse:
    record, found = _assignment(request, pk, assignment)
    if request.org.pk != record.testing_body_id:
        raise Http404
    rules.end(found, by=request.user, on=timezone.localdate(), note=_("von der Testierungsstelle beendet"))
    messages.success(request, _("Die Zuordnung von %(name)s ist beendet.") % {"name": found.reviewer})
    return redirect("testing_reviewers:procedure", request.org.slug, record.pk)


@org_view()
def my_procedures(request: OrgRequest) -> HttpResponse:
    """The reviewer's active assignments with what is due from them, newest first."""
    if request.org.kind != Organisation.Kind.TESTING_BODY or request.membership.role != REVIEWER:
        raise Http404
    rows = due.with_due_data(
        Assignment.objects.active()
        .filter(reviewer=request.user, procedure__testing_body=request.org)
        .select_related(*(f"procedure__{r}" for r in RELATED))
        .prefetch_related("grants")
        .order_by("-assigned_at", "-pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    body_rules = rules_for(request.org.pk)
    for row in page:
        row.procedure._rules = body_rules  # one testing body: its rules once, not per row
        row.due_items = due_from_reviewer(row, today)  # type: ignore[attr-defined]  # for the template
    return render(request, "testing_reviewers/my_procedures.html", {"page": page, "today": today})


def due_from_reviewer(row: Assignment, today: date) -> list[due.Task]:
    """What the procedure waits for from this reviewer (see due.tasks); load rows with due.with_due_data."""
    return due.tasks(row, today)


@org_view(write=Level.MANAGE)
def assignments(request: OrgRequest) -> HttpResponse:
    """The testing body's running procedures with their reviewers; those still missing one first."""
    if request.org.kind != Organisation.Kind.TESTING_BODY or request.membership.role == REVIEWER:
        raise Http404
    rows = (
        Procedure.objects.filter(testing_body=request.org)
        .exclude(status__in=[*CLOSED, Procedure.Status.REGISTERED])
        .select_related(*RELATED)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.active().select_related("reviewer"),
                to_attr="current",
            )
        )
        .annotate(staffed=Count("assignments", filter=Q(assignments__ended_on__isnull=True)))
        .order_by("staffed", "submitted_on", "pk")
    )
    missing = request.GET.get("missing") == "1"
    if missing:
        rows = rows.filter(staffed__lt=len(Role.values))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    staffing = []
    for p in page:
        roles = {a.role: a for a in p.current}
        staffing.append((p, roles.get(Role.FIRST), roles.get(Role.SECOND)))
    return render(
        request,
        "testing_reviewers/assignments.html",
        {"page": page, "staffing": staffing, "missing": missing},
    )


@org_view()
def my_procedure(request: OrgRequest, pk: int) -> HttpResponse:
    """A procedure from the reviewer's side: its timeline and the granted Selbstreport (404 unless assigned)."""
    if request.org.kind != Organisation.Kind.TESTING_BODY or request.membership.role != REVIEWER:
        raise Http404
    mine = get_object_or_404(
        due.with_due_data(
            Assignment.objects.active()
            .filter(reviewer=request.user, procedure__testing_body=request.org)
            .select_related(*(f"procedure__{r}" for r in RELATED))
            .prefetch_related("grants")
        ),
        procedure_id=pk,
    )
    record = mine.procedure
    steps = timeline.build(record, request.user, role=timeline.REVIEWER)
    return render(
        request,
        "testing_reviewers/my_procedure.html",
        {
            "procedure": record,
            "assignment": mine,
            "steps": steps,
            "due_items": due_from_reviewer(mine, timezone.localdate()),
            "today": timezone.localdate(),
            "submissions": [g for g in mine.grants.all() if g.revoked_at is None],
            "sections": sections.collect(request, record, access.REVIEWER_SIDE),
        },
    )
