"""Pages of the Testat app: the agreement page of a procedure (goals, signatures, protocol, scan), the
list of Testate, the downloads, and the section on the procedure record.

The agreement page lives below the organisation's or the testing body's /o/<slug>/testat/ and finds the
procedure only among the current organisation's own (as organisation or as testing body); an assigned
reviewer reads it from the testing body's side without downloads; everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import OrgRequest, org_view
from gelingen.accounts.roles import REVIEWER, Level
from gelingen.core.pdf import pdf_response
from gelingen.core.uploads import file_response
from gelingen.testing import access
from gelingen.testing.models import Procedure
from gelingen.testing.sections import Section

from . import certificate, goals
from .forms import CheckForm, GoalForm, ProtocolForm, ScanForm, WithdrawForm
from .models import AgreementVersion, Closing, Goal, Signature, Testat
from .signals import issue

KINDS = features.kinds("testat")
RELATED = ("organisation", "testing_body", "cycle__model", "officer")


def _procedure(request: OrgRequest, pk: int) -> tuple[Procedure, str]:
    """The procedure seen from the current organisation's side, or 404."""
    org = request.org
    procedure = (
        Procedure.objects.filter(Q(organisation=org) | Q(testing_body=org))
        .select_related(*RELATED)
        .filter(pk=pk)
        .first()
    )
    if procedure is None:
        raise Http404
    role = access.role_of(procedure, request.user, {org.pk: request.membership})
    if role is None:
        raise Http404
    return procedure, role


def _require(role: str, side: str, request: OrgRequest, level: Level = Level.WRITE) -> None:
    if role != side or request.membership.level < level:
        raise PermissionDenied


def _files_side(role: str) -> None:
    """Protocol, scan and the PDFs go to the two sides of the procedure only."""
    if role not in (access.ORGANISATION, access.TESTING_BODY):
        raise Http404


