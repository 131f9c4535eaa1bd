"""A long Selbstreport of the heavy organisation: the editor and the checks as pages, and (with
`--exports`) the PDF and Word export of the ~115-page report."""

from __future__ import annotations

import time

from django.db import transaction
from django.urls import reverse

from bench.harness import SCALE, Result, client_for, measure
from gelingen.accounts.models import Organisation, User
from gelingen.quality.evidence.models import Evidence
from gelingen.selfreport import export_docx, export_pdf, pages
from gelingen.selfreport.document import build, to_document_html
from gelingen.selfreport.models import SelfReport
from gelingen.selfreport.setup import create_report

SENTENCES = (
    "Die Beratungsstelle prüft jährlich im März ihre Verfahren und hält die Ergebnisse im Protokoll fest. "
    "Das Team bespricht Abweichungen in der Fallkonferenz und vereinbart Schritte mit klaren Zuständigkeiten."
)
WORDS = SENTENCES.split()


def _text(n_words: int, offset: int = 0, cite: list[str] = ()) -> str:
    words = [WORDS[(i + offset) % len(WORDS)] for i in range(n_words)]
    paragraphs = [" ".join(words[i : i + 120]) for i in range(0, len(words), 120)]
    if cite:
        paragraphs[-1] += " Belege: " + ", ".join(f"[{i}]" for i in cite) + "."
    return "\n\n".join(paragraphs)


@transaction.atomic
def seed() -> SelfReport:
    """The report of bench-0's KQS cycle; each area answer cites a few evidence items of its area."""
    org = Organisation.objects.get(slug="bench-0")
    cycle = org.cycles.get(model__code="kqs")
    existing = SelfReport.objects.filter(cycle=cycle).first()
    if existing is not None:
        return existing
    user = User.objects.get(email="bench@example.org")
    report = create_report(cycle, user)
    identifiers: dict[int, list[str]] = {}
    for area, identifier in Evidence.objects.filter(organisation=org).values_list(
        "area_number", "identifier"
    ):
        identifiers.setdefault(area, []).append(identifier)
    for i, chapter in enumerate(report.chapters.select_related("area")):
        if chapter.is_area:
            own = identifiers.get(chapter.area.number, [])
            for j, field in enumerate(["answer_a", "answer_b", "answer_c", "answer_d"]):
                setattr(chapter, field, _text(SCALE.words_per_answer, i + j, own[j * 5 : j * 5 + 5]))
        else:
            chapter.body = _text(500, i)
        chapter.save()
    return report


def run() -> list[Result]:
    report = seed()
    client = client_for(User.objects.get(email="bench@example.org"))
    slug, cycle_pk = report.cycle.organisation.slug, report.cycle_id
    if pages.state(report).count is None:
        pages.layout_and_store(report)  # the check reads the count of the last layout (selfreport.pages)
    chapter = report.chapters.filter(part=3).order_by("position").first()
    return [
        measure(
            "Selbstreport overview", lambda: client.get(reverse("selfreport:overview", args=[slug, cycle_pk]))
        ),
        measure(
            "Selbstreport editor (area chapter)",
            lambda: client.get(reverse("selfreport:chapter", args=[slug, cycle_pk, chapter.key])),
        ),
        measure(
            "Selbstreport checks",
            lambda: client.get(reverse("selfreport:check", args=[slug, cycle_pk])),
            repeat=15,
        ),
    ]


def run_exports() -> list[Result]:
    """End-to-end export times as a user waits for them: PDF = layout + write; Word = layout + docx."""
    report = seed()
    timings: dict[str, list[float]] = {"PDF export": [], "Word export": []}
    page_count, sizes = 0, {}
    for _ in range(3):
        start = time.perf_counter()
        document = build(report)
        laid_out = export_pdf.layout(document)
        pdf = laid_out.write_pdf()
        timings["PDF export"].append(time.perf_counter() - start)
        start = time.perf_counter()
        document = build(report)
        laid_out = export_pdf.layout(document)
        docx = export_docx.render(to_document_html(document), document.toc(), laid_out.anchor_pages)
        timings["Word export"].append(time.perf_counter() - start)
        page_count, sizes = laid_out.page_count, {"PDF export": len(pdf), "Word export": len(docx)}
    return [
        Result(
            f"Selbstreport {page_count} pages: {step}",
            sorted(t)[1] * 1000,
            max(t) * 1000,
            0,
            sizes[step] / 1024,
            main=False,
        )
        for step, t in timings.items()
    ]
