"""Assemble the whole Selbstreport (cover, contents, three parts, appendix) as one HTML document.

The same HTML is rendered to PDF by WeasyPrint and converted to Word by export_docx, so both
files carry identical content.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import sources
from .models import Chapter, SelfReport
from .render import citations, to_html
from .structure import ANSWERS, PART_TITLES


@dataclass
class DocAnswer:
    label: str
    html: SafeString
    anchor: str


@dataclass
class DocChapter:
    chapter: Chapter
    title: str
    anchor: str
    html: SafeString | None = None
    answers: list[DocAnswer] = field(default_factory=list)
    leitbild: sources.LeitbildText | None = None
    processes: list[sources.ProcessText] = field(default_factory=list)
    goal_reports: list = field(default_factory=list)
    org_chart: str | None = None


@dataclass
class DocPart:
    number: int
    title: str
    anchor: str
    chapters: list[DocChapter]


@dataclass
class ReportDocument:
    report: SelfReport
    parts: list[DocPart]
    appendix: list[sources.EvidenceRow]
    cited: list[str]
    date: object
    submission_number: int | None = None

    @property
    def organisation(self):
        return self.report.cycle.organisation

    def toc(self) -> list[tuple[int, str, str]]:
        """(level, title, anchor) of every entry in the table of contents."""
        entries = []
        for part in self.parts:
            entries.append((1, part.title, part.anchor))
            entries += [(2, c.title, c.anchor) for c in part.chapters]
        entries.append((1, _("Anhang: Nachweisliste"), "appendix"))
        return entries


def data_uri(field_file) -> str:
    """An uploaded image inlined as a data: URI, read through the storage (works on S3 too)."""
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    with field_file.open("rb") as f:
        return f"data:{content_type};base64,{base64.b64encode(f.read()).decode()}"


def build(
    report: SelfReport,
    image_url: Callable[[int], str | None] | None = None,
    submission_number: int | None = None,
) -> ReportDocument:
    """Collect everything the report shows; `image_url` decides how images are referenced (data: or web)."""
    org = report.cycle.organisation
    images = {img.pk: img for img in report.images.all()}
    if image_url is None:

        def image_url(pk: int) -> str | None:
            img = images.get(pk)
            return data_uri(img.file) if img else None

    chapters = list(
        report.chapters.select_related("area").prefetch_related("goal_reports").order_by("part", "position")
    )
    cited: list[str] = []
    parts = []
    for number in (1, 2, 3):
        doc_chapters = []
        for chapter in (c for c in chapters if c.part == number):
            if chapter.optional and not chapter.body.strip():
                continue  # an optional chapter left empty is simply not printed
            doc = DocChapter(chapter, chapter.title, f"ch-{chapter.key}")
            for text in chapter.texts().values():
                cited += citations(text)
            if chapter.text_fields == ["body"]:
                doc.html = mark_safe(to_html(chapter.body, image_url, heading_base=2))  # noqa: S308 - sanitised
            else:
                doc.answers = [
                    DocAnswer(
                        str(a.label),
                        mark_safe(to_html(getattr(chapter, a.field), image_url, 3)),  # noqa: S308
                        f"ch-{chapter.key}-{a.field}",
                    )
                    for a in ANSWERS
                ]
            if chapter.key == "structure" and report.org_chart:
                doc.org_chart = data_uri(report.org_chart)
            if chapter.area and chapter.area.number == 1:
                doc.leitbild = sources.leitbild(org)
            if chapter.area and chapter.area.number == 3:
                doc.processes = sources.key_processes_in_full(org)
            if chapter.key == "qb12a":
                doc.goal_reports = list(chapter.goal_reports.all())
                for goal in doc.goal_reports:
                    cited += citations(goal.text)
            doc_chapters.append(doc)
        parts.append(DocPart(number, str(PART_TITLES[number]), f"part-{number}", doc_chapters))
    cited = list(dict.fromkeys(cited))
    return ReportDocument(
        report=report,
        parts=parts,
        appendix=sources.evidence_rows(org, cited),
        cited=cited,
        date=timezone.localdate(),
        submission_number=submission_number,
    )


def to_document_html(document: ReportDocument) -> str:
    return render_to_string(
        "selfreport/document.html",
        {"doc": document, "org": document.organisation, "cycle": document.report.cycle},
    )
