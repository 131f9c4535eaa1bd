import pytest
from django.urls import reverse

from gelingen.catalogue.models import Requirement
from gelingen.quality.handbook import revisions
from gelingen.quality.handbook.models import Chapter, Document, KeyProcess, ProcessInterface, ProcessStep
from tests.evidence import files

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"handbook:{name}", args=[org.slug, *args])


def chapter(org, title="Kernprozesse", parent=None, position=1):
    return Chapter.objects.create(organisation=org, title=title, parent=parent, position=position)


def published(org, user, ch, title="Aufnahmeverfahren", content="Ablauf der Aufnahme."):
    doc = revisions.create_document(org, user, chapter=ch, kind="process", title=title, content=content)
    revisions.approve(doc.revisions.get(), user)
    doc.refresh_from_db()
    return doc


# --- chapters ----------------------------------------------------------------------------------


def test_manager_creates_and_edits_chapters(client_qm, org_a):
    response = client_qm.post(url("chapter_create", org_a), {"title": "Kernprozesse", "position": 2})
    assert response.status_code == 302
    top = Chapter.objects.get()
    response = client_qm.post(
        url("chapter_create", org_a), {"title": " Beratung ", "parent": top.pk, "position": 1}
    )
    child = Chapter.objects.get(title="Beratung")
    assert child.parent == top and child.organisation == org_a
    client_qm.post(url("chapter_edit", org_a, top.pk), {"title": "Kernprozesse und Abläufe", "position": 1})
    top.refresh_from_db()
    assert top.title == "Kernprozesse und Abläufe"
    text = client_qm.get(url("index", org_a)).content.decode()
    assert "1 Kernprozesse und Abläufe" in text and "1.1 Beratung" in text


def test_chapter_form_rejects_too_deep_and_loops(client_qm, org_a):
    a = chapter(org_a, "A")
    b = chapter(org_a, "B", parent=a)
    c = chapter(org_a, "C", parent=b)
    response = client_qm.post(url("chapter_create", org_a), {"title": "D", "parent": c.pk, "position": 1})
    assert response.status_code == 400
    assert "Das Handbuch hat höchstens 3 Kapitelebenen." in response.content.decode()
    response = client_qm.post(url("chapter_edit", org_a, a.pk), {"title": "A", "parent": b.pk, "position": 1})
    assert response.status_code == 400
    assert "nicht unter sich selbst" in response.content.decode()
    assert Chapter.objects.count() == 3 and Chapter.objects.get(pk=a.pk).parent is None


def test_chapter_of_another_organisation_cannot_be_parent(client_qm, org_a, org_b):
    foreign = chapter(org_b, "Fremd")
    response = client_qm.post(
        url("chapter_create", org_a), {"title": "X", "parent": foreign.pk, "position": 1}
    )
    assert response.status_code == 400
    assert not Chapter.objects.filter(organisation=org_a).exists()


def test_empty_post_shows_the_required_fields(client_qm, org_a):
    response = client_qm.post(url("chapter_create", org_a), {})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Chapter.objects.exists()


def test_staff_cannot_manage_chapters(client, staff_a, org_a):
    client.force_login(staff_a)
    ch = chapter(org_a)
    assert client.get(url("chapter_create", org_a)).status_code == 403
    assert client.get(url("chapter_edit", org_a, ch.pk)).status_code == 403
    assert client.get(url("chapter_delete", org_a, ch.pk)).status_code == 403
    assert client.post(url("chapter_create", org_a), {"title": "X", "position": 1}).status_code == 403
    assert client.post(url("chapter_delete", org_a, ch.pk)).status_code == 403
    assert Chapter.objects.count() == 1


