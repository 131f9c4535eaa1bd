import pytest
from django.core.exceptions import ValidationError

from gelingen.quality.handbook import revisions
from gelingen.quality.handbook.chapters import build_tree, flatten, parent_map, placement_error
from gelingen.quality.handbook.models import Chapter, Document, HandbookCounter, KeyProcess, Revision
from gelingen.quality.handbook.processes import key_process_warning, processes_shown_in_full

pytestmark = pytest.mark.django_db


def chapter(org, title, parent=None, position=1):
    return Chapter.objects.create(organisation=org, title=title, parent=parent, position=position)


def document(org, user, ch, title="Aufnahmeverfahren", **kwargs):
    kwargs.setdefault("content", "Erstkontakt am Telefon.\n\nTermin innerhalb von 5 Werktagen.")
    return revisions.create_document(org, user, chapter=ch, kind="process", title=title, **kwargs)


# --- numbering and revisions -------------------------------------------------------------------


def test_document_numbers_per_organisation_never_reused(org_a, org_b, qm_a, qm_b):
    ch_a, ch_b = chapter(org_a, "Kern"), chapter(org_b, "Kern")
    first = document(org_a, qm_a, ch_a)
    second = document(org_a, qm_a, ch_a)
    other = document(org_b, qm_b, ch_b)
    assert (first.code, second.code, other.code) == ("HB-01", "HB-02", "HB-01")
    revisions.delete_document(second)
    assert document(org_a, qm_a, ch_a).code == "HB-03"
    assert HandbookCounter.objects.get(organisation=org_a).last == 3


