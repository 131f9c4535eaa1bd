from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import org_view, require_level
from gelingen.accounts.roles import Level
from gelingen.core.forms import posted
from gelingen.core.uploads import file_response

from . import revisions
from .chapters import build_tree, flatten
from .forms import (
    ChapterForm,
    DocumentCreateForm,
    DocumentForm,
    InterfaceFormSet,
    KeyProcessForm,
    RevisionForm,
    StepFormSet,
)
from .models import Chapter, Document, KeyProcess, ProcessInterface, Revision
from .processes import key_process_warning

KINDS = features.kinds("handbook")


def _documents(request: HttpRequest):
    """Documents the member may see: readers only approved ones, writers also drafts."""
    documents = Document.objects.filter(organisation=request.org)
    if not request.membership.can_write:
        documents = documents.filter(current__isnull=False)
    return documents


def _document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(_documents(request).select_related("current", "chapter", "owner"), pk=pk)


def _revision(request: HttpRequest, document: Document, pk: int) -> Revision:
    revisions_ = document.revisions.select_related("created_by", "approved_by")
    if not request.membership.can_write:
        revisions_ = revisions_.filter(approved_at__isnull=False)
    revision = get_object_or_404(revisions_, pk=pk)
    revision.document = document
    return revision


# --- handbook ----------------------------------------------------------------------------------


@org_view(kinds=KINDS)
def index(request: HttpRequest) -> HttpResponse:
    """The table of contents: chapters with their documents; drafts only for writers."""
    chapters = list(Chapter.objects.filter(organisation=request.org))
    documents = list(
        _documents(request)
        .select_related("current", "owner")
        .annotate(latest_revision=Max("revisions__number"))
    )
    tree = build_tree(chapters, documents)
    return render(
        request,
        "handbook/index.html",
        {
            "nodes": flatten(tree),
            "document_count": len(documents),
            "process_count": KeyProcess.objects.filter(organisation=request.org).count(),
        },
    )


