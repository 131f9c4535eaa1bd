"""A frozen submission without rendering a report: small stand-in files with matching hashes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from django.core.files.base import ContentFile

from gelingen.selfreport.models import SelfReport, Submission
from gelingen.selfreport.submission import seal, sha256

PDF = b"%PDF-1.4\n% Gelingen test submission\n"
DOCX = b"PK\x03\x04 Gelingen test submission"


def make_submission(report: SelfReport, user, number: int = 1) -> Submission:
    content = {"organisation": {"name": report.cycle.organisation.name}, "chapters": [], "evidence": []}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    submission = Submission(
        report=report,
        number=number,
        kind=Submission.Kind.INITIAL if number == 1 else Submission.Kind.REVISED,
        submitted_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        submitted_by=user,
        content=content,
        content_sha256=sha256(canonical),
        pdf_sha256=sha256(PDF),
        docx_sha256=sha256(DOCX),
        page_count=72,
    )
    stem = f"test-{report.cycle.organisation.slug}-{report.cycle_id}-{number}"
    submission.pdf.save(f"{stem}.pdf", ContentFile(PDF), save=False)
    submission.docx.save(f"{stem}.docx", ContentFile(DOCX), save=False)
    submission.seal_sha256 = seal(submission, "")
    submission.save()
    return submission


def frozen_submission(
    cycle,
    user,
    number: int,
    content: dict,
    on: date,
    previous: Submission | None = None,
    page_count: int = 60,
) -> Submission:
    """A frozen submission of the cycle with the given content, arriving on `on`, chained to `previous`."""
    report, _created = SelfReport.objects.get_or_create(cycle=cycle, defaults={"created_by": user})
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    submission = Submission(
        report=report,
        number=number,
        kind=Submission.Kind.INITIAL if number == 1 else Submission.Kind.REVISED,
        previous=previous,
        submitted_at=datetime(on.year, on.month, on.day, 10, 0, tzinfo=UTC),
        submitted_by=user,
        content=content,
        content_sha256=sha256(canonical),
        pdf_sha256=sha256(PDF),
        docx_sha256=sha256(DOCX),
        page_count=page_count,
    )
    stem = f"frozen-{cycle.pk}-{number}"
    submission.pdf.save(f"{stem}.pdf", ContentFile(PDF), save=False)
    submission.docx.save(f"{stem}.docx", ContentFile(DOCX), save=False)
    submission.seal_sha256 = seal(submission, previous.seal_sha256 if previous else "")
    submission.save()
    return submission
