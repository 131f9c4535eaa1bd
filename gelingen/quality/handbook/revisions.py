"""Document numbers and the revision workflow of the handbook.

- A document gets the next number of its organisation once (`HB-04`), never reused.
- Every change happens in a draft revision; at most one draft per document exists at a time.
- Approving (Leitung/QM) makes the draft the current revision; earlier ones stay readable.
- Readers see only approved revisions; writers also see the draft.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation, User
from gelingen.core.uploads import CheckedUpload

from .models import Chapter, Document, HandbookCounter, Revision


def next_document_number(organisation: Organisation) -> int:
    """Take the next document number; the counter row is locked, so parallel saves never collide."""
    with transaction.atomic():
        counter, _ = HandbookCounter.objects.select_for_update().get_or_create(organisation=organisation)
        counter.last += 1
        counter.save(update_fields=["last"])
    return counter.last


def _attach_file(revision: Revision, upload, checked: CheckedUpload | None) -> None:
    if upload is not None and checked is not None:
        revision.file.save(f"upload.{checked.file_type.extension}", upload, save=False)
        revision.file_name = checked.original_name
        revision.file_size = checked.size


@transaction.atomic
def create_document(
    organisation: Organisation,
    user: User,
    *,
    chapter: Chapter,
    kind: str,
    title: str,
    owner: User | None = None,
    position: int = 1,
    content: str = "",
    change_note: str = "",
    upload=None,
    checked: CheckedUpload | None = None,
) -> Document:
    """A new document with its first revision as a draft (it becomes visible to readers once approved)."""
    document = Document.objects.create(
        organisation=organisation,
        chapter=chapter,
        number=next_document_number(organisation),
        title=title,
        kind=kind,
        owner=owner,
        position=position,
        created_by=user,
    )
    revision = Revision(
        document=document,
        number=1,
        title=title,
        content=content,
        change_note=change_note or _("Erstfassung"),
        created_by=user,
    )
    _attach_file(revision, upload, checked)
    revision.save()
    return document


def draft_of(document: Document) -> Revision | None:
    """The open draft: the newest revision if it is not approved yet."""
    latest = document.revisions.order_by("-number").first()
    return latest if latest and not latest.is_approved else None


@transaction.atomic
def start_revision(document: Document, user: User) -> Revision:
    """Open a new draft based on the current revision; an existing draft is returned instead."""
    Document.objects.select_for_update().filter(pk=document.pk).first()  # one draft at a time
    draft = draft_of(document)
    if draft:
        return draft
    base = document.current or document.revisions.order_by("-number").first()
    number = (document.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(
        document=document,
        number=number,
        title=base.title if base else document.title,
        content=base.content if base else "",
        file=base.file.name if base and base.file else "",
        file_name=base.file_name if base else "",
        file_size=base.file_size if base else None,
        created_by=user,
    )


def update_draft(
    revision: Revision,
    *,
    title: str,
    content: str,
    change_note: str,
    upload=None,
    checked: CheckedUpload | None = None,
    remove_file: bool = False,
) -> Revision:
    if revision.is_approved:
        raise ValidationError(_("Eine freigegebene Revision kann nicht mehr geändert werden."))
    old = revision.file.name if revision.file and (upload is not None or remove_file) else ""
    revision.title, revision.content, revision.change_note = title, content, change_note
    with transaction.atomic():
        _document, fresh = _locked(revision)  # not approved in the meantime
        if fresh.is_approved:
            raise ValidationError(_("Eine freigegebene Revision kann nicht mehr geändert werden."))
        if upload is not None:
            _attach_file(revision, upload, checked)
        elif remove_file:
            revision.file, revision.file_name, revision.file_size = "", "", None
        revision.save()
        if old:
            _delete_if_unused(revision.file.storage, old)
    return revision


def _delete_if_unused(storage, name: str) -> None:
    """Revisions share the file of the revision they were copied from: delete only the last reference."""

    def delete():
        if not Revision.objects.filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete)


def _locked(revision: Revision) -> tuple[Document, Revision]:
    """Lock the revision's document row (inside the caller's transaction) and read the revision again.

    Approving, discarding and saving a draft lock the document first, so they run one after the other;
    the state checked afterwards is the committed one, not the one the caller loaded earlier.
    """
    document = Document.objects.select_for_update().get(pk=revision.document_id)
    fresh = Revision.objects.filter(pk=revision.pk, document=document).first()
    if fresh is None:
        raise ValidationError(_("Dieser Entwurf wurde inzwischen verworfen."))
    return document, fresh


def approve(revision: Revision, user: User) -> Revision:
    """Make the draft the current revision; the document ID shows the new revision number.

    The document row is locked, so of two approvals at the same time only the first succeeds; the
    second sees the revision as approved (or no longer the newest) and is refused.
    """
    with transaction.atomic():
        document, fresh = _locked(revision)
        if fresh.is_approved:
            raise ValidationError(_("Diese Revision ist bereits freigegeben."))
        latest = document.revisions.aggregate(n=Max("number"))["n"]
        if fresh.number != latest:
            raise ValidationError(_("Nur die neueste Revision kann freigegeben werden."))
        if not fresh.content.strip() and not fresh.file:
            raise ValidationError(
                _("Eine Revision ohne Inhalt und ohne Datei kann nicht freigegeben werden.")
            )
        fresh.approved_at = timezone.now()
        fresh.approved_by = user
        fresh.save(update_fields=["approved_at", "approved_by"])
        document.current = fresh
        document.title = fresh.title
        document.save(update_fields=["current", "title"])
    for field in ("title", "content", "change_note", "approved_at", "approved_by"):
        setattr(revision, field, getattr(fresh, field))
    if Revision.document.is_cached(revision):  # keep the caller's document up to date
        revision.document.current, revision.document.title = revision, revision.title
    return revision


def discard(revision: Revision) -> None:
    """Throw away a draft; a document whose only revision is discarded is removed with it."""
    with transaction.atomic():
        document, fresh = _locked(revision)
        if fresh.is_approved:
            raise ValidationError(_("Eine freigegebene Revision kann nicht verworfen werden."))
        name, storage = fresh.file.name, fresh.file.storage
        fresh.delete()
        if not document.revisions.exists():
            document.delete()
        if name:
            _delete_if_unused(storage, name)


@transaction.atomic
def delete_document(document: Document) -> None:
    """Withdraw a document with all revisions; its number stays used."""
    names = [n for n in document.revisions.values_list("file", flat=True) if n]
    storage = Revision._meta.get_field("file").storage
    document.key_processes.update(document=None)
    Document.objects.filter(pk=document.pk).update(current=None)
    document.delete()
    for name in set(names):
        _delete_if_unused(storage, name)
