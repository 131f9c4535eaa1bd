from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import org_view, require_level
from gelingen.accounts.roles import Level
from gelingen.core.forms import posted
from gelingen.core.uploads import FILE_TYPES, delete_stored, file_response

from . import background, lint, sources
from .document import build
from .forms import ChapterForm, GoalReportForm, OrgChartForm, ReportImageForm, SubmitForm
from .models import Chapter, GoalReport, SelfReport
from .render import to_html
from .setup import create_report, requirement_coverage, sync_chapters, sync_goal_reports
from .sharing import frozen_file, share_context
from .structure import ANSWERS, PAGE_LIMITS, PART_TITLES, PROCESS_QUESTIONS
from .submission import AlreadySubmitted, SubmissionBlocked, can_override, diff, latest_number, submit, verify

KINDS = features.kinds("selfreport")


def _report(request: HttpRequest, cycle_pk: int) -> SelfReport:
    report = (
        SelfReport.objects.select_related("cycle__organisation", "cycle__model")
        .filter(cycle__organisation=request.org, cycle_id=cycle_pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def _chapter(report: SelfReport, key: str) -> Chapter:
    return get_object_or_404(report.chapters.select_related("area", "owner"), key=key)


@org_view(kinds=KINDS)
def current(request: HttpRequest) -> HttpResponse:
    """Navigation shortcut: the newest cycle's Selbstreport (or its start page)."""
    cycle = request.org.cycles.first()
    if cycle is None:
        return redirect("quality:cycle_list", request.org.slug)
    return redirect("selfreport:overview", request.org.slug, cycle.pk)


@org_view(kinds=KINDS)
def overview(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = get_object_or_404(request.org.cycles.select_related("model"), pk=cycle_pk)
    report = SelfReport.objects.filter(cycle=cycle).first()
    if request.method == "POST":
        require_level(request, Level.MANAGE)
        report = create_report(cycle, request.user)
        messages.success(request, _("Der Selbstreport wurde angelegt."))
        return redirect(report)
    if report is None:
        return render(request, "selfreport/start.html", {"cycle": cycle})
    chapters = list(
        report.chapters.select_related("owner", "area")
        .prefetch_related("requirements")
        .order_by("part", "position")
    )
    parts = [(PART_TITLES[n], [c for c in chapters if c.part == n]) for n in (1, 2, 3)]
    return render(
        request,
        "selfreport/overview.html",
        {
            "cycle": cycle,
            "report": report,
            "parts": parts,
            "submissions": report.submissions.select_related("submitted_by")[:10],
            "finished": sum(c.status == Chapter.Status.FINAL for c in chapters),
            "total": len(chapters),
        },
    )


@org_view(kinds=KINDS)
def chapter(request: HttpRequest, cycle_pk: int, key: str) -> HttpResponse:
    """The chapter editor: Markdown textareas with guiding questions; saving works without JavaScript."""
    report = _report(request, cycle_pk)
    item = _chapter(report, key)
    agreed = item.key == "qb12a" and sync_goal_reports(item)
    form = ChapterForm(posted(request), instance=item, organisation=request.org)
    if request.method == "POST" and form.is_valid() and _save_chapter(form, request):
        messages.success(request, _("„%(title)s“ wurde gespeichert.") % {"title": item.title})
        return redirect(item.get_absolute_url())
    chapters = list(
        report.chapters.only("key", "title", "part", "status", "report_id").order_by("part", "position")
    )
    for c in chapters:
        c.report = report  # links need the report; avoid a query per chapter
    return render(
        request,
        "selfreport/chapter.html",
        {
            "report": report,
            "cycle": report.cycle,
            "chapter": item,
            "form": form,
            "answers": ANSWERS,
            "questions": PROCESS_QUESTIONS if item.key == "process" else [],
            "chapters": chapters,
            "evidence_ids": sources.evidence_choices(request.org),
            "images": report.images.all(),
            "goal_form": GoalReportForm() if item.key == "qb12a" and not agreed else None,
            "goals_agreed": agreed,
            "goal_reports": item.goal_reports.all() if item.key == "qb12a" else [],
            "leitbild": sources.leitbild(request.org) if item.area and item.area.number == 1 else None,
            "processes": sources.key_processes_in_full(request.org)
            if item.area and item.area.number == 3
            else None,
        },
    )


def _save_chapter(form: ChapterForm, request: HttpRequest) -> Chapter | None:
    """Save unless someone saved in between (the atomic claim of core.versioning); None and a form error then."""

    def write() -> Chapter:
        item = form.save(commit=False)
        item.updated_by = request.user
        item.save()
        form.save_m2m()
        return item

    return form.save_versioned(write)


@org_view(kinds=KINDS)
@require_POST
def autosave(request: HttpRequest, cycle_pk: int, key: str) -> HttpResponse:
    """htmx draft autosave; answers with a short status line (and the new revision for the next save)."""
    report = _report(request, cycle_pk)
    item = _chapter(report, key)
    form = ChapterForm(request.POST, instance=item, organisation=request.org)
    saved = _save_chapter(form, request) if form.is_valid() else None
    # Always 200: htmx only swaps successful responses, and the author must see a refused save.
    if saved is None:
        return render(request, "selfreport/_autosave.html", {"form": form, "chapter": item})
    return render(request, "selfreport/_autosave.html", {"chapter": saved, "saved_at": timezone.localtime()})


@org_view(kinds=KINDS)
def preview(request: HttpRequest, cycle_pk: int, key: str) -> HttpResponse:
    """Rendered chapter: htmx posts the texts being edited (nothing is saved); a plain GET shows the saved text."""
    report = _report(request, cycle_pk)
    item = _chapter(report, key)
    images = {img.pk for img in report.images.all()}

    def image_url(pk: int):
        return reverse("selfreport:image", args=[request.org.slug, cycle_pk, pk]) if pk in images else None

    def text_of(field: str) -> str:
        return (
            request.POST.get(field, getattr(item, field))
            if request.method == "POST"
            else getattr(item, field)
        )

    texts = [
        (label, to_html(text_of(f), image_url, 3 if f.startswith("answer") else 2))
        for f, label in _labels(item)
    ]
    template = "selfreport/_preview.html" if request.htmx else "selfreport/preview.html"
    return render(request, template, {"report": report, "chapter": item, "texts": texts})


def _labels(item: Chapter) -> list[tuple[str, str]]:
    if item.text_fields == ["body"]:
        return [("body", "")]
    return [(a.field, str(a.label)) for a in ANSWERS]


@org_view(kinds=KINDS)
@require_POST
def goal_add(request: HttpRequest, cycle_pk: int, key: str) -> HttpResponse:
    report = _report(request, cycle_pk)
    item = _chapter(report, key)
    if item.key != "qb12a":
        raise Http404
    if sync_goal_reports(item):  # the agreed goals are given; none may be added by hand
        messages.error(request, _("12a berichtet genau über die vereinbarten Ziele; weitere kommen in 12b."))
        return redirect(item.get_absolute_url() + "#field-goals")
    form = GoalReportForm(request.POST)
    if form.is_valid():
        goal = form.save(commit=False)
        goal.chapter = item
        goal.position = item.goal_reports.count()
        goal.save()
        messages.success(request, _("Der Bericht zum Ziel wurde gespeichert."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(item.get_absolute_url() + "#field-goals")


@org_view(kinds=KINDS)
def goal_edit(request: HttpRequest, cycle_pk: int, pk: int) -> HttpResponse:
    report = _report(request, cycle_pk)
    goal = get_object_or_404(
        GoalReport.objects.filter(chapter__report=report).select_related("chapter"), pk=pk
    )
    form = GoalReportForm(posted(request), instance=goal)
    if request.method == "POST":
        if "delete" in request.POST and not goal.agreed_key:  # an agreed goal cannot be left out
            goal.delete()
            return redirect(goal.chapter.get_absolute_url() + "#field-goals")
        if form.is_valid():
            form.save()
            return redirect(goal.chapter.get_absolute_url() + "#field-goals")
    return render(request, "selfreport/goal_form.html", {"report": report, "form": form, "goal": goal})


@org_view(kinds=KINDS)
def images(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """Images for chapter texts and the organisation chart (part 1)."""
    report = _report(request, cycle_pk)
    data, files = posted(request), request.FILES or None
    image_form = ReportImageForm(data, files, prefix="image")
    chart_form = OrgChartForm(data, files, instance=report, prefix="chart")
    if request.method == "POST":
        if "remove_chart" in request.POST:
            delete_stored(report.org_chart)
            report.org_chart, report.org_chart_alt = "", ""
            report.save(update_fields=["org_chart", "org_chart_alt"])
            messages.success(request, _("Das Organigramm wurde entfernt."))
            return redirect("selfreport:images", request.org.slug, cycle_pk)
        form = image_form if "image-alt_text" in request.POST else chart_form
        if form.is_valid():
            if form is image_form:
                image = image_form.save(commit=False)
                image.report, image.uploaded_by = report, request.user
                image.save()
                messages.success(
                    request,
                    _("Das Bild ist hochgeladen. Fügen Sie es mit ![%(alt)s](bild:%(pk)d) ein.")
                    % {"alt": image.alt_text, "pk": image.pk},
                )
            else:
                old = SelfReport.objects.get(pk=report.pk).org_chart
                chart_form.save()
                if old and old.name != report.org_chart.name:
                    delete_stored(old)
                messages.success(request, _("Das Organigramm wurde gespeichert."))
            return redirect("selfreport:images", request.org.slug, cycle_pk)
    return render(
        request,
        "selfreport/images.html",
        {"report": report, "image_form": image_form, "chart_form": chart_form, "images": report.images.all()},
    )


@org_view(kinds=KINDS)
@require_POST
def image_delete(request: HttpRequest, cycle_pk: int, pk: int) -> HttpResponse:
    report = _report(request, cycle_pk)
    image = get_object_or_404(report.images, pk=pk)
    delete_stored(image.file)
    image.delete()
    messages.success(request, _("Das Bild wurde gelöscht; Verweise darauf erscheinen nicht mehr im Text."))
    return redirect("selfreport:images", request.org.slug, cycle_pk)


@org_view(kinds=KINDS)
def image(request: HttpRequest, cycle_pk: int, pk: int) -> HttpResponse:
    report = _report(request, cycle_pk)
    item = get_object_or_404(report.images, pk=pk)
    return file_response(item.file, f"bild-{item.pk}{_suffix(item.file.name)}")


@org_view(kinds=KINDS)
def org_chart(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    report = _report(request, cycle_pk)
    if not report.org_chart:
        raise Http404
    return file_response(report.org_chart, f"organigramm{_suffix(report.org_chart.name)}")


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


@org_view(kinds=KINDS)
def coverage(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """For each requirement of the cycle: which chapter addresses it (explicit links), so nothing is forgotten."""
    report = _report(request, cycle_pk)
    rows = requirement_coverage(report)
    return render(
        request,
        "selfreport/coverage.html",
        {"report": report, "cycle": report.cycle, "rows": rows, "missing": sum(not c for _r, c in rows)},
    )


SHOWN_FINDINGS = 100  # per severity: a long report may have thousands of vague words


@org_view(kinds=KINDS)
def check(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """Run every check and list the findings with links to the places to fix (never lays out the PDF)."""
    report = _report(request, cycle_pk)
    ctx = lint.context(report)
    findings = lint.run(ctx)
    errors = lint.errors(findings)
    warnings = [f for f in findings if f.severity == lint.WARNING]
    low, high = PAGE_LIMITS[report.cycle.kind]
    return render(
        request,
        "selfreport/check.html",
        {
            "report": report,
            "cycle": report.cycle,
            "errors": errors[:SHOWN_FINDINGS],
            "warnings": warnings[:SHOWN_FINDINGS],
            "error_count": len(errors),
            "warning_count": len(warnings),
            "more_errors": max(len(errors) - SHOWN_FINDINGS, 0),
            "more_warnings": max(len(warnings) - SHOWN_FINDINGS, 0),
            "pages": ctx.pages,
            "pages_date": lint.laid_out_label(ctx.pages),
            "page_limits": (low, high),
        },
    )


@org_view(kinds=KINDS)
def export(request: HttpRequest, cycle_pk: int, fmt: str) -> HttpResponse:
    """The current draft as PDF or DOCX (not a submission; nothing is frozen)."""
    if fmt not in background.FORMATS:
        raise Http404
    report = _report(request, cycle_pk)
    document = build(report)
    if background.runs_in_background(report, document, fmt):
        return redirect(background.queue_export(report, fmt, request.user, report.get_absolute_url()))
    response = HttpResponse(
        background.export_file(report, document, fmt), content_type=FILE_TYPES[fmt].content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{background.export_name(report, fmt)}"'
    return response


@org_view(write=Level.MANAGE, kinds=KINDS)
def submit_view(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    report = _report(request, cycle_pk)
    form = SubmitForm(posted(request), initial={"after": latest_number(report)})
    checks = lint.context(report)
    findings = lint.run(checks)
    blocking = lint.errors(findings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = checks.document  # built once for the checks; submit() builds its own under the lock
        if blocking and not data["override_reason"].strip():
            form.add_error(None, _("Die Prüfung meldet %(n)d Fehler.") % {"n": len(blocking)})
        elif data["after"] == latest_number(report) and background.runs_in_background(
            report, document, state=checks.pages
        ):
            # (a stale or repeated form goes to submit() below, which refuses it at once)
            # a long report: the job lays it out, freezes it and links the submission when done
            origin = reverse("selfreport:submit", args=[request.org.slug, cycle_pk])
            job = background.queue_submission(
                report, document, request.user, data["override_reason"], origin, after=data["after"]
            )
            return redirect(job)
    if request.method == "POST" and form.is_valid() and not form.non_field_errors():
        data = form.cleaned_data
        try:
            submission = submit(report, request.user, data["override_reason"], after=data["after"])
        except SubmissionBlocked as exc:
            form.add_error(None, str(exc))
        except AlreadySubmitted as exc:
            if exc.latest is None:  # a forged number; show the form again
                return redirect("selfreport:submit", request.org.slug, cycle_pk)
            messages.info(
                request,
                _("Der Selbstreport wurde bereits eingereicht; hier ist Einreichung %(n)d.")
                % {"n": exc.latest.number},
            )
            return redirect("selfreport:submission", request.org.slug, cycle_pk, exc.latest.number)
        else:
            messages.success(
                request,
                _("Der Selbstreport wurde eingereicht (Einreichung %(n)d).") % {"n": submission.number},
            )
            return redirect("selfreport:submission", request.org.slug, cycle_pk, submission.number)
    return render(
        request,
        "selfreport/submit.html",
        {
            "report": report,
            "cycle": report.cycle,
            "form": form,
            "errors": blocking,
            "can_override": can_override(request.user, report),
            "previous": report.submissions.first(),
        },
    )


@org_view(kinds=KINDS)
def submission_detail(request: HttpRequest, cycle_pk: int, number: int) -> HttpResponse:
    report = _report(request, cycle_pk)
    item = get_object_or_404(
        report.submissions.select_related("submitted_by", "override__user", "previous"), number=number
    )
    return render(
        request,
        "selfreport/submission.html",
        {
            "report": report,
            "cycle": report.cycle,
            "submission": item,
            "intact": verify(item),
            "changes": diff(item.previous, item) if item.previous else None,
            **(share_context(item) if request.membership.can_manage else {}),
        },
    )


@org_view(kinds=KINDS)
def submission_file(request: HttpRequest, cycle_pk: int, number: int, fmt: str) -> HttpResponse:
    report = _report(request, cycle_pk)
    item = get_object_or_404(report.submissions, number=number)
    return frozen_file(request, item, fmt, f"selbstreport-{request.org.slug}-einreichung-{number}.{fmt}")


@org_view(write=Level.MANAGE, kinds=KINDS)
@require_POST
def sync(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """After choosing more optional areas in the cycle: add their chapters."""
    report = _report(request, cycle_pk)
    added = sync_chapters(report)
    messages.success(request, _("%(n)d Kapitel ergänzt.") % {"n": added})
    return redirect(report)
