"""Selbstreport work that leaves the request when it takes more than a second: draft exports (PDF,
Word) and the submission, which lays out the PDF and writes both frozen files.

The rule (`runs_in_background`): laying out costs about as much as the report has pages, so a report
whose last known layout had at most INLINE_PAGES pages is handled on the request, a longer one or one
never laid out goes to a job. A Word file of content that was laid out before needs no layout at all:
its table of contents takes the page numbers of that PDF layout (`pages.anchor_pages_for`).

A submission queued as a job freezes exactly what the person checked when clicking: the job compares
the frozen texts with their hash taken at the click and submits nothing if they changed meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gelingen.accounts.models import User
from gelingen.accounts.roles import LEITUNG, QM
from gelingen.core.uploads import delete_stored
from gelingen.jobs import runner
from gelingen.jobs.kinds import JobContext, JobError, Outcome, job_kind
from gelingen.jobs.models import Job

from . import export_docx, export_pdf, pages
from .document import ReportDocument, build, to_document_html
from .models import SelfReport
from .submission import AlreadySubmitted, SubmissionBlocked, content_of, sha256, submit

INLINE_PAGES = 15  # laying out 12 pages takes 0.6 s on this machine; 15 pages and the file stay under 1 s
FORMATS = ("pdf", "docx")
Progress = Callable[[int, str], None]


def _silent(percent: int, message: str) -> None:
    pass


def runs_in_background(
    report: SelfReport, document: ReportDocument, fmt: str = "pdf", state: pages.PageState | None = None
) -> bool:
    """`state`: the page state of `document` if the caller has it already (the checks read it)."""
    if fmt == "docx" and pages.anchor_pages_for(report, document):
        return False
    known = (state or pages.state(report, document)).count
    return known is None or known > INLINE_PAGES


def export_file(
    report: SelfReport, document: ReportDocument, fmt: str, progress: Progress = _silent
) -> bytes:
    """The draft as PDF or Word; every layout stores its page count and heading pages."""
    anchors = pages.anchor_pages_for(report, document) if fmt == "docx" else None
    if anchors is None:
        progress(20, _("Die Seiten werden gesetzt …"))
        laid_out = export_pdf.layout(document)
        pages.store(report, document, laid_out.page_count, laid_out.anchor_pages)
        if fmt == "pdf":
            progress(70, _("Die PDF-Datei wird geschrieben …"))
            return laid_out.write_pdf()
        anchors = laid_out.anchor_pages
    progress(80, _("Die Word-Datei wird geschrieben …"))
    return export_docx.render(to_document_html(document), document.toc(), anchors)


def export_name(report: SelfReport, fmt: str) -> str:
    return f"selbstreport-{report.cycle.organisation.slug}-entwurf-{timezone.localdate():%Y-%m-%d}.{fmt}"


def _report_of(job: Job) -> SelfReport:
    report = (
        SelfReport.objects.select_related("cycle__organisation", "cycle__model")
        .filter(pk=job.parameters.get("report"), cycle__organisation=job.organisation)
        .first()
    )
    if report is None:
        raise JobError(_("Diesen Selbstreport gibt es nicht mehr."))
    return report


def queue_export(report: SelfReport, fmt: str, user: User, origin_url: str = "") -> Job:
    return runner.enqueue_once(
        "selfreport.export",
        report.cycle.organisation,
        user,
        {"report": report.pk, "fmt": fmt},
        origin_url=origin_url,
    )


@job_kind("selfreport.export", label=gettext_lazy("Selbstreport als Datei"), roles=(LEITUNG, QM))
def export_job(ctx: JobContext) -> Outcome:
    fmt = ctx.job.parameters.get("fmt")
    if fmt not in FORMATS:
        raise JobError(_("Dieses Dateiformat gibt es nicht."))
    report = _report_of(ctx.job)
    ctx.progress(5, _("Der Inhalt wird zusammengestellt …"))
    data = export_file(report, build(report), fmt, ctx.progress)
    return Outcome(file_name=export_name(report, fmt), data=data, message=_("Die Datei ist fertig."))


# Submission ---------------------------------------------------------------------------------------


def frozen_sha256(report: SelfReport, document: ReportDocument) -> str:
    """The hash the submission's frozen texts will have (Submission.content_sha256)."""
    content = content_of(report, document)
    return sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())


def queue_submission(
    report: SelfReport,
    document: ReportDocument,
    user: User,
    override_reason: str,
    origin_url: str = "",
    after: int | None = None,
) -> Job:
    # `after` (the newest submission the person saw) makes a repeated click find the same job and
    # lets submit() refuse a second binding submission, as on the request
    parameters = {
        "report": report.pk,
        "after": after,
        "override_reason": override_reason,
        "content_sha256": frozen_sha256(report, document),
    }
    return runner.enqueue_once(
        "selfreport.submit", report.cycle.organisation, user, parameters, origin_url=origin_url
    )


class _ContentChanged(Exception):
    pass


@job_kind(
    "selfreport.submit",
    label=gettext_lazy("Einreichung des Selbstreports"),
    roles=(LEITUNG, QM),
    max_attempts=1,  # never submit twice by retrying; the person may submit again
    keep=timedelta(days=7),
)
def submit_job(ctx: JobContext) -> Outcome:
    report = _report_of(ctx.job)
    user = ctx.job.requested_by
    if user is None:
        raise JobError(_("Die Person, die eingereicht hat, gibt es nicht mehr."))
    ctx.progress(10, _("Die Dateien werden gesetzt und geprüft …"))
    blocked = None
    try:
        with transaction.atomic():
            try:
                created = submit(
                    report,
                    user,
                    ctx.job.parameters.get("override_reason", ""),
                    after=ctx.job.parameters.get("after"),
                )
            except SubmissionBlocked as exc:
                blocked = exc  # its page-count layout stays stored
            except AlreadySubmitted as exc:
                raise JobError(str(exc)) from None  # a second tab or a colleague was faster
            else:
                if created.content_sha256 != ctx.job.parameters.get("content_sha256"):
                    raise _ContentChanged(created)
    except _ContentChanged as changed:
        for file in (changed.args[0].pdf, changed.args[0].docx):
            delete_stored(file)  # the row was rolled back; its files must not stay behind
        raise JobError(
            _(
                "Der Selbstreport wurde nach dem Klick auf „Einreichen“ geändert. Nichts wurde eingereicht; "
                "bitte prüfen Sie den neuen Stand und reichen Sie ihn erneut ein."
            )
        ) from None
    if blocked is not None:
        raise JobError(str(blocked))
    url = reverse(
        "selfreport:submission", args=[report.cycle.organisation.slug, report.cycle_id, created.number]
    )
    return Outcome(
        url=url, message=_("Der Selbstreport wurde eingereicht (Einreichung %(n)d).") % {"n": created.number}
    )
