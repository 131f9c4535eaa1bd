"""The Selbstreport's page count without laying it out on the request.

Laying out a 100-page report takes seconds, so every layout stores its page count under a hash of the
content it laid out (`PageLayout`). The check reads the count for the current content, or, after an edit,
the last known count with its date until the next layout ("wird neu berechnet"). Callers:

- `layout_and_store(report)`: lay out the current content and store its page count (background jobs).
- `store(report, document, page_count, anchor_pages)`: after any other layout (PDF export, submission).
- `page_count_for(report)` -> (count, is_current); `state(report, document)` with the date as well.
- `anchor_pages_for(report, document)`: the page of each heading in the layout of exactly this
  content, for the Word file's table of contents (None: lay it out first).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from . import export_pdf
from .document import ReportDocument, build, to_document_html
from .models import PageLayout, SelfReport

KEEP = 20  # layouts kept per report (older content is not asked for again)
NEUTRAL_DATE = date(2000, 1, 1)  # the cover's date does not change the page count


@dataclass(frozen=True)
class PageState:
    count: int | None  # None: never laid out
    current: bool  # laid out from exactly the content the report has now
    laid_out_at: datetime | None


def content_sha256(document: ReportDocument) -> str:
    """A hash of what is laid out, ignoring the date and submission number on the cover page."""
    neutral = dataclasses.replace(document, date=NEUTRAL_DATE, submission_number=None)
    return hashlib.sha256(to_document_html(neutral).encode()).hexdigest()


def store(
    report: SelfReport,
    document: ReportDocument,
    page_count: int,
    anchor_pages: dict[str, int] | None = None,
) -> PageLayout:
    """Remember the page count (and the page of each heading) of a layout of `document`."""
    with transaction.atomic():
        layout, _created = PageLayout.objects.update_or_create(
            report=report,
            content_sha256=content_sha256(document),
            defaults={
                "page_count": page_count,
                "anchor_pages": anchor_pages or {},
                "laid_out_at": timezone.now(),
            },
        )
        old = (
            PageLayout.objects.filter(report=report)
            .order_by("-laid_out_at", "-pk")
            .values_list("pk", flat=True)[KEEP:]
        )
        PageLayout.objects.filter(pk__in=list(old)).delete()
    return layout


def layout_and_store(report: SelfReport) -> int:
    """Lay out the report's current content (seconds for a long report) and store its page count."""
    document = build(report)
    laid_out = export_pdf.layout(document)
    store(report, document, laid_out.page_count, laid_out.anchor_pages)
    return laid_out.page_count


def anchor_pages_for(report: SelfReport, document: ReportDocument) -> dict[str, int] | None:
    """The heading pages of the last layout of exactly this content, or None (never laid out)."""
    found = (
        PageLayout.objects.filter(report=report, content_sha256=content_sha256(document))
        .values_list("anchor_pages", flat=True)
        .first()
    )
    return found or None


def state(report: SelfReport, document: ReportDocument | None = None) -> PageState:
    """The page count of the current content if known, else the last known one (two queries at most)."""
    digest = content_sha256(document if document is not None else build(report))
    exact = PageLayout.objects.filter(report=report, content_sha256=digest).first()
    if exact is not None:
        return PageState(exact.page_count, True, exact.laid_out_at)
    last = PageLayout.objects.filter(report=report).order_by("-laid_out_at", "-pk").first()
    if last is None:
        return PageState(None, False, None)
    return PageState(last.page_count, False, last.laid_out_at)


def page_count_for(report: SelfReport) -> tuple[int | None, bool]:
    """(page count, whether it belongs to the current content); never lays the report out."""
    found = state(report)
    return found.count, found.current