def _back(request: OrgRequest, procedure: Procedure, anchor: str = "") -> HttpResponse:
    response = redirect("testing_testat:procedure", request.org.slug, procedure.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@org_view(kinds=KINDS)
def index(request: OrgRequest) -> HttpResponse:
    org = request.org
    if org.kind == org.Kind.TESTING_BODY:
        rows = (
            Testat.objects.none()
            if request.membership.role == REVIEWER
            else Testat.objects.filter(testing_body=org)
        )
    else:
        rows = Testat.objects.filter(organisation=org)
    today = timezone.localdate()
    testate = list(rows.select_related("organisation", "procedure")[:500])
    return render(
        request,
        "testing_testat/index.html",
        {"testate": [(t, t.status(today)) for t in testate], "is_body": org.kind == org.Kind.TESTING_BODY},
    )


def _page_context(request: OrgRequest, procedure: Procedure, role: str) -> dict:
    goal_list = goals.goals_of(procedure)
    version = goals.current_version(procedure, goal_list)
    signatures = goals.valid_signatures(procedure, version)
    closing = (
        Closing.objects.filter(procedure=procedure)
        .select_related("protocol_uploaded_by", "scan_uploaded_by")
        .first()
    )
    writer = request.membership.level >= Level.WRITE
    is_open = goals.goals_open(procedure)
    signer_side = goals.side_of_signer(procedure, request.user) if is_open and version else None
    void = (
        list(
            Signature.objects.filter(version__procedure=procedure)
            .exclude(version=version)
            .select_related("version")
            .order_by("-signed_at")[:10]
        )
        if goal_list
        else []
    )
    return {
        "procedure": procedure,
        "role": role,
        "goals": goal_list,
        "is_open": is_open,
        "org_can_edit": is_open and role == access.ORGANISATION and request.membership.level >= Level.MANAGE,
        "body_can_check": is_open and role == access.TESTING_BODY and writer,
        "can_issue": is_open
        and writer
        and role != access.REVIEWER_SIDE
        and goals.all_approved(goal_list)
        and version is None,
        "proposals": goals.untaken_proposals(procedure) if is_open and role == access.ORGANISATION else [],
        "has_open_drafts": any(g.status in (Goal.Status.DRAFT, Goal.Status.CHANGES) for g in goal_list),
        "version": version,
        "signatures": signatures,
        "sides": Signature.Side,
        "void_signatures": void,
        "signer_side": signer_side if signer_side not in signatures else None,
        "complete": goals.is_complete(procedure) if version else False,
        "closing": closing,
        "scan_current": bool(closing and closing.scan and version and closing.scan_version_id == version.pk),
        "can_upload_scan": is_open and writer and role != access.REVIEWER_SIDE and version is not None,
        "can_upload_protocol": role == access.ORGANISATION
        and writer
        and procedure.workshop_held_on is not None,
        "files_visible": role in (access.ORGANISATION, access.TESTING_BODY),
        "testat": Testat.objects.filter(procedure=procedure).first(),
        "today": timezone.localdate(),
        "goal_form": GoalForm(prefix="new"),
        "check_form": CheckForm(),
        "protocol_form": ProtocolForm(prefix="protocol"),
        "scan_form": ScanForm(prefix="scan"),
        "withdraw_form": WithdrawForm(prefix="withdraw", initial={"on": timezone.localdate()}),
        "can_withdraw": role == access.TESTING_BODY and request.membership.level >= Level.MANAGE,
    }


@org_view(kinds=KINDS)
def procedure(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    if request.method == "POST":
        raise PermissionDenied
    return render(request, "testing_testat/procedure.html", _page_context(request, record, role))


def _rerender(request: OrgRequest, record: Procedure, role: str, **forms) -> HttpResponse:
    context = _page_context(request, record, role)
    context.update(forms)
    return render(request, "testing_testat/procedure.html", context, status=400)


# --- goals ---------------------------------------------------------------------------------------------


@org_view(kinds=KINDS, write=Level.MANAGE)
@require_POST
def goal_add(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.ORGANISATION, request, Level.MANAGE)
    form = GoalForm(request.POST, prefix="new")
    if not goals.goals_open(record):
        form.add_error(None, _("Die strategischen Ziele sind in diesem Stand nicht änderbar."))
    if form.is_valid():
        goal = form.save(commit=False)
        goal.procedure = record
        goal.position = Goal.objects.filter(procedure=record).count()
        goal.save()
        messages.success(request, _("Das Ziel wurde angelegt."))
        return _back(request, record, "goals")
    return _rerender(request, record, role, goal_form=form, goal_form_open=True)


@org_view(kinds=KINDS, write=Level.MANAGE)
def goal_edit(request: OrgRequest, pk: int, goal_pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.ORGANISATION, request, Level.MANAGE)
    goal = get_object_or_404(Goal, procedure=record, pk=goal_pk)
    if not goals.goals_open(record):
        raise PermissionDenied
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():

        def write() -> Goal:
            saved = form.save(commit=False)
            goals.after_edit(saved)
            saved.save()
            return saved

        if form.save_versioned(write) is not None:
            messages.success(request, _("Das Ziel wurde gespeichert; die Testierungsstelle prüft es erneut."))
            return _back(request, record, "goals")
    return render(
        request,
        "testing_testat/goal_form.html",
        {"procedure": record, "goal": goal, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(kinds=KINDS, write=Level.MANAGE)
@require_POST
def goal_delete(request: OrgRequest, pk: int, goal_pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.ORGANISATION, request, Level.MANAGE)
    goal = get_object_or_404(Goal, procedure=record, pk=goal_pk)
    if not goals.goals_open(record):
        raise PermissionDenied
    goal.delete()
    messages.success(request, _("Das Ziel wurde entfernt."))
    return _back(request, record, "goals")


def _refusable(
    request: OrgRequest, record: Procedure, action, success: str, anchor: str = "goals"
) -> HttpResponse:
    try:
        action()
    except goals.GoalRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return _back(request, record, anchor)


@org_view(kinds=KINDS, write=Level.MANAGE)
@require_POST
def take_proposals(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.ORGANISATION, request, Level.MANAGE)
    return _refusable(
        request,
        record,
        lambda: goals.take_proposals(record),
        _("Die Vorschläge aus dem Selbstreport wurden übernommen."),
    )


@org_view(kinds=KINDS, write=Level.MANAGE)
@require_POST
def submit_goals(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.ORGANISATION, request, Level.MANAGE)

    def run() -> None:
        goals.submit_for_check(record)
        from .notifications import notify_goals_to_check

        notify_goals_to_check(record, request.user)

    return _refusable(request, record, run, _("Die Ziele liegen der Testierungsstelle zur Prüfung vor."))


@org_view(kinds=KINDS)
@require_POST
def goal_check(request: OrgRequest, pk: int, goal_pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.TESTING_BODY, request)
    goal = get_object_or_404(Goal.objects.select_related("procedure"), procedure=record, pk=goal_pk)
    form = CheckForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"

    def run() -> None:
        goals.check(goal, request.user, approve, form.cleaned_data.get("comment", ""))
        if not approve or goals.all_approved(goals.goals_of(record)):
            from .notifications import notify_checked

            notify_checked(record, request.user, approve)

    done = (
        _("Die Formulierung ist geprüft.")
        if approve
        else _("Die Organisation wurde um eine Änderung gebeten.")
    )
    return _refusable(request, record, run, done)


# --- agreement, signatures, scan, protocol ------------------------------------------------------------------


@org_view(kinds=KINDS)
@require_POST
def issue_agreement(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    if role == access.REVIEWER_SIDE:
        raise PermissionDenied

    def run() -> None:
        goals.issue_version(record, request.user)
        from .notifications import notify_to_sign

        notify_to_sign(record, request.user)

    return _refusable(request, record, run, _("Die Vereinbarung liegt zur Unterschrift bereit."), "agreement")


@org_view(kinds=KINDS)
def agreement_pdf(request: OrgRequest, pk: int, number: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _files_side(role)
    version = get_object_or_404(AgreementVersion, procedure=record, number=number)
    return pdf_response(bytes(version.pdf), f"zielvereinbarung-{record.pk}-fassung-{number}.pdf")


@org_view(kinds=KINDS)
@require_POST
def sign(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    if role == access.REVIEWER_SIDE:
        raise PermissionDenied
    return _refusable(
        request,
        record,
        lambda: goals.sign(record, request.user),
        _("Sie haben die Vereinbarung unterschrieben."),
        "agreement",
    )


@org_view(kinds=KINDS)
@require_POST
def upload_scan(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    if role == access.REVIEWER_SIDE:
        raise PermissionDenied
    form = ScanForm(request.POST, request.FILES, prefix="scan")
    if form.is_valid():
        try:
            goals.attach_scan(record, request.user, form.cleaned_data["file"])
        except goals.GoalRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Der Scan der unterschriebenen Vereinbarung ist gespeichert."))
            return _back(request, record, "agreement")
    return _rerender(request, record, role, scan_form=form)


def _closing_file(request: OrgRequest, pk: int, field: str) -> HttpResponseBase:
    """A file of the closing (signed scan or workshop protocol), for the two sides only."""
    record, role = _procedure(request, pk)
    _files_side(role)
    closing = get_object_or_404(Closing, procedure=record)
    stored = getattr(closing, field)
    if not stored:
        raise Http404
    return file_response(stored, getattr(closing, f"{field}_name"))


@org_view(kinds=KINDS)
def scan_download(request: OrgRequest, pk: int) -> HttpResponseBase:
    return _closing_file(request, pk, "scan")


@org_view(kinds=KINDS)
@require_POST
def upload_protocol(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.ORGANISATION, request)
    form = ProtocolForm(request.POST, request.FILES, prefix="protocol")
    if record.workshop_held_on is None:
        form.add_error(None, _("Das Protokoll folgt auf den durchgeführten Abschlussworkshop."))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        closing, _created = Closing.objects.get_or_create(procedure=record)
        old = closing.protocol.name if closing.protocol else ""
        closing.protocol = upload
        closing.protocol_name = upload.checked.original_name
        closing.protocol_uploaded_at, closing.protocol_uploaded_by = timezone.now(), request.user
        closing.save()
        if old:
            closing.protocol.storage.delete(old)
        messages.success(request, _("Das Protokoll des Abschlussworkshops ist gespeichert."))
        return _back(request, record, "protocol")
    return _rerender(request, record, role, protocol_form=form)


@org_view(kinds=KINDS)
def protocol_download(request: OrgRequest, pk: int) -> HttpResponseBase:
    return _closing_file(request, pk, "protocol")


# --- the Testat ----------------------------------------------------------------------------------------------


@org_view(kinds=KINDS)
def testat_pdf(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _files_side(role)
    testat = get_object_or_404(
        Testat.objects.select_related("organisation", "testing_body"), procedure=record
    )
    return pdf_response(certificate.render_certificate(testat), f"testat-{testat.number}.pdf")


@org_view(kinds=KINDS, write=Level.MANAGE)
@require_POST
def withdraw(request: OrgRequest, pk: int) -> HttpResponse:
    record, role = _procedure(request, pk)
    _require(role, access.TESTING_BODY, request, Level.MANAGE)
    testat = get_object_or_404(Testat, procedure=record)
    form = WithdrawForm(request.POST, prefix="withdraw")
    if testat.withdrawn_on:
        form.add_error(None, _("Das Testat ist bereits entzogen."))
    if form.is_valid():
        testat.withdrawn_on = form.cleaned_data["on"]
        testat.withdrawal_reason = form.cleaned_data["reason"]
        testat.withdrawn_by = request.user
        testat.save(update_fields=["withdrawn_on", "withdrawal_reason", "withdrawn_by"])
        messages.success(request, _("Das Testat %(number)s ist entzogen.") % {"number": testat.number})
        return _back(request, record, "testat")
    return _rerender(request, record, role, withdraw_form=form, withdraw_open=True)


# --- the section on the procedure record ------------------------------------------------------------------


SHOWN_FROM = {
    Procedure.Status.DECIDED,
    Procedure.Status.WORKSHOP_HELD,
    Procedure.Status.AGREEMENT_SENT,
    Procedure.Status.CERTIFIED,
}


def record_section(request: HttpRequest, procedure: Procedure, role: str) -> Section | None:
    """The Testat, the final-workshop protocol and the state of the goals on the procedure record (none
    or three queries)."""
    if procedure.status not in SHOWN_FROM:  # a Testat exists only once certified: no query before
        return None
    testat = Testat.objects.filter(procedure=procedure).first()
    if testat is None and procedure.status == Procedure.Status.CERTIFIED and procedure.testat_issued_on:
        testat = issue(procedure)  # certified before this app listened (or its signal failed): issue now
    counts = dict.fromkeys(Goal.Status.values, 0)
    for status in Goal.objects.filter(procedure=procedure).values_list("status", flat=True):
        counts[status] += 1
    org = getattr(request, "org", None)
    return Section(
        "testing_testat/_section.html",
        {
            "testat": testat,
            "testat_status": testat.status() if testat else "",
            "goal_counts": counts,
            "goal_total": sum(counts.values()),
            "closing": Closing.objects.filter(procedure=procedure).only("protocol", "protocol_name").first(),
            "slug": org.slug if org else "",
            "files_visible": role in (access.ORGANISATION, access.TESTING_BODY),
        },
        order=80,
    )
