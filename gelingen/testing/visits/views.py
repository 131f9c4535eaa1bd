"""Pages of the visit, the decision letter, the resubmission diff and the workshops of a procedure.

Every page finds the procedure through access.viewer (404 for anyone not on it); changes check the
side and role here and leave the rules to visit.py, letter.py, workshops.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import OrgRequest, org_view
from gelingen.core.uploads import file_response
from gelingen.testing import access as testing_access
from gelingen.testing import deadlines

from . import visit as rules
from .access import Viewer, viewer
from .forms import FindingsForm, ProtocolForm, VisitForm
from .models import Visit

KINDS = features.kinds("visits")


def protocol_visible(v: Viewer, visit: Visit) -> bool:
    """The protocol and recommendation: the testing body and the reviewers once submitted, the
    organisation once the testing body decided (its decision letter dates from the visit on)."""
    if v.side == testing_access.ORGANISATION:
        p = v.procedure
        return bool(
            visit.is_submitted and p.decision and p.decision_letter_on and p.decision_letter_on >= visit.on
        )
    if v.is_first_reviewer:
        return True
    return visit.is_submitted


def visit_context(v: Viewer, visit: Visit | None, number: int | None = None) -> dict:
    """What the visit page and the record's section show; `visit` is the current Gutachten's visit, or
    else the latest one (kept as it was)."""
    p = v.procedure
    number = rules.gutachten_round(p) if number is None else number
    current = visit is not None and visit.round == number
    return {
        "procedure": p,
        "viewer": v,
        "visit": visit,
        "findings": list(visit.findings.all()) if visit else [],
        "is_current": current,
        "show_protocol": bool(visit and protocol_visible(v, visit)),
        # the 6-week rule (deadlines.visit_due) stays in view until the visit step is recorded
        "visit_due": deadlines.visit_due(p.gutachten_sent_on, p.rules())
        if p.gutachten_sent_on and not p.visit_on
        else None,
        "visit_hard": p.outcome == p.Outcome.AUFLAGEN,
        "visit_weeks": p.rules().visit_weeks,
        "can_report": v.is_first_reviewer
        and v.can_write
        and p.status == p.Status.GUTACHTEN
        and not (current and visit and visit.is_submitted),
        "can_record": bool(
            v.is_first_reviewer
            and visit
            and current  # an earlier Gutachten's visit stays as it was
            and v.can_write
            and not visit.is_submitted
            and visit.on <= timezone.localdate()
        ),
    }


def _page(request: OrgRequest, v: Viewer, status: int = 200, **forms) -> HttpResponse:
    number = rules.gutachten_round(v.procedure)
    visit = rules.current_visit(v.procedure, number) or rules.latest_visit(v.procedure)
    context = visit_context(v, visit, number)
    if context["can_record"] and visit is not None:
        rules.sync_findings(visit)
        context["findings"] = list(visit.findings.all())
    if context["can_report"]:
        mine = visit if context["is_current"] else None  # a new Gutachten gets a new visit
        initial = {} if mine else {"hours": 4, "agenda": rules.default_agenda()}
        context["visit_form"] = forms.get("visit_form") or VisitForm(
            instance=mine or Visit(), initial=initial
        )
    if context["can_record"]:
        context["findings_form"] = forms.get("findings_form") or FindingsForm(findings=context["findings"])
        context["protocol_form"] = forms.get("protocol_form") or ProtocolForm(
            initial={"protocol": visit.protocol if visit else ""}
        )
    context["error"] = forms.get("error")
    return render(request, "testing_visits/visit.html", context, status=status)


@org_view(kinds=KINDS)
def visit_page(request: OrgRequest, pk: int) -> HttpResponse:
    v = viewer(request, pk)
    if request.method == "POST":
        raise PermissionDenied  # the forms post to their own addresses
    return _page(request, v)


def _writer(request: OrgRequest, pk: int) -> Viewer:
    v = viewer(request, pk)
    if not v.is_first_reviewer:
        raise PermissionDenied
    return v


@org_view(kinds=KINDS)
@require_POST
def report_visit(request: OrgRequest, pk: int) -> HttpResponse:
    v = _writer(request, pk)
    existing = rules.current_visit(v.procedure)
    form = VisitForm(request.POST, instance=existing or Visit())
    if form.is_valid():
        data = form.cleaned_data
        details = rules.VisitDetails(
            data["on"], data["hours"], data["place"], data["agenda"], data.get("participants", "")
        )
        try:
            version = form.loaded_version() if existing else None  # claimed under the row lock
            rules.report(v.procedure, details, by=request.user, expected_version=version)
        except rules.VisitRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("Der Termin der Visitation ist gemeldet; die Testierungsstelle ist benachrichtigt."),
            )
            return redirect("visits:visit", request.org.slug, pk)
    return _page(request, v, status=400, visit_form=form)


@org_view(kinds=KINDS)
@require_POST
def record_findings(request: OrgRequest, pk: int) -> HttpResponse:
    v = _writer(request, pk)
    visit = rules.current_visit(v.procedure)
    if visit is None:
        raise Http404
    form = FindingsForm(request.POST, findings=rules.sync_findings(visit))
    if form.is_valid():
        try:
            rules.record_findings(visit, form.values(), by=request.user)
        except rules.VisitRefused as refused:
            return _page(request, v, status=400, findings_form=form, error=refused.message)
        messages.success(request, _("Die Befunde zu den Auflagen sind gespeichert."))
        return redirect("visits:visit", request.org.slug, pk)
    return _page(request, v, status=400, findings_form=form)


@org_view(kinds=KINDS)
@require_POST
def submit_protocol(request: OrgRequest, pk: int) -> HttpResponse:
    v = _writer(request, pk)
    visit = rules.current_visit(v.procedure)
    if visit is None:
        raise Http404
    form = ProtocolForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rules.submit_protocol(
                visit,
                protocol=data["protocol"],
                recommendation=data["recommendation"],
                upload=data.get("protocol_upload"),
                by=request.user,
            )
        except rules.VisitRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, _("Das Protokoll ist eingereicht; die Testierungsstelle trägt die Visitation ein.")
            )
            return redirect("visits:visit", request.org.slug, pk)
    return _page(request, v, status=400, protocol_form=form)


@org_view(kinds=KINDS)
def protocol_file(request: OrgRequest, pk: int, visit: int) -> HttpResponseBase:
    v = viewer(request, pk)
    found = Visit.objects.filter(procedure=v.procedure, pk=visit).first()
    if found is None or not found.protocol_file or not protocol_visible(v, found):
        raise Http404
    return file_response(found.protocol_file, found.protocol_file_name or "protokoll")


INDEX_LIMIT = 100


@org_view(kinds=KINDS)
def index(request: OrgRequest) -> HttpResponse:
    """Visits and workshops from the current side: the organisation's own, the testing body's, or (for
    a reviewer) those of the assigned procedures and the workshops they moderate."""
    from gelingen.accounts.roles import REVIEWER, Level
    from gelingen.testing.reviewers.models import Assignment

    from .models import Workshop

    org = request.org
    visits = Visit.objects.select_related("procedure__organisation").order_by("-on", "-pk")
    workshops = Workshop.objects.select_related("cycle__organisation", "moderator__user").order_by(
        "-on", "-pk"
    )
    is_reviewer = org.kind == org.Kind.TESTING_BODY and request.membership.role == REVIEWER
    if org.kind == org.Kind.SERVICE:
        visits = visits.filter(procedure__organisation=org)
        workshops = workshops.filter(cycle__organisation=org)
    elif is_reviewer:
        mine = Assignment.objects.active().filter(reviewer=request.user).values("procedure_id")
        visits = visits.filter(procedure__testing_body=org, procedure__in=mine)
        workshops = workshops.filter(testing_body=org, moderator__user=request.user)
    else:
        visits = visits.filter(procedure__testing_body=org)
        workshops = workshops.filter(testing_body=org)
    to_plan = []
    if org.kind == org.Kind.SERVICE and request.membership.level >= Level.MANAGE:
        # a re-testing's follow-up workshop is the organisation's to plan, even before it registers
        from gelingen.quality.models import Cycle

        to_plan = list(
            Cycle.objects.filter(
                organisation=org, kind=Cycle.Kind.RETEST, testing_workshop__isnull=True
            ).order_by("-start_date")[:10]
        )
    return render(
        request,
        "testing_visits/index.html",
        {
            "to_plan": to_plan,
            "visits": list(visits[:INDEX_LIMIT]),
            "workshops": list(workshops[:INDEX_LIMIT]),
            "is_service": org.kind == org.Kind.SERVICE,
            "is_reviewer": is_reviewer,
        },
    )


# --- decision letter -------------------------------------------------------------------------------


@org_view(kinds=KINDS)
@require_POST
def issue_letter(request: OrgRequest, pk: int) -> HttpResponse:
    from . import letter

    v = viewer(request, pk)
    if not v.is_officer:
        raise PermissionDenied
    try:
        made = letter.issue(v.procedure, by=request.user)
    except letter.LetterRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Das Entscheidungsschreiben vom %(day)s ist ausgestellt.")
            % {"day": made.letter_on.strftime("%d.%m.%Y")},
        )
    return redirect("testing:procedure", request.org.slug, pk)


@org_view(kinds=KINDS)
def letter_pdf(request: OrgRequest, pk: int, letter: int) -> HttpResponseBase:
    from .models import DecisionLetter

    v = viewer(request, pk)
    if v.side == testing_access.REVIEWER_SIDE:
        raise Http404  # the letter goes to the organisation; reviewers see the decision on the timeline
    found = DecisionLetter.objects.filter(procedure=v.procedure, pk=letter).first()
    if found is None:
        raise Http404
    return file_response(found.pdf, f"entscheidung-{found.letter_on:%Y-%m-%d}.pdf", "application/pdf")


# --- resubmission diff -----------------------------------------------------------------------------


@org_view(kinds=KINDS)
def resubmission_diff(request: OrgRequest, pk: int) -> HttpResponse:
    from .resubmission import review_of

    v = viewer(request, pk)
    if v.side == testing_access.ORGANISATION:
        raise Http404  # the organisation has its own comparison on the submission page
    review = review_of(v.procedure)
    if review is None:
        raise Http404
    return render(
        request, "testing_visits/diff.html", {"procedure": v.procedure, "viewer": v, "review": review}
    )


# --- workshops -------------------------------------------------------------------------------------


def _workshop_viewer(request: OrgRequest, cycle_pk: int):
    """(cycle, workshop or None, side, is moderator) for the current organisation's member; 404 else."""
    from gelingen.accounts.roles import REVIEWER
    from gelingen.quality.models import Cycle

    from .models import Workshop
    from .workshops import testing_body_for

    org = request.org
    cycle = Cycle.objects.select_related("organisation", "model").filter(pk=cycle_pk).first()
    if cycle is None:
        raise Http404
    workshop = Workshop.objects.select_related("moderator__user", "testing_body").filter(cycle=cycle).first()
    if org.kind == org.Kind.SERVICE:
        if cycle.organisation_id != org.pk:
            raise Http404
        return cycle, workshop, testing_access.ORGANISATION, False
    if request.membership.role == REVIEWER:
        if (
            workshop is None
            or workshop.testing_body_id != org.pk
            or workshop.moderator.user_id != request.user.pk
        ):
            raise Http404
        return cycle, workshop, testing_access.REVIEWER_SIDE, True
    body = workshop.testing_body if workshop else testing_body_for(cycle)
    if body is None or body.pk != org.pk:
        raise Http404
    return cycle, workshop, testing_access.TESTING_BODY, False


