"""Key figures, their values, the CSV import, qualitative success indicators and the period report."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gelingen import features
from gelingen.accounts.access import org_view
from gelingen.accounts.roles import Level
from gelingen.core.csv_export import csv_response
from gelingen.core.forms import posted
from gelingen.quality.leitbild import justification
from gelingen.quality.leitbild.current import current_sections

from . import csv_import, report
from .deadlines import next_due
from .forms import (
    AssessmentForm,
    FigureValueForm,
    ImportForm,
    IndicatorForm,
    KeyFigureForm,
    ReportPeriodForm,
)
from .models import FigureValue, IndicatorAssessment, KeyFigure, QualitativeIndicator
from .periods import Period, detect_period, last_completed, period_containing
from .values import quantize

KINDS = features.kinds("figures")
PAGE_SIZE = 50
CHART_PERIODS = 18  # at most this many periods in the chart (axis labels stay legible); the table lists all


def _figures(request: HttpRequest):
    # select_related: get_absolute_url needs the organisation's slug
    return KeyFigure.objects.filter(organisation=request.org).select_related("organisation")


def _indicators(request: HttpRequest):
    return QualitativeIndicator.objects.filter(organisation=request.org).select_related("organisation")


# --- key figures -------------------------------------------------------------------------------


@org_view(kinds=KINDS)
def figure_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("alle") == "1"
    figures = _figures(request).select_related("owner").order_by("-active", "name")
    if not show_all:
        figures = figures.filter(active=True)
    page = Paginator(figures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "figures/figure_list.html",
        {
            "page": page,
            "rows": report.latest_rows(list(page)),
            "show_all": show_all,
            "inactive_count": _figures(request).filter(active=False).count(),
            "today": timezone.localdate(),
        },
    )


@org_view(write=Level.MANAGE, kinds=KINDS)
def figure_create(request: HttpRequest) -> HttpResponse:
    form = KeyFigureForm(
        posted(request),
        organisation=request.org,
        initial={"owner": request.user.pk, "rhythm": "quarterly"},
    )
    if request.method == "POST" and form.is_valid():
        figure = form.save(commit=False)
        figure.organisation = request.org
        with transaction.atomic():
            figure.save()
            form.save_m2m()
        messages.success(request, _("Die Kennzahl „%(name)s“ wurde angelegt.") % {"name": figure.name})
        return redirect(figure)
    return render(request, "figures/figure_form.html", {"form": form})


@org_view(write=Level.MANAGE, kinds=KINDS)
def figure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(_figures(request), pk=pk)
    form = KeyFigureForm(posted(request), instance=figure, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Die Kennzahl wurde gespeichert."))
        return redirect(figure)
    return render(request, "figures/figure_form.html", {"form": form, "figure": figure})


@org_view(write=Level.MANAGE, kinds=KINDS)
def figure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(_figures(request), pk=pk)
    if request.method == "POST":
        name = figure.name
        figure.delete()
        messages.success(
            request, _("Die Kennzahl „%(name)s“ und ihre Werte wurden gelöscht.") % {"name": name}
        )
        return redirect("figures:list", request.org.slug)
    return render(
        request,
        "figures/figure_confirm_delete.html",
        {"figure": figure, "value_count": figure.values.count()},
    )


def _chart_points(figure: KeyFigure, latest, today) -> list[tuple[str, float | None]]:
    """Consecutive periods up to the latest value or the last completed period, gaps as None."""
    if latest is None:
        return []
    end = max(period_containing(figure.rhythm, latest), last_completed(figure.rhythm, today))
    window_start = end.shift(-(CHART_PERIODS - 1))
    rows = dict(
        figure.values.filter(period_start__gte=window_start.start).values_list("period_start", "value")
    )
    if not rows:
        return []
    first = period_containing(figure.rhythm, min(rows))
    points = []
    current: Period = first
    while current <= end:
        value = rows.get(current.start)
        points.append((current.short_label, None if value is None else round(float(value), figure.decimals)))
        current = current.next
    return points


@org_view(kinds=KINDS)
def figure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(
        _figures(request).select_related("owner").prefetch_related("areas", "requirements"), pk=pk
    )
    values = figure.values.select_related("entered_by", "updated_by").order_by("-period_start")
    page = Paginator(values, PAGE_SIZE).get_page(request.GET.get("page"))
    leitbild = [section.text for section in current_sections(request.org)]
    verdict = justification.classify(figure.justification, leitbild)
    hint = None if verdict.accepted else verdict.message
    today = timezone.localdate()
    latest = values.values_list("period_start", flat=True).first()
    next_period, next_due_date = next_due(figure.rhythm, latest, timezone.localdate(figure.created_at))
    return render(
        request,
        "figures/figure_detail.html",
        {
            "figure": figure,
            "page": page,
            "points": _chart_points(figure, latest, today),
            "chart_target": (
                float(figure.target)
                if figure.target is not None and figure.direction != KeyFigure.Direction.BAND
                else None
            ),
            "justification_hint": hint,
            "next_period": next_period,
            "next_due": next_due_date,
        },
    )


# --- values ------------------------------------------------------------------------------------


@org_view(kinds=KINDS)
def value_add(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(_figures(request), pk=pk)
    initial = {}
    wanted = request.GET.get("period", "")
    if wanted:
        initial["period"] = wanted
    form = FigureValueForm(posted(request), figure=figure, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = form.save(request.user)
        messages.success(
            request,
            _("Wert für %(period)s gespeichert: %(value)s")
            % {"period": item.period_label, "value": figure.format(item.value)},
        )
        return redirect(figure)
    return render(request, "figures/value_form.html", {"figure": figure, "form": form})


def _value(request: HttpRequest, pk: int, value: int) -> tuple[KeyFigure, FigureValue]:
    figure = get_object_or_404(_figures(request), pk=pk)
    return figure, get_object_or_404(figure.values.all(), pk=value)


@org_view(kinds=KINDS)
def value_edit(request: HttpRequest, pk: int, value: int) -> HttpResponse:
    figure, item = _value(request, pk, value)
    form = FigureValueForm(posted(request), figure=figure, instance=item)
    if request.method == "POST" and form.is_valid():
        item = form.save(request.user)
        messages.success(request, _("Wert für %(period)s gespeichert.") % {"period": item.period_label})
        return redirect(figure)
    return render(request, "figures/value_form.html", {"figure": figure, "form": form, "item": item})


@org_view(kinds=KINDS)
def value_delete(request: HttpRequest, pk: int, value: int) -> HttpResponse:
    figure, item = _value(request, pk, value)
    if request.method == "POST":
        item.delete()
        messages.success(
            request, _("Der Wert für %(period)s wurde gelöscht.") % {"period": item.period_label}
        )
        return redirect(figure)
    return render(request, "figures/value_confirm_delete.html", {"figure": figure, "item": item})


# --- CSV import --------------------------------------------------------------------------------


@org_view(kinds=KINDS)
def value_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        result = csv_import.import_values(data, request.org, request.user, form.cleaned_data["overwrite"])
        if result.ok:
            messages.success(
                request,
                _("%(created)s Werte neu erfasst, %(updated)s Werte überschrieben.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("figures:list", request.org.slug)
    figures = _figures(request).filter(active=True).order_by("name")
    return render(
        request,
        "figures/import.html",
        {"form": form, "result": result, "figures": figures},
        status=400 if result is not None else 200,
    )


@org_view(kinds=KINDS)
def import_template(request: HttpRequest) -> HttpResponse:
    """A template with one row per active figure for its last completed period, values left empty."""
    today = timezone.localdate()
    figures = _figures(request).filter(active=True).order_by("name")
    return csv_response(
        f"kennzahlen-vorlage-{slugify(request.org.name)}.csv",
        csv_import.TEMPLATE_HEADER,
        ([f.code, last_completed(f.rhythm, today).key, "", "", "", ""] for f in figures),
    )


# --- qualitative success indicators ------------------------------------------------------------


@org_view(kinds=KINDS)
def indicator_list(request: HttpRequest) -> HttpResponse:
    indicators = _indicators(request).select_related("owner").order_by("-active", "title")
    page = Paginator(indicators, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page)
    latest: dict[int, IndicatorAssessment] = {}
    for item in IndicatorAssessment.objects.filter(indicator__in=items).order_by(
        "indicator", "-period_start"
    ):
        latest.setdefault(item.indicator_id, item)
    by_pk = {i.pk: i for i in items}
    for item in latest.values():
        item.indicator = by_pk[item.indicator_id]
    rows = [(indicator, latest.get(indicator.pk)) for indicator in items]
    return render(request, "figures/indicator_list.html", {"page": page, "rows": rows})


@org_view(write=Level.MANAGE, kinds=KINDS)
def indicator_create(request: HttpRequest) -> HttpResponse:
    form = IndicatorForm(posted(request), organisation=request.org, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        indicator.organisation = request.org
        with transaction.atomic():
            indicator.save()
            form.save_m2m()
        messages.success(request, _("Der Erfolgsindikator wurde angelegt."))
        return redirect(indicator)
    return render(request, "figures/indicator_form.html", {"form": form})


@org_view(write=Level.MANAGE, kinds=KINDS)
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(_indicators(request), pk=pk)
    form = IndicatorForm(posted(request), instance=indicator, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Erfolgsindikator wurde gespeichert."))
        return redirect(indicator)
    return render(request, "figures/indicator_form.html", {"form": form, "indicator": indicator})


@org_view(kinds=KINDS)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        _indicators(request).select_related("owner").prefetch_related("areas"), pk=pk
    )
    assessments = indicator.assessments.select_related("assessed_by").order_by("-period_start")
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "figures/indicator_detail.html", {"indicator": indicator, "page": page})


@org_view(kinds=KINDS)
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(_indicators(request), pk=pk)
    initial = {"period": request.GET["period"]} if request.GET.get("period") else {}
    form = AssessmentForm(posted(request), indicator=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = form.save(request.user)
        messages.success(request, _("Bewertung für %(period)s gespeichert.") % {"period": item.period_label})
        return redirect(indicator)
    return render(request, "figures/assessment_form.html", {"indicator": indicator, "form": form})


def _assessment(request: HttpRequest, pk: int, assessment: int):
    indicator = get_object_or_404(_indicators(request), pk=pk)
    return indicator, get_object_or_404(indicator.assessments.all(), pk=assessment)


@org_view(kinds=KINDS)
def assessment_edit(request: HttpRequest, pk: int, assessment: int) -> HttpResponse:
    indicator, item = _assessment(request, pk, assessment)
    form = AssessmentForm(posted(request), indicator=indicator, instance=item)
    if request.method == "POST" and form.is_valid():
        item = form.save(request.user)
        messages.success(request, _("Bewertung für %(period)s gespeichert.") % {"period": item.period_label})
        return redirect(indicator)
    return render(
        request, "figures/assessment_form.html", {"indicator": indicator, "form": form, "item": item}
    )


@org_view(kinds=KINDS)
def assessment_delete(request: HttpRequest, pk: int, assessment: int) -> HttpResponse:
    indicator, item = _assessment(request, pk, assessment)
    if request.method == "POST":
        item.delete()
        messages.success(
            request, _("Die Bewertung für %(period)s wurde gelöscht.") % {"period": item.period_label}
        )
        return redirect(indicator)
    return render(request, "figures/assessment_confirm_delete.html", {"indicator": indicator, "item": item})


# --- report ------------------------------------------------------------------------------------


def _report_period(request: HttpRequest) -> tuple[Period, ReportPeriodForm, bool]:
    today = timezone.localdate()
    choices = report.report_period_choices(today)
    wanted = request.GET.get("period", "")
    period = detect_period(wanted) if wanted else None
    invalid = bool(wanted) and period is None
    period = period or report.default_report_period(today)
    known = {key for _group, options in choices for key, _label in options}
    if period.key not in known:
        choices.append((_("gewählt"), [(period.key, period.label)]))
    form = ReportPeriodForm(initial={"period": period.key}, choices=choices)
    return period, form, invalid


@org_view(kinds=KINDS)
def report_view(request: HttpRequest) -> HttpResponse:
    period, form, invalid = _report_period(request)
    return render(
        request,
        "figures/report.html",
        {
            "period": period,
            "form": form,
            "invalid_period": invalid,
            "report": report.build_report(request.org, period),
        },
    )


def _number(value) -> str:
    """Full stored precision without trailing zeros, decimal comma: what a German spreadsheet reads."""
    if value is None:
        return ""
    text = format(quantize(value).normalize(), "f")
    return text.replace(".", ",")


@org_view(kinds=KINDS)
def report_csv(request: HttpRequest) -> HttpResponse:
    period, _form, _invalid = _report_period(request)
    data = report.build_report(request.org, period)
    header = [
        _("Art"),
        _("Kürzel"),
        _("Name"),
        _("Zeitraum"),
        _("Wert / Einschätzung"),
        _("Einheit"),
        _("Vorzeitraum"),
        _("Vorwert / Einschätzung"),
        _("Veränderung"),
        _("Ziel"),
        _("Zielstatus"),
        _("Notiz / Bewertung"),
    ]
    rows = [
        [
            _("Kennzahl"),
            row.figure.code,
            row.figure.name,
            row.period.key,
            _number(row.current_value),
            row.figure.unit,
            row.previous_period.key,
            _number(row.previous_value),
            _number(row.change),
            row.figure.target_display,
            row.status.label,
            row.value.note if row.value else "",
        ]
        for row in data.figures
    ]
    rows += [
        [
            _("Qualitativer Erfolgsindikator"),
            "",
            row.indicator.title,
            row.period.key,
            row.assessment.get_rating_display() if row.assessment else "",
            "",
            row.previous_period.key,
            row.previous.get_rating_display() if row.previous else "",
            "",
            "",
            "",
            row.assessment.assessment if row.assessment else "",
        ]
        for row in data.indicators
    ]
    stamp = formats.date_format(timezone.localdate(), "Y-m-d")
    return csv_response(
        f"kennzahlenbericht-{slugify(request.org.name)}-{period.key}-{stamp}.csv", header, rows
    )
