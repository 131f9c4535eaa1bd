from gelingen.quality.handbook import revisions
from gelingen.quality.handbook.models import Chapter, KeyProcess
from tests.isolation import pk

ORG_URLS = {
    "handbook:index": None,
    "handbook:chapter_create": None,
    "handbook:chapter_edit": pk("chapter"),
    "handbook:chapter_delete": pk("chapter"),
    "handbook:document_create": None,
    "handbook:document_detail": pk("document"),
    "handbook:document_edit": pk("document"),
    "handbook:document_delete": pk("document"),
    "handbook:revision_new": pk("document"),
    "handbook:revision_detail": pk("document", rev="revision"),
    "handbook:revision_edit": pk("document", rev="revision"),
    "handbook:revision_approve": pk("document", rev="revision"),
    "handbook:revision_discard": pk("document", rev="revision"),
    "handbook:revision_download": pk("document", rev="revision"),
    "handbook:process_list": None,
    "handbook:process_create": None,
    "handbook:process_detail": pk("process"),
    "handbook:process_edit": pk("process"),
    "handbook:process_delete": pk("process"),
}


def populate(world, side, org, people):
    chapter = Chapter.objects.create(organisation=org, title="Kernprozesse")
    document = revisions.create_document(
        org, people["qm"], chapter=chapter, kind="process", title="Aufnahme", content="Ablauf"
    )
    revision = document.revisions.get()
    revisions.approve(revision, people["qm"])
    process = KeyProcess.objects.create(organisation=org, name="Aufnahme", document=document)
    process.owners.add(people["qm"])
    setattr(world, f"{side}_chapter", chapter)
    setattr(world, f"{side}_document", document)
    setattr(world, f"{side}_revision", revision)
    setattr(world, f"{side}_process", process)
