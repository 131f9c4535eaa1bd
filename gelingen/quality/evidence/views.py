from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gelingen.accounts.access import org_view, require_level
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import Level
from gelingen.catalogue.models import Requirement
from gelingen.core.csv_export import csv_response
from gelingen.core.pdf import pdf_response, render_pdf
from gelingen.core.uploads import file_response
from gelingen.quality.scope import area_choices, requirements

from .forms import EvidenceFilterForm, EvidenceForm
from .models import Evidence
from .register import delete_evidence, evidence_for_cycle, save_evidence

SERVICE = [Organisation.Kind.SERVICE]
PER_PAGE = 50


def _own(request: HttpRequest, pk: int) -> Evidence:
    return get_object_or_404(Evidence.objects.filter(organisation=request.org), pk=pk)


def safe_next(request: HttpRequest, value: str | None) -> str:
    """A return address inside this organisation (e.g. the self-assessment row), else ""."""
    value = value or ""
    if (
        value.startswith(f"/o/{request.org.slug}/")
        and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()})
        and "\\" not in value
    ):
        return value
    return ""


@org_view(kinds=SERVICE)
def evidence_list(request: HttpRequest) -> HttpResponse:
    """The register: search, filters and pages; links to the per-cycle lists."""
    areas = area_choices(request.org)
    filters = EvidenceFilterForm(request.GET or None, areas=areas, requirements=requirements(request.org))
    rows = (
        filters.apply(Evidence.objects.filter(organisation=request.org))
        .order_by("area_number", "sequence")
        .prefetch_related("requirements")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/list.html",
        {
            "page": page,
            "filters": filters,
            "cycles": list(request.org.cycles.all()),
        },
    )


@org_view(kinds=SERVICE)
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _own(request, pk)
    requirements = evidence.requirements.select_related("area", "model").order_by(
        "model__code", "model__version", "area__number", "position"
    )
    return render(request, "evidence/detail.html", {"evidence": evidence, "requirements": requirements})


def _preselected(request: HttpRequest) -> Requirement | None:
    """The requirement named in ?requirement=<pk>, if the organisation can link to it."""
    try:
        pk = int(request.GET.get("requirement", ""))
    except ValueError:
        return None
    requirement = requirements(request.org).filter(pk=pk).first()
    if requirement:
        requirement.examples = list(requirement.evidence_examples.all())
    return requirement


@org_view(kinds=SERVICE)
def evidence_create(request: HttpRequest) -> HttpResponse:
    """New evidence; `?requirement=<pk>&next=<path>` preselects a requirement and returns there."""
    require_level(request, Level.WRITE)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    preselected = _preselected(request) if request.method == "GET" else None
    initial = {}
    if preselected:
        initial = {"requirements": [preselected.pk], "area_number": preselected.area.number}
    form = EvidenceForm(
        request.POST or None, request.FILES or None, organisation=request.org, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        evidence = form.save(commit=False)
        evidence.organisation = request.org
        upload = form.cleaned_data.get("upload")
        save_evidence(
            evidence,
            request.user,
            requirements=form.cleaned_data["requirements"],
            upload=upload,
            checked=getattr(upload, "checked", None),
        )
        messages.success(
            request,
            _("Nachweis %(id)s „%(title)s“ angelegt.") % {"id": evidence.identifier, "title": evidence.title},
        )
        return redirect(next_url or evidence.get_absolute_url())
    return render(
        request,
        "evidence/form.html",
        {"form": form, "next": next_url, "preselected": preselected},
        status=400 if form.errors else 200,
    )


@org_view(kinds=SERVICE)
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _own(request, pk)
    require_level(request, Level.WRITE)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = EvidenceForm(
        request.POST or None, request.FILES or None, instance=evidence, organisation=request.org
    )
    if request.method == "POST" and form.is_valid():
        evidence = form.save(commit=False)
        upload = form.cleaned_data.get("upload")
        save_evidence(
            evidence,
            request.user,
            requirements=form.cleaned_data["requirements"],
            upload=upload,
            checked=getattr(upload, "checked", None),
            remove_file=bool(form.cleaned_data.get("remove_file")) and not upload,
        )
        messages.success(request, _("Nachweis %(id)s gespeichert.") % {"id": evidence.identifier})
        return redirect(next_url or evidence.get_absolute_url())
    return render(
        request,
        "evidence/form.html",
        {"form": form, "evidence": evidence, "next": next_url},
        status=400 if form.errors else 200,
    )


@org_view(write=Level.MANAGE, kinds=SERVICE)
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting needs Leitung/QM: the Selbstreport may cite the identifier, which stays retired."""
    evidence = _own(request, pk)
    require_level(request, Level.MANAGE)
    if request.method == "POST":
        identifier = evidence.identifier
        delete_evidence(evidence)
        messages.success(
            request,
            _("Nachweis %(id)s gelöscht. Die Kennung wird nicht erneut vergeben.") % {"id": identifier},
        )
        return redirect("evidence:list", request.org.slug)
    return render(request, "evidence/delete.html", {"evidence": evidence})


@org_view(kinds=SERVICE)
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _own(request, pk)
    if not evidence.file:
        raise Http404
    try:
        return file_response(evidence.file, evidence.file_name)
    except FileNotFoundError as exc:
        raise Http404 from exc


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _period(evidence: Evidence) -> str:
    start, end = evidence.period_start, evidence.period_end
    if not start and not end:
        return ""
    return f"{_date(start) or '…'} – {_date(end) or '…'}"


@org_view(kinds=SERVICE)
def evidence_cycle(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence list of one cycle, sorted by identifier: the appendix of the Selbstreport."""
    cycle = get_object_or_404(request.org.cycles.select_related("model"), pk=pk)
    return render(
        request,
        "evidence/cycle.html",
        {"cycle": cycle, "items": evidence_for_cycle(cycle), "cycles": list(request.org.cycles.all())},
    )


def _export_rows(items: list[Evidence]):
    for e in items:
        yield [
            e.identifier,
            e.title,
            e.get_kind_display(),
            _("Datei: %(name)s") % {"name": e.file_name} if e.file else e.location,
            _period(e),
            e.version,
            _date(e.revision_date),
            ", ".join(r.code for r in e.requirements.all()),
        ]


EXPORT_HEADER = [
    gettext_lazy("Kennung"),
    gettext_lazy("Titel"),
    gettext_lazy("Art"),
    gettext_lazy("Ablageort / Datei"),
    gettext_lazy("Zeitraum"),
    gettext_lazy("Version"),
    gettext_lazy("Stand vom"),
    gettext_lazy("Anforderungen"),
]


@org_view(kinds=SERVICE)
def evidence_cycle_csv(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(request.org.cycles, pk=pk)
    header = [str(h) for h in EXPORT_HEADER]
    return csv_response(
        f"nachweise-{slugify(request.org.name)}-{cycle.pk}.csv",
        header,
        _export_rows(evidence_for_cycle(cycle)),
    )


@org_view(kinds=SERVICE)
def evidence_cycle_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(request.org.cycles.select_related("model"), pk=pk)
    items = evidence_for_cycle(cycle)
    pdf = render_pdf(
        "evidence/cycle_pdf.html",
        {"org": request.org, "cycle": cycle, "items": items, "rows": list(_export_rows(items))},
        request,
    )
    return pdf_response(pdf, f"nachweise-{slugify(request.org.name)}-{cycle.pk}.pdf")
