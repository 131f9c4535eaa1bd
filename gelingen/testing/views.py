"""The testing procedure's pages, below /o/<slug>/testing/ of the organisation or of the testing body.

Both sides open the same record at their own address; `_record` finds it only among the current
organisation's procedures (as the organisation or as the testing body), so anyone else gets 404. Steps
are posted to `step` and refused with the state machine's German message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import OrgRequest, org_view
from gelingen.accounts.roles import REVIEWER, Level

from . import access, notifications, sections, sharing, timeline, transitions
from .forms import ProcedureFilterForm, RegistrationForm, StepForm
from .models import Procedure, Transition, attach_rules

PER_PAGE = 50
RECORD_RELATED = ("organisation", "testing_body", "cycle__model", "officer", "registered_by", "previous")
LIST_RELATED = ("organisation", "testing_body", "cycle__model", "officer", "registered_by", "previous")


def _is_body(request: OrgRequest) -> bool:
    return request.org.kind == request.org.Kind.TESTING_BODY


def _procedures_of(request: OrgRequest) -> QuerySet[Procedure]:
    if _is_body(request):
        if request.membership.role == REVIEWER:  # reviewers see their assignments, not the body's list
            return Procedure.objects.none()
        return Procedure.objects.filter(testing_body=request.org)
    return Procedure.objects.filter(organisation=request.org)


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
    """Testing body: every procedure, next deadline first (overdue on top); organisation: its procedures."""
    rows = _procedures_of(request).select_related(*LIST_RELATED)
    filters = ProcedureFilterForm(
        request.GET or None, testing_body=request.org if _is_body(request) else None
    )
    rows = filters.filter(rows).order_by(F("next_due").asc(nulls_last=True), "-registered_at", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    items = []
    if _is_body(request):  # the stored next deadline: no timeline per row
        for p in page:
            next_step = None
            if p.next_due and p.next_step:
                status = timeline.OVERDUE if p.next_due < today else timeline.OPEN
                label = str(timeline.DEADLINE_LABELS.get(p.next_step, p.next_step))
                next_step = timeline.Step(p.next_step, label, 0, due=p.next_due, status=status)
            items.append((p, next_step))
    else:  # an organisation has few procedures: what is due from it, from the timeline
        for p in attach_rules(list(page)):
            due_steps = [
                s
                for s in (timeline.with_status(s, today, p.state) for s in timeline.core_steps(p))
                if s.status in (timeline.OPEN, timeline.OVERDUE) and s.due and s.side == timeline.ORGANISATION
            ]
            items.append((p, due_steps[0] if due_steps else None))
    context = {
        "page": page,
        "items": items,
        "filters": filters,
        "is_body": _is_body(request),
        "today": today,
        "notes": notifications.unread(request.user, request.org.pk),
        "can_register": not _is_body(request) and request.membership.level >= Level.MANAGE,
    }
    return render(request, "testing/list.html", context)


@org_view(write=Level.MANAGE, kinds=(features.SERVICE,))
def register(request: OrgRequest) -> HttpResponse:
    """Leitung or QM registers a cycle with a testing body."""
    form = RegistrationForm(request.POST or None, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        retest = data["kind"] == Procedure.Kind.RETEST
        with transaction.atomic():
            procedure = Procedure.objects.create(
                organisation=request.org,
                testing_body=data["testing_body"],
                cycle=data["cycle"],
                kind=data["kind"],
                intended_date=data["intended_date"] if retest else None,
                previous=form.previous() if retest else None,
                state=data["state"],
                registered_at=timezone.now(),
                registered_by=request.user,
            )
            first = Transition.objects.create(
                procedure=procedure,
                step="register",
                from_status=Procedure.Status.REGISTERED,
                to_status=Procedure.Status.REGISTERED,
                by=request.user,
                at=procedure.registered_at,
                on=timezone.localdate(procedure.registered_at),
            )
            procedure.save(update_fields=list(timeline.next_fields(procedure)))
            transaction.on_commit(lambda: notifications.notify_body_of_registration(procedure, first))
        messages.success(
            request,
            _("Die Anmeldung bei %(body)s ist eingegangen. Sie hören von der Testierungsstelle.")
            % {"body": procedure.testing_body.name},
        )
        return redirect("testing:procedure", request.org.slug, procedure.pk)
    return render(request, "testing/register.html", {"form": form}, status=400 if form.errors else 200)


def _actions(procedure: Procedure, role: str, request: OrgRequest) -> list[dict]:
    """The steps the viewer's side may take now, each with its form."""
    if request.membership.level < Level.WRITE or role == access.REVIEWER_SIDE:
        return []
    side = transitions.ORGANISATION if role == access.ORGANISATION else transitions.TESTING_BODY
    found: list[dict] = [
        {"key": step.key, "to": to, "label": step.label}
        for to, step in transitions.next_steps(procedure)
        if step.side == side
    ]
    found += [
        {"key": key, "to": "", "label": label}
        for key, (label, record_side, _field, allowed) in transitions.RECORDS.items()
        if record_side == side and procedure.status in allowed
    ]
    for action in found:
        action["form"] = _fit_outcome(StepForm(step=str(action["key"]), prefix=str(action["key"])), procedure)
    return found


