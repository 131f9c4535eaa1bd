from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gelingen import features
from gelingen.accounts.access import OrgRequest, org_view, require_level
from gelingen.accounts.roles import Level
from gelingen.catalogue.models import Requirement
from gelingen.core.forms import posted
from gelingen.core.pdf import pdf_response, render_pdf
from gelingen.core.redirects import safe_next
from gelingen.core.uploads import file_response
from gelingen.jobs.tables import csv_download
from gelingen.quality.scope import area_choices, requirements

from .export import export_rows
from .forms import EvidenceFilterForm, EvidenceForm
from .models import Evidence
from .register import count_for_cycle, delete_evidence, evidence_for_cycle, save_evidence

KINDS = features.kinds("evidence")
PER_PAGE = 50


def _own(request: HttpRequest, pk: int) -> Evidence:
    return get_object_or_404(Evidence.objects.filter(organisation=request.org), pk=pk)


def _next(request: HttpRequest) -> str:
    """The return address (e.g. the self-assessment row), only inside this organisation."""
    value = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, value, prefix=f"/o/{request.org.slug}/")


@org_view(kinds=KINDS)
def evidence_list(request: HttpRequest) -> HttpResponse:
    """The register: search, filters and pages; links to the evidence of each cycle's requirements."""
    areas = area_choices(request.org)
    filters = EvidenceFilterForm(request.GET or None, areas=areas, requirements=requirements(request.org))
    rows = (
        filters.apply(Evidence.objects.filter(organisation=request.org))
        .order_by("area_number", "sequence")
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.only("id", "code")))
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


@org_view(kinds=KINDS)
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


@org_view(kinds=KINDS)
def evidence_create(request: HttpRequest) -> HttpResponse:
    """New evidence; `?requirement=<pk>&next=<path>` preselects a requirement and returns there."""
    require_level(request, Level.WRITE)
    next_url = _next(request)
    preselected = _preselected(request) if request.method == "GET" else None
    initial = {}
    if preselected:
        initial = {"requirements": [preselected.pk], "area_number": preselected.area.number}
    form = EvidenceForm(posted(request), request.FILES or None, organisation=request.org, initial=initial)
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


@org_view(kinds=KINDS)
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _own(request, pk)
    require_level(request, Level.WRITE)
    next_url = _next(request)
    form = EvidenceForm(posted(request), request.FILES or None, instance=evidence, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        saved = form.save_versioned(
            lambda: save_evidence(
                form.save(commit=False),
                request.user,
                requirements=form.cleaned_data["requirements"],
                upload=upload,
                checked=getattr(upload, "checked", None),
                remove_file=bool(form.cleaned_data.get("remove_file")) and not upload,
            )
        )
        if saved is not None:
            messages.success(request, _("Nachweis %(id)s gespeichert.") % {"id": saved.identifier})
            return redirect(next_url or saved.get_absolute_url())
    return render(
        request,
        "evidence/form.html",
        {"form": form, "evidence": evidence, "next": next_url},
        status=400 if form.errors else 200,
    )


@org_view(read=Level.MANAGE, write=Level.MANAGE, kinds=KINDS)
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting needs Leitung/QM: the Selbstreport may cite the identifier, which stays retired."""
    evidence = _own(request, pk)
    if request.method == "POST":
        identifier = evidence.identifier
        delete_evidence(evidence)
        messages.success(
            request,
            _("Nachweis %(id)s gelöscht. Die Kennung wird nicht erneut vergeben.") % {"id": identifier},
        )
        return redirect("evidence:list", request.org.slug)
    return render(request, "evidence/delete.html", {"evidence": evidence})


@org_view(kinds=KINDS)
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _own(request, pk)
    if not evidence.file:
        raise Http404
    try:
        return file_response(evidence.file, evidence.file_name)
    except FileNotFoundError as exc:
        raise Http404 from exc


@org_view(kinds=KINDS)
def evidence_cycle(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence linked to the requirements of one cycle, sorted by identifier (not the Selbstreport's
    appendix: that lists the evidence cited in its texts)."""
    cycle = get_object_or_404(request.org.cycles.select_related("model"), pk=pk)
    return render(
        request,
        "evidence/cycle.html",
        {"cycle": cycle, "items": evidence_for_cycle(cycle), "cycles": list(request.org.cycles.all())},
    )


@org_view(kinds=KINDS)
def evidence_cycle_csv(request: OrgRequest, pk: int) -> HttpResponseBase:
    cycle = get_object_or_404(request.org.cycles, pk=pk)
    origin = reverse("evidence:list", args=[request.org.slug])
    return csv_download(request, "evidence_cycle", {"cycle": cycle.pk}, count_for_cycle(cycle), origin)


@org_view(kinds=KINDS)
def evidence_cycle_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(request.org.cycles.select_related("model"), pk=pk)
    items = evidence_for_cycle(cycle)
    pdf = render_pdf(
        "evidence/cycle_pdf.html",
        {"org": request.org, "cycle": cycle, "items": items, "rows": list(export_rows(items))},
        request,
    )
    return pdf_response(pdf, f"nachweise-{slugify(request.org.name)}-{cycle.pk}.pdf")