def _workshop_page(request: OrgRequest, cycle_pk: int, status: int = 200, **forms) -> HttpResponse:
    from gelingen.accounts.roles import Level

    from . import workshops as rules_w
    from .forms import WorkshopForm, WorkshopResultForm
    from .models import Workshop

    cycle, workshop, side, moderator = _workshop_viewer(request, cycle_pk)
    today = timezone.localdate()
    body = workshop.testing_body if workshop else rules_w.testing_body_for(cycle)
    level = request.membership.level
    can_schedule = (
        body is not None
        and rules_w.may_schedule(cycle, side)
        and level >= (Level.MANAGE if side == testing_access.ORGANISATION else Level.WRITE)
        and not (workshop and workshop.held_on)
    )
    can_record = bool(
        workshop
        and not workshop.held_on
        and level >= Level.WRITE
        and (moderator or side == testing_access.TESTING_BODY)
        and workshop.on <= today
    )
    context: dict = {
        "cycle": cycle,
        "workshop": workshop,
        "side": side,
        "kind": rules_w.kind_for(cycle),
        "kinds": Workshop.Kind,
        "body": body,
        "stocktaking": rules_w.first_stocktaking(cycle),
        "error": forms.get("error"),
    }
    if can_schedule and body is not None:
        profiles = list(rules_w.pool(body, cycle))
        conflicts = rules_w.conflicts_shown(profiles, cycle.organisation, today)
        context["pool"] = [(p, conflicts.get(p.pk, [])) for p in profiles]
        initial = {} if workshop else {"hours": 4}
        context["form"] = forms.get("form") or WorkshopForm(
            instance=workshop or Workshop(), initial=initial, moderators=rules_w.pool(body, cycle)
        )
    if can_record:
        context["result_form"] = forms.get("result_form") or WorkshopResultForm(
            initial={
                "held_on": workshop.on if workshop else today,
                "participants": workshop.participants if workshop else "",
            }
        )
    if context["stocktaking"]:
        from gelingen.quality.models import Assessment

        labels = dict(Assessment.Status.choices)
        context["stocktaking_rows"] = [
            (labels.get(k, k), n) for k, n in context["stocktaking"].counts.items()
        ]
    return render(request, "testing_visits/workshop.html", context, status=status)