def _fit_outcome(form: StepForm, procedure: Procedure) -> StepForm:
    """Where the Gutachten decides the outcome, the choice is shown fixed (a disabled field keeps it)."""
    field = form.fields.get("outcome")
    derived = transitions.derived_outcome(procedure) if field is not None else None
    if field is not None and derived:
        field.disabled, field.initial = True, derived
        field.help_text = _("Ergibt sich aus den Bewertungen des freigegebenen Gutachtens.")
    return form


def _record_context(request: OrgRequest, procedure: Procedure, role: str) -> dict:
    today = timezone.localdate()
    steps = timeline.build(procedure, request.user, today=today, role=role)
    log = procedure.transitions.select_related("by").order_by("-at", "-pk")[:100]
    submissions = list(sharing.submissions_for(procedure)) if role != access.REVIEWER_SIDE else []
    return {
        "procedure": procedure,
        "role": role,
        "steps": steps,
        "log": log,
        "submissions": submissions,
        "actions": _actions(procedure, role, request) if not procedure.is_closed else [],
        "withdraw_allowed": role == access.ORGANISATION and not procedure.is_closed,
        "today": today,
        "sections": sections.collect(request, procedure, role),
    }


@org_view(kinds=features.kinds("testing"))
def procedure(request: OrgRequest, pk: int) -> HttpResponse:
    if _is_body(request) and request.membership.role == REVIEWER:
        # a reviewer's notes link here: an assigned reviewer continues on their own page, others get 404
        found = Procedure.objects.filter(testing_body=request.org, pk=pk).first()
        if found is not None and access.role_of(found, request.user, {request.org.pk: request.membership}):
            return redirect("testing_reviewers:my_procedure", request.org.slug, pk)
        raise Http404
    record, role = _record(request, pk)
    if request.method == "POST":
        raise PermissionDenied  # steps are posted to their own address
    notifications.mark_read(request.user, record)
    return render(request, "testing/procedure.html", _record_context(request, record, role))


@org_view(kinds=features.kinds("testing"))
@require_POST
def step(request: OrgRequest, pk: int, key: str) -> HttpResponse:
    record, role = _record(request, pk)
    actions = {a["key"]: a for a in _actions(record, role, request)}
    if role == access.REVIEWER_SIDE:
        raise PermissionDenied
    action = actions.get(key)
    if action is None:
        if key in {s.key for s in transitions.STEPS.values()} | set(transitions.RECORDS):
            side_steps = {s.key: s.side for s in transitions.STEPS.values()}
            side = side_steps.get(key) or transitions.RECORDS[key][1]
            mine = transitions.ORGANISATION if role == access.ORGANISATION else transitions.TESTING_BODY
            if side != mine:
                raise PermissionDenied
            messages.error(
                request,
                _("Dieser Schritt ist im Stand „%(status)s“ nicht möglich.")
                % {"status": record.get_status_display()},
            )
            return redirect("testing:procedure", request.org.slug, record.pk)
        raise Http404
    form = _fit_outcome(StepForm(request.POST, step=key, prefix=key), record)
    if form.is_valid():
        try:
            if action["to"]:
                transitions.advance(
                    record,
                    action["to"],
                    by=request.user,
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data.get("note", ""),
                    **form.values(),
                )
            else:
                transitions.record(
                    record,
                    key,
                    by=request.user,
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data.get("note", ""),
                    **form.values(),
                )
        except transitions.StepRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if key == "confirm" and not record.officer_id:
                Procedure.objects.filter(pk=record.pk, officer__isnull=True).update(officer=request.user)
            messages.success(request, _("Gespeichert: %(step)s") % {"step": action["label"]})
            return redirect("testing:procedure", request.org.slug, record.pk)
    context = _record_context(request, record, role)
    for a in context["actions"]:
        if a["key"] == key:
            a["form"] = form
            a["open"] = True
    return render(request, "testing/procedure.html", context, status=400)