def test_only_empty_chapters_can_be_deleted(client_qm, qm_a, org_a):
    ch = chapter(org_a)
    published(org_a, qm_a, ch)
    response = client_qm.post(url("chapter_delete", org_a, ch.pk))
    assert response.status_code == 302
    assert Chapter.objects.filter(pk=ch.pk).exists()
    follow = client_qm.get(response.url).content.decode()
    assert "enthält noch Unterkapitel oder Dokumente" in follow
    empty = chapter(org_a, "Leer")
    client_qm.post(url("chapter_delete", org_a, empty.pk))
    assert not Chapter.objects.filter(pk=empty.pk).exists()


# --- documents ---------------------------------------------------------------------------------


def doc_data(ch, **overrides):
    data = {
        "title": "Beschwerdeverfahren",
        "chapter": ch.pk,
        "kind": "procedure",
        "owner": "",
        "position": 1,
        "content": "Beschwerden werden innerhalb von 3 Werktagen beantwortet.",
        "change_note": "Erstfassung",
    }
    data.update(overrides)
    return data


def test_staff_creates_a_document_that_readers_see_only_after_approval(
    client, staff_a, qm_a, reader_a, org_a
):
    ch = chapter(org_a)
    client.force_login(staff_a)
    response = client.post(url("document_create", org_a), doc_data(ch, owner=staff_a.pk))
    doc = Document.objects.get()
    assert response.status_code == 302 and response.url == doc.get_absolute_url()
    assert (doc.code, doc.owner, doc.kind) == ("HB-01", staff_a, "procedure")
    text = client.get(doc.get_absolute_url()).content.decode()
    assert "Entwurf HB-01 Rev. 1" in text and "Freigeben können Leitung und Qualitätsbeauftragte." in text
    # staff cannot approve
    rev = doc.revisions.get()
    assert client.post(url("revision_approve", org_a, doc.pk, rev.pk)).status_code == 403

    client.force_login(reader_a)
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert "Beschwerdeverfahren" not in client.get(url("index", org_a)).content.decode()

    client.force_login(qm_a)
    response = client.post(url("revision_approve", org_a, doc.pk, rev.pk))
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.display_id == "HB-01 Rev. 1"

    client.force_login(reader_a)
    text = client.get(doc.get_absolute_url()).content.decode()
    assert "HB-01 Rev. 1" in text and "innerhalb von 3 Werktagen" in text
    assert "Neue Revision beginnen" not in text
    assert "HB-01 Rev. 1" in client.get(url("index", org_a)).content.decode()


def test_document_needs_content_or_file(client_qm, org_a):
    ch = chapter(org_a)
    response = client_qm.post(url("document_create", org_a), doc_data(ch, content="  "))
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Inhalt oder laden Sie eine Datei hoch." in response.content.decode()
    assert not Document.objects.exists()


