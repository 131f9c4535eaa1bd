"""A frozen submission without rendering a report: small stand-in files with matching hashes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

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
