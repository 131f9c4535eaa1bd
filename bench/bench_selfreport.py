"""Export of a ~100-page Selbstreport to PDF and Word (the issue asks for "a few seconds")."""

from __future__ import annotations

import time
from datetime import date

from django.db import transaction

from bench.harness import Result
from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import QualityModel
from gelingen.quality.models import Cycle
from gelingen.selfreport import export_docx, export_pdf
from gelingen.selfreport.document import build, to_document_html
from gelingen.selfreport.setup import create_report

SENTENCES = (
    "Die Beratungsstelle prüft jährlich im März ihre Verfahren und hält die Ergebnisse im Protokoll fest. "
    "Das Team bespricht Abweichungen in der Fallkonferenz und vereinbart Schritte mit klaren Zuständigkeiten."
)
WORDS = SENTENCES.split()


def _text(n_words: int, offset: int = 0) -> str:
    words = [WORDS[(i + offset) % len(WORDS)] for i in range(n_words)]
    paragraphs = [" ".join(words[i : i + 120]) for i in range(0, len(words), 120)]
    return "\n\n".join(paragraphs)


@transaction.atomic
def seed(words_per_answer: int = 500):
    org, _ = Organisation.objects.get_or_create(
        slug="bench-selfreport", defaults={"name": "Bench Selbstreport e.V."}
    )
    user, _ = User.objects.get_or_create(email="bench-sr@example.org", defaults={"name": "Bench"})
    model = QualityModel.objects.get(code="kqs", version="3")
    cycle, _ = Cycle.objects.get_or_create(
        organisation=org,
        model=model,
        defaults={"title": "Bench", "start_date": date(2026, 1, 1), "target_date": date(2027, 1, 1)},
    )
    cycle.sync_assessments()
    report = create_report(cycle, user)
    for i, chapter in enumerate(report.chapters.all()):
        if chapter.is_area:
            for j, field in enumerate(["answer_a", "answer_b", "answer_c", "answer_d"]):
                setattr(chapter, field, _text(words_per_answer, i + j))
        else:
            chapter.body = _text(500, i)
        chapter.save()
    return report


def run() -> list[Result]:
    """End-to-end export times as a user waits for them: PDF = layout + write; Word = layout + docx."""
    report = seed()
    timings: dict[str, list[float]] = {"PDF export": [], "Word export": []}
    pages, sizes = 0, {}
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
        pages, sizes = laid_out.page_count, {"PDF export": len(pdf), "Word export": len(docx)}
    return [
        Result(
            f"Selbstreport {pages} pages: {step}", sorted(t)[1] * 1000, max(t) * 1000, 0, sizes[step] / 1024
        )
        for step, t in timings.items()
    ]
