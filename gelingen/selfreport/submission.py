"""Submitting freezes the Selbstreport: texts, evidence list, PDF and Word file, each with a SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Membership, User
from gelingen.accounts.roles import LEITUNG
from gelingen.core.textdiff import Chunk, diff_text

from . import export_docx, export_pdf, lint, pages, sources
from .document import build, to_document_html
from .models import LintOverride, SelfReport, Submission


class SubmissionBlocked(Exception):
    def __init__(self, message: str, findings: list[lint.Finding]):
        super().__init__(message)
        self.findings = findings


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_of(report: SelfReport, document) -> dict:
    """Everything the reviewer will read, as plain data (the frozen texts)."""
    org = report.cycle.organisation
    chapters = report.chapters.select_related("area").prefetch_related("requirements", "goal_reports")
    return {
        "organisation": {
            "name": org.name,
            "address": org.address_lines,
            "phone": org.phone,
            "email": org.email,
            "contact_person": org.contact_person,
        },
        "cycle": {"title": report.cycle.title, "kind": report.cycle.kind, "model": str(report.cycle.model)},
        "org_chart_alt": report.org_chart_alt,
        "chapters": [
            {
                "key": c.key,
                "part": c.part,
                "title": c.title,
                "texts": c.texts(),
                "requirements": sorted(r.code for r in c.requirements.all()),
                "goal_reports": [
                    {"goal": g.goal, "outcome": g.outcome, "text": g.text} for g in c.goal_reports.all()
                ],
            }
            for c in chapters.order_by("part", "position")
        ],
        "evidence": [row.as_dict() for row in document.appendix],
        "strategic_goals": sources.strategic_goals(report.cycle),
    }


def can_override(user: User, report: SelfReport) -> bool:
    return Membership.objects.filter(user=user, organisation=report.cycle.organisation, role=LEITUNG).exists()


def submit(report: SelfReport, user: User, override_reason: str = "") -> Submission:
    """Create the next snapshot. Errors block unless the Leitung overrides with a reason (logged).

    A blocked attempt still keeps the page count of its layout (the check then shows it).
    """
    with transaction.atomic():
        outcome = _submit_locked(report, user, override_reason)
    if isinstance(outcome, SubmissionBlocked):
        raise outcome
    return outcome


def _submit_locked(report: SelfReport, user: User, override_reason: str) -> Submission | SubmissionBlocked:
    report = SelfReport.objects.select_for_update().get(pk=report.pk)
    previous = report.submissions.order_by("-number").first()
    number = previous.number + 1 if previous else 1
    document = build(report, submission_number=number)
    pdf = export_pdf.render(document)  # first, so the page-count check reads this very layout
    pages.store(report, document, pdf.page_count, pdf.anchor_pages)
    findings = lint.lint(report)
    blocking = lint.errors(findings)
    override = None
    if blocking:
        if not override_reason.strip():
            return SubmissionBlocked(_("Die Prüfung meldet %(n)d Fehler.") % {"n": len(blocking)}, blocking)
        if not can_override(user, report):
            return SubmissionBlocked(_("Nur die Leitung kann trotz Fehlern einreichen."), blocking)
        override = LintOverride.objects.create(
            report=report, user=user, reason=override_reason.strip(), findings=[f.as_dict() for f in blocking]
        )
    docx = export_docx.render(to_document_html(document), document.toc(), pdf.anchor_pages)
    content = content_of(report, document)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    submission = Submission(
        report=report,
        number=number,
        kind=Submission.Kind.REVISED if previous else Submission.Kind.INITIAL,
        previous=previous,
        submitted_at=timezone.now(),
        submitted_by=user,
        content=content,
        content_sha256=sha256(canonical),
        pdf_sha256=sha256(pdf.data),
        docx_sha256=sha256(docx),
        page_count=pdf.page_count,
        override=override,
    )
    stem = f"selbstreport-{report.cycle.organisation.slug}-{report.cycle_id}-{number}"
    submission.pdf.save(f"{stem}-{submission.pdf_sha256[:12]}.pdf", ContentFile(pdf.data), save=False)
    submission.docx.save(f"{stem}-{submission.docx_sha256[:12]}.docx", ContentFile(docx), save=False)
    submission.save()
    return submission


def verify(submission: Submission) -> bool:
    """Do the stored files and texts still match their hashes?"""
    canonical = json.dumps(submission.content, sort_keys=True, ensure_ascii=False).encode()
    with submission.pdf.open("rb") as f:
        pdf = f.read()
    with submission.docx.open("rb") as f:
        docx = f.read()
    return (sha256(canonical), sha256(pdf), sha256(docx)) == (
        submission.content_sha256,
        submission.pdf_sha256,
        submission.docx_sha256,
    )


@dataclass
class ChapterDiff:
    title: str
    field: str
    chunks: list[Chunk]


def diff(old: Submission, new: Submission) -> list[ChapterDiff]:
    """Changed texts between two snapshots, chapter by chapter (render with core/_diff.html)."""
    before = {c["key"]: c for c in old.content["chapters"]}
    changes = []
    for chapter in new.content["chapters"]:
        old_texts = before.get(chapter["key"], {}).get("texts", {})
        for field, text in chapter["texts"].items():
            if old_texts.get(field, "") != text:
                changes.append(
                    ChapterDiff(chapter["title"], field, diff_text(old_texts.get(field, ""), text))
                )
    return changes