def test_new_document_is_a_draft_until_approved(org_a, qm_a, leitung_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    draft = doc.revisions.get()
    assert draft.number == 1 and draft.change_note == "Erstfassung" and draft.created_by == qm_a
    assert doc.display_id == "HB-01" and not doc.is_published
    assert revisions.visible_revision(doc, can_write=False) is None
    assert revisions.visible_revision(doc, can_write=True) == draft
    revisions.approve(draft, leitung_a)
    doc.refresh_from_db()
    assert doc.display_id == "HB-01 Rev. 1" and doc.current == draft
    assert draft.approved_by == leitung_a and draft.approved_at is not None


def test_new_revision_keeps_the_old_one_and_updates_the_id_after_approval(org_a, qm_a, staff_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    revisions.approve(doc.revisions.get(), qm_a)
    draft = revisions.start_revision(doc, staff_a)
    assert (draft.number, draft.title, draft.content) == (2, "Aufnahmeverfahren", doc.current.content)
    assert revisions.start_revision(doc, staff_a) == draft  # only one draft at a time
    revisions.update_draft(draft, title="Aufnahme und Erstgespräch", content="Neu", change_note="Fristen")
    doc.refresh_from_db()
    assert doc.display_id == "HB-01 Rev. 1" and doc.title == "Aufnahmeverfahren"  # draft not current yet
    revisions.approve(draft, qm_a)
    doc.refresh_from_db()
    assert doc.display_id == "HB-01 Rev. 2" and doc.title == "Aufnahme und Erstgespräch"
    old = doc.revisions.get(number=1)
    assert old.content.startswith("Erstkontakt") and old.is_approved


def test_approved_revisions_are_frozen(org_a, qm_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    rev = doc.revisions.get()
    revisions.approve(rev, qm_a)
    with pytest.raises(ValidationError, match="bereits freigegeben"):
        revisions.approve(rev, qm_a)
    with pytest.raises(ValidationError, match="kann nicht mehr geändert werden"):
        revisions.update_draft(rev, title="x", content="y", change_note="z")
    with pytest.raises(ValidationError, match="kann nicht verworfen werden"):
        revisions.discard(rev)


def test_empty_revision_cannot_be_approved(org_a, qm_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"), content="")
    with pytest.raises(ValidationError, match="ohne Inhalt und ohne Datei"):
        revisions.approve(doc.revisions.get(), qm_a)


def test_only_the_newest_revision_can_be_approved(org_a, qm_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    first = doc.revisions.get()
    Revision.objects.create(document=doc, number=2, title="x", content="y")
    with pytest.raises(ValidationError, match="Nur die neueste Revision"):
        revisions.approve(first, qm_a)


def test_discarding_the_only_draft_removes_the_document(org_a, qm_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    revisions.discard(doc.revisions.get())
    assert not Document.objects.exists()


def test_discarding_a_later_draft_keeps_the_current_revision(org_a, qm_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    revisions.approve(doc.revisions.get(), qm_a)
    revisions.discard(revisions.start_revision(doc, qm_a))
    doc.refresh_from_db()
    assert doc.display_id == "HB-01 Rev. 1" and doc.revisions.count() == 1
    assert revisions.draft_of(doc) is None


def test_shared_files_are_deleted_with_their_last_revision(
    org_a, qm_a, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from gelingen.core.uploads import validate_upload
    from tests.evidence import files

    upload = files.upload("Ablauf.pdf", files.PDF)
    doc = document(
        org_a, qm_a, chapter(org_a, "Kern"), content="", upload=upload, checked=validate_upload(upload)
    )
    first = doc.revisions.get()
    assert first.file_name == "Ablauf.pdf" and first.file.name.startswith(f"org-{org_a.pk}/handbook/")
    revisions.approve(first, qm_a)
    draft = revisions.start_revision(doc, qm_a)
    assert draft.file.name == first.file.name  # the draft starts with the current file
    path = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        revisions.discard(draft)
    assert path.exists()  # still used by revision 1
    with django_capture_on_commit_callbacks(execute=True):
        revisions.delete_document(doc)
    assert not path.exists()


# --- chapters ----------------------------------------------------------------------------------


def test_tree_numbers_chapters_and_attaches_documents(org_a, qm_a):
    b = chapter(org_a, "Kernprozesse", position=2)
    a = chapter(org_a, "Organisation", position=1)
    b2 = chapter(org_a, "Nachsorge", parent=b, position=2)
    b1 = chapter(org_a, "Beratung", parent=b, position=1)
    b11 = chapter(org_a, "Einzelberatung", parent=b1)
    doc = document(org_a, qm_a, b1)
    nodes = flatten(build_tree(Chapter.objects.filter(organisation=org_a), [doc]))
    assert [(n.number, n.chapter.title, n.depth) for n in nodes] == [
        ("1", "Organisation", 1),
        ("2", "Kernprozesse", 1),
        ("2.1", "Beratung", 2),
        ("2.1.1", "Einzelberatung", 3),
        ("2.2", "Nachsorge", 2),
    ]
    assert nodes[2].documents == [doc]
    assert {a.pk, b.pk, b1.pk, b2.pk, b11.pk} == {n.chapter.pk for n in nodes}


def test_chapter_depth_is_limited_to_three(org_a):
    top = chapter(org_a, "1")
    middle = chapter(org_a, "1.1", parent=top)
    bottom = chapter(org_a, "1.1.1", parent=middle)
    parents = parent_map(org_a)
    assert (
        placement_error(Chapter(organisation=org_a), bottom, parents)
        == "Das Handbuch hat höchstens 3 Kapitelebenen."
    )
    assert placement_error(Chapter(organisation=org_a), middle, parents) is None
    other = chapter(org_a, "2")
    too_deep = "Das Handbuch hat höchstens 3 Kapitelebenen."
    assert placement_error(top, other, parent_map(org_a)) == too_deep  # 1 › 1.1 › 1.1.1 below 2
    assert placement_error(middle, other, parent_map(org_a)) is None  # 2 › 2.1 › 2.1.1
    assert placement_error(middle, bottom.parent, parent_map(org_a)) is not None  # below itself


def test_chapter_cannot_move_below_itself(org_a):
    top = chapter(org_a, "1")
    child = chapter(org_a, "1.1", parent=top)
    message = "Ein Kapitel kann nicht unter sich selbst oder eines seiner Unterkapitel verschoben werden."
    assert placement_error(top, child, parent_map(org_a)) == message
    assert placement_error(top, top, parent_map(org_a)) == message


# --- key processes -----------------------------------------------------------------------------


def test_key_process_warning(org_a, qm_a):
    assert "noch kein Schlüsselprozess beschrieben" in key_process_warning(org_a)
    process = KeyProcess.objects.create(organisation=org_a, name="Beratungsprozess")
    assert "als „im Selbstreport vollständig dargestellt“ markiert" in key_process_warning(org_a)
    process.shown_in_full = True
    process.save()
    assert key_process_warning(org_a) is None
    assert processes_shown_in_full(org_a) == [process]
