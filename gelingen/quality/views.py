from urllib.parse import urlsplit

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import org_view
from gelingen.accounts.models import Organisation, User
from gelingen.accounts.roles import Level
from gelingen.core.csv_export import csv_response
from gelingen.core.links import pk_url

from . import extensions, progress
from .assessment import update_assessment
from .assessment_rows import RowContext, render_row, render_rows
from .forms import AssessmentFilterForm, AssessmentForm, CycleForm
from .models import Assessment, Cycle

KINDS = features.kinds("quality")


def _members(org: Organisation) -> list[User]:
    return list(org.members())


def _row_context(request: HttpRequest, cycle: Cycle, members: list[User], page_path: str = "") -> RowContext:
    """What every editable assessment row needs, computed once per page (links too: no reverse()
    per row)."""
    org = request.org
    return RowContext(
        request=request,
        membership=request.membership,
        statuses=[(value, str(label)) for value, label in Assessment.Status.choices],  # translated once
        member_choices=[(m.pk, m.name) for m in members],
        row_url=pk_url("quality:assessment_update", org.slug, cycle.pk),
        history_url=pk_url("quality:assessment_history", org.slug, cycle.pk),
        back_url=page_path or reverse("quality:assessment", args=[org.slug, cycle.pk]),
        context={"org": org, "cycle": cycle, "page_path": page_path},
    )


@org_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    """The organisation's start page: current cycle progress, own open items, overdue items."""
    context: dict = {"panels": extensions.panel_templates(request.org.kind), "self_assessment": False}
    if request.org.kind in KINDS:
        cycles = list(request.org.cycles.select_related("model"))
        cycle = cycles[0] if cycles else None
        context |= {"cycles": cycles, "cycle": cycle, "self_assessment": True}
        if cycle:
            today = timezone.localdate()
            open_rows = (
                cycle.current_assessments()
                .exclude(status=Assessment.Status.DONE)
                .select_related("requirement")
                .order_by("due_date", "requirement__area__number", "requirement__position")
            )
            context |= {
                "progress": progress.for_cycle(cycle),
                "my_rows": list(open_rows.filter(responsible=request.user)[:10]),
                "overdue_rows": list(open_rows.filter(due_date__lt=today).select_related("responsible")[:10]),
            }
    return render(request, "quality/dashboard.html", context)


@org_view(kinds=KINDS)
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = request.org.cycles.select_related("model").prefetch_related("optional_areas")
    return render(request, "quality/cycle_list.html", {"cycles": cycles})


@org_view(kinds=KINDS)
def current_assessment(request: HttpRequest) -> HttpResponse:
    """Shortcut from the navigation: the newest cycle's self-assessment, or the cycle list."""
    cycle = request.org.cycles.first()
    return redirect(cycle or reverse("quality:cycle_list", args=[request.org.slug]))


