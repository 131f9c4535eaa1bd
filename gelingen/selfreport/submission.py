"""Submitting freezes the Selbstreport: texts, evidence list, PDF and Word file, each with a SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Membership, Organisation, User
from gelingen.accounts.roles import LEITUNG
from gelingen.core.textdiff import Chunk, diff_text
from gelingen.core.uploads import delete_stored

from . import export_docx, export_pdf, lint, pages, sources
from .document import build, to_document_html
from .models import LintOverride, SelfReport, Submission, SubmissionPurge


class SubmissionBlocked(Exception):
    def __init__(self, message: str, findings: list[lint.Finding]):
        super().__init__(message)
        self.findings = findings


class AlreadySubmitted(Exception):
    """Someone submitted since the submitter loaded the form (a double click, a second tab, a colleague)."""

    def __init__(self, latest: Submission | None):
        super().__init__(_("Der Selbstreport wurde inzwischen bereits eingereicht."))
        self.latest = latest


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
                    {
                        "goal": g.goal,
                        "indicators": g.indicator_list(),
                        "outcome": g.outcome,
                        "text": g.text,
                        "changed_goal": g.changed_goal,
                    }
                    for g in c.goal_reports.all()
                ],
            }
            for c in chapters.order_by("part", "position")
        ],
        "evidence": [row.as_dict() for row in document.appendix],
        "strategic_goals": sources.strategic_goals(report.cycle),
    }


def can_override(user: User, report: SelfReport) -> bool:
    return Membership.objects.filter(user=user, organisation=report.cycle.organisation, role=LEITUNG).exists()


def latest_number(report: SelfReport) -> int:
    """The number of the newest submission, 0 before the first: the form sends it back as `after`."""
    return report.submissions.order_by("-number").values_list("number", flat=True).first() or 0


def submit(report: SelfReport, user: User, override_reason: str = "", after: int | None = None) -> Submission:
    """Create the next snapshot. Errors block unless the Leitung overrides with a reason (logged).

    `after` is the newest submission number the submitter saw; if another submission came in since,
    AlreadySubmitted is raised and nothing is created, so a repeated POST never submits twice
    (None: no such check, for scripts). A blocked attempt still keeps the page count of its layout.
    """
    with transaction.atomic():
        outcome = _submit_locked(report, user, override_reason, after)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _submit_locked(
    report: SelfReport, user: User, override_reason: str, after: int | None
) -> Submission | SubmissionBlocked | AlreadySubmitted:
    # The row lock (SQLite: the IMMEDIATE transaction) makes concurrent submits of one report take turns.
    report = SelfReport.objects.select_for_update().get(pk=report.pk)
    previous = report.submissions.order_by("-number").first()
    number = previous.number + 1 if previous else 1
    if after is not None and after != number - 1:
        return AlreadySubmitted(previous)
    from .setup import sync_goal_reports

    for qb12a in report.chapters.filter(key="qb12a"):  # 12a reports on exactly the agreed goals
        sync_goal_reports(qb12a)
    document = build(report, submission_number=number)
    pdf = export_pdf.render(document)  # first, so the page-count check reads this very layout
    pages.store(report, document, pdf.page_count, pdf.anchor_pages)
    checks = lint.context(report, document)  # the checks read this document, not a second build
    findings = lint.run(checks)
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
    submission.seal_sha256 = seal(submission, previous.seal_sha256 if previous else "")
    submission.save()
    return submission


def seal(submission: Submission, previous_seal: str) -> str:
    """Chain the submission's metadata and hashes to its predecessor's seal: nothing can be changed or
    removed in the middle of a report's history without breaking every later seal."""
    facts = {
        "previous": previous_seal,
        "report": submission.report_id,
        "number": submission.number,
        "kind": submission.kind,
        "submitted_at": submission.submitted_at.astimezone(UTC).isoformat(),
        "submitted_by": submission.submitted_by_id,
        "page_count": submission.page_count,
        "content": submission.content_sha256,
        "pdf": submission.pdf_sha256,
        "docx": submission.docx_sha256,
        "override": submission.override_id,
    }
    return sha256(json.dumps(facts, sort_keys=True).encode())


def sealed(submission: Submission) -> bool:
    """Does the seal still match the metadata and the predecessor's seal?"""
    previous = submission.previous
    return submission.seal_sha256 == seal(submission, previous.seal_sha256 if previous else "")


def verify_chain(report: SelfReport) -> list[int]:
    """Numbers of the report's submissions whose seal or link to the predecessor is broken (empty: intact)."""
    broken, previous_seal, previous_pk = [], "", None
    for item in report.submissions.order_by("number"):
        if item.previous_id != previous_pk or item.seal_sha256 != seal(item, previous_seal):
            broken.append(item.number)
        previous_seal, previous_pk = item.seal_sha256, item.pk
    return broken


def missing_files(submission: Submission) -> list[str]:
    """Names of the frozen files that are no longer in the storage (restored backup, lost volume)."""
    return [f.name for f in (submission.pdf, submission.docx) if not f.storage.exists(f.name)]


def verify(submission: Submission) -> bool:
    """Do the stored files and texts still match their hashes? (A missing file does not.)"""
    if missing_files(submission) or not sealed(submission):
        return False
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


def purge(organisation: Organisation) -> int:
    """Delete an organisation's submissions and their files on purpose; returns how many.

    Submissions are binding records: the database refuses to delete them (and so an organisation that has
    any cannot be deleted: PROTECT). Only this function, called deliberately (e.g. to erase an organisation
    after its retention period), gets past the triggers, for this organisation's reports only.
    """
    with transaction.atomic():
        report_ids = list(
            SelfReport.objects.filter(cycle__organisation=organisation).values_list("pk", flat=True)
        )
        SubmissionPurge.objects.bulk_create([SubmissionPurge(report_id=pk) for pk in report_ids])
        doomed = list(Submission.objects.filter(report_id__in=report_ids).order_by("-number"))
        for submission in doomed:  # newest first: each one's `previous` is PROTECTed
            Submission.objects.filter(pk=submission.pk).delete()
        SubmissionPurge.objects.filter(report_id__in=report_ids).delete()
    for submission in doomed:
        delete_stored(submission.pdf)
        delete_stored(submission.docx)
    return len(doomed)


def purge_all(**kwargs: object) -> None:
    """Before the whole database is wiped (a restore with --force): every organisation's submissions go."""
    for organisation in Organisation.objects.filter(cycles__selfreport__submissions__isnull=False).distinct():
        purge(organisation)


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