def test_document_with_file_and_download(client_qm, client, reader_a, qm_a, org_a):
    ch = chapter(org_a)
    response = client_qm.post(
        url("document_create", org_a),
        doc_data(ch, content="", upload=files.upload("Formular Aufnahme.odt", files.odt())),
    )
    assert response.status_code == 302
    doc = Document.objects.get()
    rev = doc.revisions.get()
    assert rev.file_name == "Formular Aufnahme.odt"
    revisions.approve(rev, qm_a)
    client.force_login(reader_a)
    response = client.get(url("revision_download", org_a, doc.pk, rev.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == files.odt()
    response.close()


def test_wrong_file_type_is_refused(client_qm, org_a):
    ch = chapter(org_a)
    response = client_qm.post(
        url("document_create", org_a), doc_data(ch, upload=files.upload("prozess.pdf", files.EXE))
    )
    assert response.status_code == 400
    assert "Dieser Dateityp ist nicht erlaubt." in response.content.decode()
    assert not Document.objects.exists()


def test_owner_must_be_a_member(client_qm, org_a, qm_b):
    ch = chapter(org_a)
    response = client_qm.post(url("document_create", org_a), doc_data(ch, owner=qm_b.pk))
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Person aus Ihrer Organisation." in response.content.decode()


def test_chapter_of_another_organisation_is_refused(client_qm, org_a, org_b):
    foreign = chapter(org_b)
    chapter(org_a)
    response = client_qm.post(url("document_create", org_a), doc_data(foreign))
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_revision_workflow_through_the_views(client, staff_a, qm_a, org_a):
    doc = published(org_a, qm_a, chapter(org_a))
    client.force_login(staff_a)
    response = client.post(url("revision_new", org_a, doc.pk))
    draft = doc.revisions.get(number=2)
    assert response.url == url("revision_edit", org_a, doc.pk, draft.pk)
    assert client.get(url("revision_new", org_a, doc.pk)).status_code == 405
    # change note is required from revision 2 on
    response = client.post(
        url("revision_edit", org_a, doc.pk, draft.pk),
        {"title": "Aufnahme", "content": "Neu", "change_note": ""},
    )
    assert response.status_code == 400
    assert (
        "Bitte beschreiben Sie kurz, was sich gegenüber der vorigen Revision ändert."
        in response.content.decode()
    )
    response = client.post(
        url("revision_edit", org_a, doc.pk, draft.pk),
        {
            "title": "Aufnahme und Erstgespräch",
            "content": "Neu: Termin binnen 5 Werktagen",
            "change_note": "Frist",
        },
    )
    assert response.status_code == 302
    text = client.get(doc.get_absolute_url()).content.decode()
    assert "HB-01 Rev. 1" in text and "Entwurf HB-01 Rev. 2" in text and "Ablauf der Aufnahme." in text

    client.force_login(qm_a)
    client.post(url("revision_approve", org_a, doc.pk, draft.pk))
    doc.refresh_from_db()
    assert doc.display_id == "HB-01 Rev. 2" and doc.title == "Aufnahme und Erstgespräch"
    text = client.get(doc.get_absolute_url()).content.decode()
    assert "Gültige Fassung (HB-01 Rev. 2)" in text and "Termin binnen 5 Werktagen" in text
    # the old revision stays readable
    old = doc.revisions.get(number=1)
    text = client.get(url("revision_detail", org_a, doc.pk, old.pk)).content.decode()
    assert "Ablauf der Aufnahme." in text and "frühere Fassung" in text
    # an approved revision cannot be edited
    response = client.post(
        url("revision_edit", org_a, doc.pk, old.pk), {"title": "x", "content": "y", "change_note": "z"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.title == "Aufnahmeverfahren"


def test_reader_cannot_see_drafts(client, reader_a, qm_a, org_a):
    doc = published(org_a, qm_a, chapter(org_a))
    draft = revisions.start_revision(doc, qm_a)
    client.force_login(reader_a)
    assert client.get(url("revision_detail", org_a, doc.pk, draft.pk)).status_code == 404
    text = client.get(doc.get_absolute_url()).content.decode()
    assert "Rev. 2" not in text
    assert client.post(url("revision_discard", org_a, doc.pk, draft.pk)).status_code == 403


def test_staff_cannot_discard_the_only_revision(client, staff_a, qm_a, org_a):
    """Discarding the only (never approved) revision deletes the document: that needs Leitung/QM."""
    ch = chapter(org_a)
    client.force_login(staff_a)
    client.post(url("document_create", org_a), doc_data(ch))
    doc = Document.objects.get()
    draft = doc.revisions.get()
    text = client.get(doc.get_absolute_url()).content.decode()
    assert url("revision_discard", org_a, doc.pk, draft.pk) not in text
    assert "Verwerfen können hier nur Leitung und Qualitätsbeauftragte" in text
    assert client.post(url("revision_discard", org_a, doc.pk, draft.pk)).status_code == 403
    assert client.get(url("document_delete", org_a, doc.pk)).status_code == 403
    assert Document.objects.filter(pk=doc.pk).exists() and doc.revisions.count() == 1

    client.force_login(qm_a)
    text = client.get(doc.get_absolute_url()).content.decode()
    assert "Entwurf verwerfen und Dokument löschen" in text
    response = client.post(url("revision_discard", org_a, doc.pk, draft.pk))
    assert response.url == url("index", org_a) and not Document.objects.exists()


def test_staff_can_discard_a_later_draft(client, staff_a, qm_a, org_a):
    doc = published(org_a, qm_a, chapter(org_a))
    draft = revisions.start_revision(doc, staff_a)
    client.force_login(staff_a)
    text = client.get(doc.get_absolute_url()).content.decode()
    assert url("revision_discard", org_a, doc.pk, draft.pk) in text
    response = client.post(url("revision_discard", org_a, doc.pk, draft.pk))
    assert response.status_code == 302 and response.url == doc.get_absolute_url()
    assert list(doc.revisions.all()) == [doc.current]


def test_approving_twice_shows_a_message(client_qm, qm_a, org_a):
    doc = published(org_a, qm_a, chapter(org_a))
    rev = doc.current
    response = client_qm.post(url("revision_approve", org_a, doc.pk, rev.pk), follow=True)
    assert "Diese Revision ist bereits freigegeben." in response.content.decode()


def test_discard_and_delete(client_qm, qm_a, org_a):
    doc = published(org_a, qm_a, chapter(org_a))
    draft = revisions.start_revision(doc, qm_a)
    client_qm.post(url("revision_discard", org_a, doc.pk, draft.pk))
    assert doc.revisions.count() == 1
    assert "HB-01 löschen" in client_qm.get(url("document_delete", org_a, doc.pk)).content.decode()
    response = client_qm.post(url("document_delete", org_a, doc.pk))
    assert response.url == url("index", org_a) and not Document.objects.exists()


def test_document_edit_moves_and_sets_owner(client, staff_a, qm_a, org_a):
    doc = published(org_a, qm_a, chapter(org_a))
    other = chapter(org_a, "Formulare", position=2)
    client.force_login(staff_a)
    response = client.post(
        url("document_edit", org_a, doc.pk),
        {"chapter": other.pk, "kind": "form", "owner": staff_a.pk, "position": 3},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.chapter, doc.kind, doc.owner, doc.position) == (other, "form", staff_a, 3)


@pytest.mark.parametrize("n", [3, 60])
def test_index_query_count_is_bounded(client_qm, qm_a, org_a, n, django_assert_num_queries):
    chapters = [chapter(org_a, f"Kapitel {i}", position=i) for i in range(1, 4)]
    for i in range(n):
        doc = published(org_a, qm_a, chapters[i % 3], title=f"Dokument {i}")
        if i % 2:
            revisions.start_revision(doc, qm_a)
    client_qm.get(url("index", org_a))
    # session, user, membership, chapters, documents, process count
    with django_assert_num_queries(6):
        response = client_qm.get(url("index", org_a))
    text = response.content.decode()
    assert text.count("Rev. 1</a>") == n
    assert text.count("neue Revision in Arbeit") == n // 2


# --- key processes -----------------------------------------------------------------------------


def process_data(owners, **overrides):
    data = {
        "name": "Beratungsprozess",
        "goal": "Klientinnen und Klienten erhalten verlässlich Beratung.",
        "owners": [o.pk for o in owners],
        "document": "",
        "position": 1,
        "requirements": [],
        "steps-TOTAL_FORMS": 3,
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        "steps-0-position": 1,
        "steps-0-text": "Erstgespräch führen",
        "steps-0-responsible_role": "Fachkraft",
        "steps-1-position": 2,
        "steps-1-text": "Hilfeplan vereinbaren",
        "steps-1-responsible_role": "Fachkraft",
        "steps-2-position": 3,
        "steps-2-text": "",
        "steps-2-responsible_role": "",
        "interfaces-TOTAL_FORMS": 2,
        "interfaces-INITIAL_FORMS": 0,
        "interfaces-MIN_NUM_FORMS": 0,
        "interfaces-MAX_NUM_FORMS": 1000,
        "interfaces-0-other": "",
        "interfaces-0-description": "",
        "interfaces-1-other": "",
        "interfaces-1-description": "",
    }
    data.update(overrides)
    return data


def test_create_process_with_steps_interfaces_and_requirements(client, staff_a, qm_a, org_a, cycle_a):
    intake = KeyProcess.objects.create(organisation=org_a, name="Erstkontakt und Aufnahme")
    doc = published(org_a, qm_a, chapter(org_a))
    qb31 = Requirement.objects.get(model=cycle_a.model, code="QB3.1")
    client.force_login(staff_a)
    assert "Schlüsselprozess anlegen" in client.get(url("process_create", org_a)).content.decode()
    response = client.post(
        url("process_create", org_a),
        process_data(
            [qm_a, staff_a],
            document=doc.pk,
            shown_in_full="on",
            requirements=[qb31.pk],
            **{
                "interfaces-0-other": intake.pk,
                "interfaces-0-description": "Übergabe nach dem Aufnahmegespräch",
            },
        ),
    )
    process = KeyProcess.objects.get(name="Beratungsprozess")
    assert response.status_code == 302 and response.url == process.get_absolute_url()
    assert set(process.owners.all()) == {qm_a, staff_a}
    assert [s.text for s in process.steps.all()] == ["Erstgespräch führen", "Hilfeplan vereinbaren"]
    assert process.interfaces.get().other == intake
    assert process.shown_in_full and process.document == doc
    assert list(process.requirements.all()) == [qb31]
    text = client.get(process.get_absolute_url()).content.decode()
    assert "Hilfeplan vereinbaren" in text and "übergibt an" in text and "HB-01 Rev. 1" in text
    text = client.get(intake.get_absolute_url()).content.decode()
    assert "übernimmt von" in text and "Übergabe nach dem Aufnahmegespräch" in text


def test_process_detail_shows_the_requirement_text(client_reader, qm_a, org_a, cycle_a):
    process = KeyProcess.objects.create(organisation=org_a, name="Beratung")
    qb31 = Requirement.objects.get(model=cycle_a.model, code="QB3.1")
    process.requirements.add(qb31)
    text = client_reader.get(process.get_absolute_url()).content.decode()
    assert f"<li><strong>QB3.1</strong> {qb31.display_text}</li>" in text
    assert "title=" not in text.split("<main")[1]


def test_process_needs_owner_and_a_step(client_qm, org_a):
    data = process_data([], **{"steps-0-text": "", "steps-1-text": "", "steps-1-responsible_role": ""})
    data["steps-0-responsible_role"] = ""
    response = client_qm.post(url("process_create", org_a), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Bitte legen Sie mindestens eine verantwortliche Person fest (QB3)." in text
    assert "Bitte beschreiben Sie mindestens einen Prozessschritt." in text
    assert not KeyProcess.objects.exists()


def test_interface_needs_a_description_and_no_duplicates(client_qm, qm_a, org_a):
    other = KeyProcess.objects.create(organisation=org_a, name="Beschwerdemanagement")
    data = process_data(
        [qm_a],
        **{
            "interfaces-0-other": other.pk,
            "interfaces-0-description": "Beschwerde im Gespräch",
            "interfaces-1-other": other.pk,
            "interfaces-1-description": "",
        },
    )
    response = client_qm.post(url("process_create", org_a), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Zu diesem Prozess ist bereits eine Schnittstelle beschrieben." in text
    assert "Dieses Feld ist zwingend erforderlich." in text
    assert KeyProcess.objects.count() == 1


def test_foreign_owner_or_process_is_refused(client_qm, qm_b, qm_a, org_a, org_b):
    foreign = KeyProcess.objects.create(organisation=org_b, name="Fremd")
    response = client_qm.post(url("process_create", org_a), process_data([qm_b]))
    assert response.status_code == 400
    assert "Bitte wählen Sie Personen aus Ihrer Organisation." in response.content.decode()
    data = process_data([qm_a], **{"interfaces-0-other": foreign.pk, "interfaces-0-description": "x"})
    response = client_qm.post(url("process_create", org_a), data)
    assert "Bitte wählen Sie einen anderen Schlüsselprozess." in response.content.decode()
    assert not KeyProcess.objects.filter(organisation=org_a).exists()


def test_edit_process_updates_steps(client_qm, qm_a, org_a):
    process = KeyProcess.objects.create(organisation=org_a, name="Beratung")
    process.owners.add(qm_a)
    step = ProcessStep.objects.create(process=process, position=1, text="Alt")
    text = client_qm.get(url("process_edit", org_a, process.pk)).content.decode()
    assert 'name="steps-1-position" value="2"' in text  # new rows continue the numbering
    data = process_data(
        [qm_a],
        **{
            "steps-TOTAL_FORMS": 2,
            "steps-INITIAL_FORMS": 1,
            "steps-0-id": step.pk,
            "steps-0-text": "Neu",
            "steps-1-text": "",
            "steps-1-responsible_role": "",
        },
    )
    response = client_qm.post(url("process_edit", org_a, process.pk), data)
    assert response.status_code == 302
    assert [s.text for s in process.steps.all()] == ["Neu"]
    assert not ProcessInterface.objects.exists()


def test_process_list_warns_until_one_is_shown_in_full(client_reader, qm_a, org_a):
    text = client_reader.get(url("process_list", org_a)).content.decode()
    assert "noch kein Schlüsselprozess beschrieben" in text
    process = KeyProcess.objects.create(organisation=org_a, name="Beratung")
    text = client_reader.get(url("process_list", org_a)).content.decode()
    assert "Kein Schlüsselprozess ist als" in text and "Schlüsselprozess anlegen" not in text
    process.shown_in_full = True
    process.save()
    assert "Hinweis:" not in client_reader.get(url("process_list", org_a)).content.decode()


def test_reader_cannot_edit_processes(client_reader, qm_a, org_a):
    process = KeyProcess.objects.create(organisation=org_a, name="Beratung")
    assert client_reader.get(url("process_edit", org_a, process.pk)).status_code == 403
    assert client_reader.post(url("process_edit", org_a, process.pk), process_data([qm_a])).status_code == 403


def test_delete_process_needs_manage(client, staff_a, qm_a, org_a):
    process = KeyProcess.objects.create(organisation=org_a, name="Beratung")
    client.force_login(staff_a)
    assert client.get(url("process_delete", org_a, process.pk)).status_code == 403
    assert client.post(url("process_delete", org_a, process.pk)).status_code == 403
    client.force_login(qm_a)
    assert client.post(url("process_delete", org_a, process.pk)).status_code == 302
    assert not KeyProcess.objects.exists()


@pytest.mark.parametrize("n", [3, 60])
def test_process_list_query_count_is_bounded(client_qm, qm_a, org_a, n, django_assert_num_queries):
    doc = published(org_a, qm_a, chapter(org_a))
    previous = None
    for i in range(n):
        process = KeyProcess.objects.create(organisation=org_a, name=f"Prozess {i}", document=doc)
        process.owners.add(qm_a)
        ProcessStep.objects.create(process=process, position=1, text="Schritt")
        if previous:
            ProcessInterface.objects.create(process=process, other=previous, description="Übergabe")
        previous = process
    client_qm.get(url("process_list", org_a))
    # session, user, membership, processes, owners, interfaces, warning (2)
    with django_assert_num_queries(8):
        response = client_qm.get(url("process_list", org_a))
    assert response.content.decode().count("Prozess ") >= n


def test_navigation_entry(client_reader, org_a):
    text = client_reader.get(url("index", org_a)).content.decode()
    assert f'<a href="{url("index", org_a)}" aria-current="page">Handbuch</a>' in text
