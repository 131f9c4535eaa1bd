"""Feedback pages: list with filters, entry form, evaluation, CSV export, and the public form."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gelingen import features
from gelingen.accounts.access import OrgRequest, org_view
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import Level
from gelingen.core.client_address import client_address
from gelingen.core.forms import posted
from gelingen.jobs.tables import csv_download
from gelingen.quality.scope import area_choices

from . import spam, stats
from .export import filtered
from .forms import FeedbackForm, FilterForm, PublicFeedbackForm
from .models import Feedback
from .rules import is_overdue_complaint, overdue_complaints, settle_done_date

KINDS = features.kinds("feedback")
PER_PAGE = 50


def _filtered(request: HttpRequest, filters: FilterForm) -> QuerySet[Feedback]:
    return filtered(request.org, filters)


def public_url(request: HttpRequest, organisation: Organisation) -> str:
    return request.build_absolute_uri(reverse("feedback_public:form", args=[organisation.slug]))


@org_view(kinds=KINDS)
def entry_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = FilterForm(request.GET or None)
    entries = _filtered(request, filters).select_related("handler")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(entry, is_overdue_complaint(entry, today)) for entry in page.object_list]
    return render(
        request,
        "feedback/list.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "overdue_count": overdue_complaints(
                Feedback.objects.filter(organisation=request.org), today
            ).count(),
            "public_url": public_url(request, request.org),
        },
    )


OVERDUE_SHOWN = 50  # the oldest open complaints on the evaluation page


@org_view(kinds=KINDS)
def evaluation(request: HttpRequest) -> HttpResponse:
    """Counts of the last 12 months by kind, channel, source and month; overdue complaints."""
    today = timezone.localdate()
    since = stats.last_months(today)[0]
    all_entries = Feedback.objects.filter(organisation=request.org)
    window = all_entries.filter(received_on__gte=since, received_on__lte=today)
    overdue_rows = (
        overdue_complaints(all_entries, today).select_related("handler").order_by("received_on", "pk")
    )
    overdue = list(overdue_rows[:OVERDUE_SHOWN])
    overdue_count = len(overdue) if len(overdue) < OVERDUE_SHOWN else overdue_rows.count()
    return render(
        request,
        "feedback/evaluation.html",
        {
            "since": since,
            "today": today,
            "months": stats.monthly_counts(all_entries, today),
            "by_kind": stats.counts_by(window, "kind"),
            "by_channel": stats.counts_by(window, "channel"),
            "by_source": stats.counts_by(window, "source"),
            "total": window.count(),
            "complaints": stats.complaint_summary(window),
            "overdue": [(entry, (today - entry.received_on).days) for entry in overdue],
            "overdue_more": overdue_count - len(overdue),  # the rest: the list filtered by ?overdue=on
        },
    )


@org_view(kinds=KINDS)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Feedback.objects.filter(organisation=request.org).select_related("handler", "created_by"), pk=pk
    )
    areas = {choice.number: choice.label for choice in area_choices(request.org)}
    today = timezone.localdate()
    return render(
        request,
        "feedback/detail.html",
        {
            "entry": entry,
            "area_label": areas.get(entry.area, f"QB{entry.area}") if entry.area else "",
            "overdue": is_overdue_complaint(entry, today),
            "age": (today - entry.received_on).days,
        },
    )


def _save(request: HttpRequest, form: FeedbackForm) -> Feedback | None:
    """Save the entry unless someone saved it since the form was loaded (then None, the form has the
    conflict message and the person's input)."""

    def write() -> Feedback:
        entry = form.save(commit=False)
        entry.organisation = request.org
        if entry.pk is None:
            entry.created_by = request.user
        settle_done_date(entry, timezone.localdate())
        entry.save()
        return entry

    return form.save_versioned(write)


@org_view(kinds=KINDS)
def entry_create(request: HttpRequest) -> HttpResponse:
    initial = {"received_on": timezone.localdate(), "status": Feedback.Status.NEW}
    form = FeedbackForm(posted(request), initial=initial, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        entry = _save(request, form)
        assert entry is not None  # a new entry has no earlier version to conflict with
        messages.success(request, _("Die Rückmeldung wurde erfasst."))
        return redirect(entry)
    return render(request, "feedback/form.html", {"form": form})


@org_view(kinds=KINDS)
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Feedback.objects.filter(organisation=request.org), pk=pk)
    form = FeedbackForm(posted(request), instance=entry, organisation=request.org)
    if request.method == "POST" and form.is_valid() and _save(request, form) is not None:
        messages.success(request, _("Die Rückmeldung wurde gespeichert."))
        return redirect(entry)
    return render(request, "feedback/form.html", {"form": form, "entry": entry})


@org_view(write=Level.MANAGE, kinds=KINDS)
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """For spam and for erasure requests; everyday entries are closed, not deleted."""
    entry = get_object_or_404(Feedback.objects.filter(organisation=request.org), pk=pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("Die Rückmeldung wurde gelöscht."))
        return redirect("feedback:list", request.org.slug)
    return render(request, "feedback/delete.html", {"entry": entry})


@org_view(kinds=KINDS)
def export_csv(request: OrgRequest) -> HttpResponseBase:
    """The filtered list as CSV; a long list is written by a background job."""
    rows = filtered(request.org, FilterForm(request.GET or None)).count()
    origin = reverse("feedback:list", args=[request.org.slug])
    return csv_download(request, "feedback", {"query": request.GET.dict()}, rows, origin)


# Public form (no login) -------------------------------------------------------------------------

TOKEN_MESSAGES = {
    "too_fast": gettext_lazy(
        "Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular noch einmal ab."
    ),
    "expired": gettext_lazy("Das Formular war zu lange geöffnet. Bitte senden Sie es noch einmal ab."),
    "invalid": gettext_lazy("Das Formular konnte nicht geprüft werden. Bitte senden Sie es noch einmal ab."),
    "used": gettext_lazy(
        "Dieses Formular wurde bereits abgeschickt. Bitte senden Sie Ihre Rückmeldung mit diesem neuen "
        "Formular noch einmal ab, wenn sie noch nicht angekommen ist."
    ),
}


def _public_org(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug, kind__in=KINDS)


def _limited(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(request, "feedback/public_limited.html", {"organisation": organisation}, status=429)


@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, slug: str) -> HttpResponse:
    """Anonymous feedback for one organisation: honeypot, signed fill-time stamp, rate limit."""
    organisation = _public_org(slug)
    address = client_address(request) or "unknown"
    status = 200
    form = PublicFeedbackForm(posted(request))
    if request.method == "POST":
        if spam.is_limited(organisation.pk, address):
            # Early, read-only refusal; the binding count is `take_slot` below.
            return _limited(request, organisation)
        if form.is_valid():
            data = form.cleaned_data
            if data[PublicFeedbackForm.HONEYPOT]:
                # A bot filled the hidden field: pretend success, store nothing (but count it).
                spam.take_slot(organisation.pk, address)
                return redirect("feedback_public:thanks", organisation.slug)
            problem = spam.token_problem(request.POST.get("token", ""), organisation.pk)
            if problem is None:
                if not spam.take_slot(organisation.pk, address):
                    return _limited(request, organisation)
                with transaction.atomic():
                    if not spam.spend_token(request.POST["token"]):
                        form.add_error(None, str(TOKEN_MESSAGES["used"]))
                        return _form_page(request, organisation, form, status=400)
                    _create_public_entry(organisation, data)
                return redirect("feedback_public:thanks", organisation.slug)
            form.add_error(None, str(TOKEN_MESSAGES[problem]))
        status = 400
    return _form_page(request, organisation, form, status)


def _form_page(
    request: HttpRequest, organisation: Organisation, form: PublicFeedbackForm, status: int
) -> HttpResponse:
    return render(
        request,
        "feedback/public_form.html",
        {"organisation": organisation, "form": form, "token": spam.issue_token(organisation.pk)},
        status=status,
    )


def _create_public_entry(organisation: Organisation, data: dict) -> Feedback:
    return Feedback.objects.create(
        organisation=organisation,
        kind=data["kind"],
        source=data["source"] or Feedback.Source.UNKNOWN,
        channel=Feedback.Channel.ONLINE,
        received_on=timezone.localdate(),
        text=data["text"],
        status=Feedback.Status.NEW,
        contact_name=data["contact_name"],
        contact=data["contact"],
    )


def public_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _public_org(slug)
    return render(request, "feedback/public_thanks.html", {"organisation": organisation})