@org_view(read=Level.MANAGE, write=Level.MANAGE, kinds=KINDS)
def chapter_create(request: HttpRequest) -> HttpResponse:
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent", "").isdigit() else {}
    form = ChapterForm(posted(request), organisation=request.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        chapter = form.save(commit=False)
        chapter.organisation = request.org
        chapter.save()
        messages.success(request, _("Kapitel „%(title)s“ angelegt.") % {"title": chapter.title})
        return redirect("handbook:index", request.org.slug)
    return render(request, "handbook/chapter_form.html", {"form": form}, status=400 if form.errors else 200)


@org_view(read=Level.MANAGE, write=Level.MANAGE, kinds=KINDS)
def chapter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    chapter = get_object_or_404(Chapter.objects.filter(organisation=request.org), pk=pk)
    form = ChapterForm(posted(request), instance=chapter, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Kapitel „%(title)s“ gespeichert.") % {"title": chapter.title})
        return redirect("handbook:index", request.org.slug)
    return render(
        request,
        "handbook/chapter_form.html",
        {"form": form, "chapter": chapter},
        status=400 if form.errors else 200,
    )


@org_view(read=Level.MANAGE, write=Level.MANAGE, kinds=KINDS)
def chapter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    chapter = get_object_or_404(Chapter.objects.filter(organisation=request.org), pk=pk)
    blocked = chapter.children.exists() or chapter.documents.exists()
    if request.method == "POST":
        if blocked:
            messages.error(
                request,
                _(
                    "Das Kapitel enthält noch Unterkapitel oder Dokumente. "
                    "Verschieben oder löschen Sie diese zuerst."
                ),
            )
            return redirect("handbook:chapter_delete", request.org.slug, chapter.pk)
        chapter.delete()
        messages.success(request, _("Kapitel „%(title)s“ gelöscht.") % {"title": chapter.title})
        return redirect("handbook:index", request.org.slug)
    return render(request, "handbook/chapter_delete.html", {"chapter": chapter, "blocked": blocked})


# --- documents and revisions -------------------------------------------------------------------


@org_view(kinds=KINDS)
def document_create(request: HttpRequest) -> HttpResponse:
    require_level(request, Level.WRITE)
    initial = {"chapter": request.GET.get("chapter")} if request.GET.get("chapter", "").isdigit() else {}
    form = DocumentCreateForm(
        posted(request), request.FILES or None, organisation=request.org, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("upload")
        document = revisions.create_document(
            request.org,
            request.user,
            chapter=data["chapter"],
            kind=data["kind"],
            title=data["title"],
            owner=data["owner"],
            position=data["position"],
            content=data["content"],
            change_note=data["change_note"],
            upload=upload,
            checked=getattr(upload, "checked", None),
        )
        messages.success(
            request,
            _("Dokument %(id)s angelegt. Es wird für alle sichtbar, sobald Leitung oder QM es freigibt.")
            % {"id": document.code},
        )
        return redirect(document)
    has_chapters = Chapter.objects.filter(organisation=request.org).exists()
    return render(
        request,
        "handbook/document_create.html",
        {"form": form, "has_chapters": has_chapters},
        status=400 if form.errors else 200,
    )


@org_view(kinds=KINDS)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    history = document.revisions.select_related("created_by", "approved_by")
    if not request.membership.can_write:
        history = history.filter(approved_at__isnull=False)
    history = list(history)
    draft = history[0] if history and not history[0].is_approved else None  # only writers get drafts
    shown = document.current if document.current_id else draft  # readers only reach approved documents
    return render(
        request,
        "handbook/document_detail.html",
        {
            "document": document,
            "shown": shown,
            "draft": draft,
            "can_discard": bool(draft) and _may_discard(request, draft, history),
            "history": history,
            "chapter_path": _chapter_path(request, document.chapter),
            "processes": list(document.key_processes.all()),
        },
    )


def _chapter_path(request: HttpRequest, chapter: Chapter) -> str:
    for node in flatten(build_tree(Chapter.objects.filter(organisation=request.org))):
        if node.chapter.pk == chapter.pk:
            return f"{node.number} {chapter.title}"
    return chapter.title


@org_view(kinds=KINDS)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    require_level(request, Level.WRITE)
    form = DocumentForm(posted(request), instance=document, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dokument %(id)s gespeichert.") % {"id": document.display_id})
        return redirect(document)
    return render(
        request,
        "handbook/document_edit.html",
        {"form": form, "document": document},
        status=400 if form.errors else 200,
    )


@org_view(read=Level.MANAGE, write=Level.MANAGE, kinds=KINDS)
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if request.method == "POST":
        code = document.code
        revisions.delete_document(document)
        messages.success(
            request, _("Dokument %(id)s gelöscht. Die Nummer wird nicht erneut vergeben.") % {"id": code}
        )
        return redirect("handbook:index", request.org.slug)
    return render(request, "handbook/document_delete.html", {"document": document})


@org_view(kinds=KINDS)
@require_POST
def revision_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a draft for the next revision (or go to the open one)."""
    document = _document(request, pk)
    draft = revisions.start_revision(document, request.user)
    return redirect("handbook:revision_edit", request.org.slug, document.pk, draft.pk)


@org_view(kinds=KINDS)
def revision_edit(request: HttpRequest, pk: int, rev: int) -> HttpResponse:
    document = _document(request, pk)
    revision = _revision(request, document, rev)
    require_level(request, Level.WRITE)
    if revision.is_approved:
        messages.error(request, _("Eine freigegebene Revision kann nicht mehr geändert werden."))
        return redirect(document)
    form = RevisionForm(posted(request), request.FILES or None, revision=revision)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("upload")
        try:
            saved = form.save_versioned(
                lambda: revisions.update_draft(
                    revision,
                    title=data["title"],
                    content=data["content"],
                    change_note=data["change_note"],
                    upload=upload,
                    checked=getattr(upload, "checked", None),
                    remove_file=bool(data.get("remove_file")) and not upload,
                )
            )
        except ValidationError as exc:  # approved or discarded meanwhile
            messages.error(request, exc.messages[0])
            return redirect(document)
        if saved is not None:
            messages.success(request, _("Entwurf %(id)s gespeichert.") % {"id": revision.display_id})
            return redirect(document)
    return render(
        request,
        "handbook/revision_form.html",
        {"form": form, "document": document, "revision": revision},
        status=400 if form.errors else 200,
    )


@org_view(write=Level.MANAGE, kinds=KINDS)
@require_POST
def revision_approve(request: HttpRequest, pk: int, rev: int) -> HttpResponse:
    document = _document(request, pk)
    revision = _revision(request, document, rev)
    try:
        revisions.approve(revision, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("%(id)s freigegeben; sie ist jetzt die gültige Fassung.") % {"id": revision.display_id}
        )
    return redirect(document)


def _may_discard(request: HttpRequest, revision: Revision, history=None) -> bool:
    """Writers may discard a later draft; discarding the only revision deletes the whole document,
    which (like `document_delete`) is for Leitung/QM."""
    if request.membership.can_manage:
        return True
    if history is not None:
        return any(r.pk != revision.pk for r in history)
    return revision.document.revisions.exclude(pk=revision.pk).exists()


@org_view(kinds=KINDS)
@require_POST
def revision_discard(request: HttpRequest, pk: int, rev: int) -> HttpResponse:
    document = _document(request, pk)
    revision = _revision(request, document, rev)
    if not _may_discard(request, revision):
        raise PermissionDenied
    try:
        revisions.discard(revision)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(document)
    messages.success(request, _("Entwurf %(id)s verworfen.") % {"id": revision.display_id})
    if Document.objects.filter(pk=document.pk).exists():
        return redirect(document)
    return redirect("handbook:index", request.org.slug)


@org_view(kinds=KINDS)
def revision_detail(request: HttpRequest, pk: int, rev: int) -> HttpResponse:
    document = _document(request, pk)
    revision = _revision(request, document, rev)
    return render(request, "handbook/revision_detail.html", {"document": document, "revision": revision})


@org_view(kinds=KINDS)
def revision_download(request: HttpRequest, pk: int, rev: int) -> HttpResponse:
    document = _document(request, pk)
    revision = _revision(request, document, rev)
    if not revision.file:
        raise Http404
    try:
        return file_response(revision.file, revision.file_name)
    except FileNotFoundError as exc:
        raise Http404 from exc


# --- key processes -----------------------------------------------------------------------------


@org_view(kinds=KINDS)
def process_list(request: HttpRequest) -> HttpResponse:
    processes = (
        KeyProcess.objects.filter(organisation=request.org)
        .select_related("document__current")
        .annotate(step_count=Count("steps", distinct=True))
        .prefetch_related(
            "owners", Prefetch("interfaces", queryset=ProcessInterface.objects.select_related("other"))
        )
    )
    return render(
        request,
        "handbook/process_list.html",
        {"processes": processes, "warning": key_process_warning(request.org)},
    )


@org_view(kinds=KINDS)
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(
        KeyProcess.objects.filter(organisation=request.org)
        .select_related("document__current")
        .prefetch_related("owners", "steps", "interfaces__other", "incoming_interfaces__process"),
        pk=pk,
    )
    requirements = process.requirements.select_related("area").order_by("area__number", "position")
    document_visible = bool(
        process.document and (process.document.current_id or request.membership.can_write)
    )
    return render(
        request,
        "handbook/process_detail.html",
        {"process": process, "requirements": requirements, "document_visible": document_visible},
    )


def _process_form(request: HttpRequest, process: KeyProcess | None) -> HttpResponse:
    require_level(request, Level.WRITE)
    instance = process or KeyProcess(organisation=request.org)
    data = posted(request)
    form = KeyProcessForm(data, instance=instance, organisation=request.org)
    existing = instance.steps.count() if instance.pk else 0
    # New rows continue the numbering; unchanged extra rows are skipped as empty.
    steps = StepFormSet(
        data,
        instance=instance,
        prefix="steps",
        initial=[{"position": existing + i + 1} for i in range(StepFormSet.extra)],
    )
    interfaces = InterfaceFormSet(data, instance=instance, prefix="interfaces", organisation=request.org)
    if request.method == "POST" and form.is_valid() and steps.is_valid() and interfaces.is_valid():
        with transaction.atomic():
            saved = form.save()
            steps.instance = saved
            steps.save()
            interfaces.instance = saved
            interfaces.save()
        messages.success(request, _("Schlüsselprozess „%(name)s“ gespeichert.") % {"name": saved.name})
        return redirect(saved)
    invalid = request.method == "POST"
    return render(
        request,
        "handbook/process_form.html",
        {"form": form, "steps": steps, "interfaces": interfaces, "process": process},
        status=400 if invalid else 200,
    )


@org_view(kinds=KINDS)
def process_create(request: HttpRequest) -> HttpResponse:
    return _process_form(request, None)


@org_view(kinds=KINDS)
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(KeyProcess.objects.filter(organisation=request.org), pk=pk)
    return _process_form(request, process)


@org_view(read=Level.MANAGE, write=Level.MANAGE, kinds=KINDS)
def process_delete(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(KeyProcess.objects.filter(organisation=request.org), pk=pk)
    if request.method == "POST":
        process.delete()
        messages.success(request, _("Schlüsselprozess „%(name)s“ gelöscht.") % {"name": process.name})
        return redirect("handbook:process_list", request.org.slug)
    return render(request, "handbook/process_delete.html", {"process": process})