@org_view(kinds=KINDS)
def workshop_page(request: OrgRequest, cycle: int) -> HttpResponse:
    if request.method == "POST":
        _workshop_viewer(request, cycle)  # 404 for anyone not on it, before saying no
        raise PermissionDenied
    return _workshop_page(request, cycle)


@org_view(kinds=KINDS)
@require_POST
def schedule_workshop(request: OrgRequest, cycle: int) -> HttpResponse:
    from gelingen.accounts.roles import Level

    from . import workshops as rules_w
    from .forms import WorkshopForm
    from .models import Workshop

    found_cycle, workshop, side, _moderator = _workshop_viewer(request, cycle)
    body = workshop.testing_body if workshop else rules_w.testing_body_for(found_cycle)
    if (
        body is None
        or not rules_w.may_schedule(found_cycle, side)
        or (side == testing_access.ORGANISATION and request.membership.level < Level.MANAGE)
    ):
        raise PermissionDenied
    form = WorkshopForm(
        request.POST, instance=workshop or Workshop(), moderators=rules_w.pool(body, found_cycle)
    )
    if form.is_valid():
        data = form.cleaned_data
        details = rules_w.WorkshopDetails(
            data["moderator"],
            data["on"],
            data["hours"],
            data["format"],
            data.get("call_on"),
            data.get("participants", ""),
        )
        try:
            # the version the form was loaded with, claimed under the row lock: no lost update
            version = form.loaded_version() if workshop else None
            rules_w.schedule(found_cycle, details, by=request.user, side=side, expected_version=version)
        except rules_w.WorkshopRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Der Workshop ist geplant."))
            return redirect("visits:workshop", request.org.slug, cycle)
    return _workshop_page(request, cycle, status=400, form=form)


@org_view(kinds=KINDS)
@require_POST
def record_workshop(request: OrgRequest, cycle: int) -> HttpResponse:
    from . import workshops as rules_w
    from .forms import WorkshopResultForm

    _cycle, workshop, side, moderator = _workshop_viewer(request, cycle)
    if workshop is None or not (moderator or side == testing_access.TESTING_BODY):
        raise PermissionDenied
    form = WorkshopResultForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rules_w.record_result(
                workshop,
                held_on=data["held_on"],
                result=data["result"],
                participants=data.get("participants", ""),
                by=request.user,
            )
        except rules_w.WorkshopRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _(
                    "Das Ergebnis ist festgehalten; die erste Bestandsaufnahme der Selbstbewertung gilt als "
                    "bei diesem Workshop erledigt."
                ),
            )
            return redirect("visits:workshop", request.org.slug, cycle)
    return _workshop_page(request, cycle, status=400, result_form=form)
