import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gelingen.quality.handbook import revisions
from gelingen.quality.handbook.chapters import build_tree, flatten, parent_map, placement_error
from gelingen.quality.handbook.models import Chapter, Document, HandbookCounter, KeyProcess, Revision
from gelingen.quality.handbook.processes import key_process_warning

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


def test_a_stale_copy_of_an_approved_revision_cannot_be_approved_again(org_a, qm_a, leitung_a):
    """Two people open the draft and both approve: the second approval is refused."""
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    mine, theirs = doc.revisions.get(), Revision.objects.get(document=doc)
    revisions.approve(theirs, leitung_a)
    assert not mine.is_approved  # loaded before the other approval
    with pytest.raises(ValidationError, match="Diese Revision ist bereits freigegeben"):
        revisions.approve(mine, qm_a)
    mine.refresh_from_db()
    assert mine.approved_by == leitung_a


def test_a_stale_copy_of_a_superseded_revision_cannot_be_approved(org_a, qm_a, leitung_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    stale = doc.revisions.get()
    revisions.approve(Revision.objects.get(pk=stale.pk), leitung_a)
    second = revisions.start_revision(doc, qm_a)
    revisions.update_draft(second, title="Neu", content="Neuer Ablauf", change_note="Fristen")
    revisions.approve(second, leitung_a)
    revisions.start_revision(doc, qm_a)
    with pytest.raises(ValidationError, match="Diese Revision ist bereits freigegeben"):
        revisions.approve(stale, qm_a)
    doc.refresh_from_db()
    assert doc.current == second and doc.display_id == "HB-01 Rev. 2"


def test_a_stale_draft_cannot_be_changed_or_discarded_after_approval(org_a, qm_a, leitung_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    stale = doc.revisions.get()
    revisions.approve(Revision.objects.get(pk=stale.pk), leitung_a)
    with pytest.raises(ValidationError, match="kann nicht mehr geändert werden"):
        revisions.update_draft(stale, title="x", content="y", change_note="z")
    with pytest.raises(ValidationError, match="kann nicht verworfen werden"):
        revisions.discard(stale)
    doc.refresh_from_db()
    assert doc.current.content.startswith("Erstkontakt") and doc.revisions.count() == 1


def test_a_discarded_draft_cannot_be_approved(org_a, qm_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    revisions.approve(doc.revisions.get(), qm_a)
    draft = revisions.start_revision(doc, qm_a)
    revisions.discard(Revision.objects.get(pk=draft.pk))
    with pytest.raises(ValidationError, match="Dieser Entwurf wurde inzwischen verworfen"):
        revisions.approve(draft, qm_a)
    doc.refresh_from_db()
    assert doc.display_id == "HB-01 Rev. 1"


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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
def test_concurrent_approvals_only_one_succeeds(org_a, qm_a, leitung_a):
    doc = document(org_a, qm_a, chapter(org_a, "Kern"))
    draft_pk = doc.revisions.get().pk
    loaded = threading.Barrier(6)
    approved, refused, errors = [], [], []

    def worker():
        try:
            revision = Revision.objects.select_related("document").get(pk=draft_pk)
            loaded.wait(timeout=10)  # everyone holds an unapproved copy before anyone approves
            revisions.approve(revision, leitung_a)
            approved.append(revision.pk)
        except ValidationError as exc:
            refused.append(exc.messages[0])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(approved) == 1
    assert refused == ["Diese Revision ist bereits freigegeben."] * 5