@org_view(write=Level.MANAGE, kinds=KINDS)
def cycle_create(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            cycle = form.save(commit=False)
            cycle.organisation = request.org
            cycle.created_by = request.user
            cycle.save()
            form.save_m2m()
            cycle.sync_assessments()
        messages.success(request, _("Der Qualitätszyklus wurde angelegt."))
        return redirect(cycle)
    return render(request, "quality/cycle_form.html", {"form": form})


@org_view(write=Level.MANAGE, kinds=KINDS)
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(request.org.cycles, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            cycle.sync_assessments()
        messages.success(request, _("Der Qualitätszyklus wurde gespeichert."))
        return redirect(cycle)
    return render(request, "quality/cycle_form.html", {"form": form, "cycle": cycle})


def _filtered_rows(cycle: Cycle, form: AssessmentFilterForm):
    rows = cycle.current_assessments().select_related("requirement__area", "responsible")
    if form.is_valid():
        data = form.cleaned_data
        if data["area"]:
            rows = rows.filter(requirement__area__number=data["area"])
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["responsible"]:
            rows = rows.filter(responsible_id=data["responsible"])
        if data["overdue"]:
            rows = rows.filter(due_date__lt=timezone.localdate()).exclude(status=Assessment.Status.DONE)
    return rows.order_by("requirement__area__number", "requirement__position")


@org_view(kinds=KINDS)
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment: every requirement of the cycle, grouped by area, editable in place."""
    cycle = get_object_or_404(request.org.cycles.select_related("model"), pk=pk)
    members = _members(request.org)
    areas = list(cycle.areas())
    filters = AssessmentFilterForm(request.GET or None, areas=areas, members=members)
    rows = list(_filtered_rows(cycle, filters))
    extensions.annotate_rows(request.org, rows, model_id=cycle.model_id)  # e.g. the evidence of every row
    groups: dict[int, list[Assessment]] = {}
    for row in rows:
        groups.setdefault(row.requirement.area_id, []).append(row)
    row_context = _row_context(request, cycle, members, request.get_full_path())
    return render(
        request,
        "quality/assessment.html",
        {
            "cycle": cycle,
            "groups": [
                (area, render_rows(groups[area.pk], row_context)) for area in areas if area.pk in groups
            ],
            "filters": filters,
            "progress": progress.for_cycle(cycle),
            "row_count": len(rows),
            "page_path": request.get_full_path(),  # the evidence form returns here
            "panels": extensions.assessment_panel_templates(request.org.kind),
        },
    )


@org_view(kinds=KINDS)
@require_POST
def assessment_update(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    """Save one row. htmx gets the row back (plus the progress, out of band); plain forms a redirect."""
    cycle = get_object_or_404(request.org.cycles, pk=pk)
    item = get_object_or_404(cycle.assessments.select_related("requirement__area", "responsible"), pk=row)
    form = AssessmentForm(request.POST, organisation=request.org, record=item)
    if form.is_valid():
        values = dict(form.cleaned_data)
        changes = form.save_versioned(lambda: update_assessment(item, request.user, **values))
        if changes is None:
            item.refresh_from_db()  # someone saved in between: show the row as it is saved now
    if form.is_valid() and not request.htmx:
        if changes:
            messages.success(request, _("%(code)s gespeichert.") % {"code": item.requirement.code})
        next_url = request.POST.get("next", "")
        if not next_url.startswith(reverse("quality:assessment", args=[request.org.slug, cycle.pk])):
            next_url = reverse("quality:assessment", args=[request.org.slug, cycle.pk])
        return redirect(f"{next_url}#row-{item.pk}")
    # The row is rendered again: it shows its evidence (and other extras) like on the page.
    extensions.annotate_rows(request.org, [item])
    page_path = request.POST.get("next", "")
    if urlsplit(page_path).path != reverse("quality:assessment", args=[request.org.slug, cycle.pk]):
        page_path = ""  # e.g. the row URL after an htmx swap: the row then links back to the plain page
    row_context = _row_context(request, cycle, _members(request.org), page_path)
    if not form.is_valid() and not request.htmx:
        context = {"cycle": cycle, "row": item, "row_html": _row_html(item, row_context, form.errors)}
        return render(request, "quality/assessment_row_error.html", context, status=400)
    return render(
        request,
        "quality/_assessment_row_response.html",
        {
            "cycle": cycle,
            "row_html": _row_html(item, row_context, form.errors, saved=form.is_valid()),
            "progress": progress.for_cycle(cycle),
        },
    )


def _row_html(row: Assessment, row_context: RowContext, errors, saved: bool = False) -> SafeString:
    return mark_safe(render_row(row, row_context, errors or None, saved))  # noqa: S308 - escaped there


@org_view(kinds=KINDS)
def assessment_history(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    cycle = get_object_or_404(request.org.cycles, pk=pk)
    item = get_object_or_404(cycle.assessments.select_related("requirement__area"), pk=row)
    changes = item.changes.select_related("changed_by")
    return render(
        request, "quality/assessment_history.html", {"cycle": cycle, "row": item, "changes": changes}
    )


@org_view(kinds=KINDS)
def assessment_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment as CSV for LibreOffice/Excel: UTF-8 with BOM, semicolons, German headers."""
    cycle = get_object_or_404(request.org.cycles, pk=pk)
    rows = cycle.current_assessments().select_related("requirement__area", "responsible", "updated_by")
    rows = rows.order_by("requirement__area__number", "requirement__position")
    header = [
        _("Bereich"),
        _("Code"),
        _("Anforderung"),
        _("Status"),
        _("Notiz"),
        _("verantwortlich"),
        _("fällig am"),
        _("zuletzt geändert"),
        _("geändert von"),
    ]
    return csv_response(
        f"selbstbewertung-{slugify(request.org.name)}-{cycle.pk}.csv",
        header,
        (
            [
                f"{row.requirement.area.code} {row.requirement.area.display_name}",
                row.requirement.code,
                row.requirement.display_text,
                row.get_status_display(),
                row.note,
                row.responsible.name if row.responsible else "",
                formats.date_format(row.due_date, "SHORT_DATE_FORMAT") if row.due_date else "",
                formats.date_format(timezone.localtime(row.updated_at), "SHORT_DATETIME_FORMAT"),
                row.updated_by.name if row.updated_by else "",
            ]
            for row in rows
        ),
    )
