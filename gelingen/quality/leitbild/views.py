"""Leitbild pages: overview, draft editing and publishing, versions and diffs, participation, revision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import org_view
from gelingen.accounts.roles import Level
from gelingen.core.forms import posted

from . import drafts
from .completeness import completeness, participation_count, qb1_checks, version_completeness
from .current import current_version
from .diff import compare
from .forms import CommunicationForm, CompareForm, DraftForm, ParticipationForm, PublishForm, RevisionPlanForm
from .hints import guiding_questions
from .models import SECTION_KEYS, LeitbildSection, LeitbildVersion, Participation, RevisionPlan

KINDS = features.kinds("leitbild")
PER_PAGE = 50


def _versions(request: HttpRequest):
    return LeitbildVersion.objects.filter(organisation=request.org)


def _sections(version: LeitbildVersion | None, hints: dict[str, str] | None = None) -> list[dict]:
    texts = drafts.section_texts(version)
    hints = hints or {}
    return [
        {"key": key, "label": label, "text": texts[key], "hint": hints.get(key, "")}
        for key, label in SECTION_KEYS
    ]


def _plan(request: HttpRequest) -> RevisionPlan | None:
    return RevisionPlan.objects.filter(organisation=request.org).select_related("responsible").first()


@org_view(kinds=KINDS)
def overview(request: HttpRequest) -> HttpResponse:
    """The current Leitbild with completeness, communication, participation and revision at a glance."""
    today = timezone.localdate()
    current = current_version(request.org)
    draft = drafts.draft_of(request.org)
    current_state = version_completeness(current) if current else None
    participations = list(
        Participation.objects.filter(organisation=request.org).select_related("version")[:5]
    )
    count = participation_count(request.org)
    plan = _plan(request)
    return render(
        request,
        "leitbild/overview.html",
        {
            "current": current,
            "sections": _sections(current) if current else [],
            "current_state": current_state,
            "draft": draft,
            "draft_state": version_completeness(draft) if draft else None,
            "participations": participations,
            "participation_total": count,
            "plan": plan,
            "plan_overdue": bool(plan and plan.next_revision_on and plan.next_revision_on < today),
            "checks": qb1_checks(current, current_state, count, plan, today),
        },
    )


@org_view(kinds=KINDS)
def draft_edit(request: HttpRequest) -> HttpResponse:
    """Edit the draft; several saves are fine, nothing changes for readers until it is published."""
    draft = drafts.draft_of(request.org)
    if draft is None:
        if request.method == "POST":
            raise Http404
        return render(request, "leitbild/draft_start.html", {"current": current_version(request.org)})
    hints = guiding_questions(request.org)
    if request.method == "POST":
        form = DraftForm(request.POST, hints=hints)
        if form.is_valid():
            try:
                drafts.save_draft(
                    draft,
                    request.user,
                    form.cleaned_data["preamble"],
                    form.texts(),
                    form.cleaned_data["edit_count"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Der Entwurf wurde gespeichert."))
                return redirect("leitbild:draft_edit", request.org.slug)
        state = completeness(form.texts() if form.is_valid() else drafts.section_texts(draft))
    else:
        texts = drafts.section_texts(draft)
        form = DraftForm(
            initial={"edit_count": draft.edit_count, "preamble": draft.preamble, **texts}, hints=hints
        )
        state = completeness(texts)
    return render(
        request,
        "leitbild/draft_edit.html",
        {
            "draft": draft,
            "form": form,
            "state": state,
            "sections": _sections(draft),
            "current": current_version(request.org),
        },
    )


@org_view(kinds=KINDS)
@require_POST
def draft_start(request: HttpRequest) -> HttpResponse:
    copy_current = request.POST.get("base", "current") != "blank"
    existed = drafts.draft_of(request.org) is not None
    drafts.start_draft(request.org, request.user, copy_current=copy_current)
    if existed:
        messages.info(request, _("Es gibt bereits einen Entwurf; Sie bearbeiten ihn weiter."))
    else:
        messages.success(request, _("Der Entwurf wurde angelegt."))
    return redirect("leitbild:draft_edit", request.org.slug)


@org_view(write=Level.MANAGE, kinds=KINDS)
def draft_discard(request: HttpRequest) -> HttpResponse:
    draft = drafts.draft_of(request.org)
    if draft is None:
        raise Http404
    if request.method == "POST":
        drafts.discard_draft(draft)
        messages.success(request, _("Der Entwurf wurde verworfen."))
        return redirect("leitbild:overview", request.org.slug)
    return render(request, "leitbild/draft_discard.html", {"draft": draft})


@org_view(write=Level.MANAGE, kinds=KINDS)
def publish(request: HttpRequest) -> HttpResponse:
    """Confirm and publish the draft with a change note (Leitung / QM)."""
    draft = drafts.draft_of(request.org)
    if draft is None:
        raise Http404
    form = PublishForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            version = drafts.publish(draft, request.user, form.cleaned_data["change_note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Version %(n)s ist jetzt das geltende Leitbild. "
                    "Halten Sie fest, wie es bekannt gemacht wird."
                )
                % {"n": version.number},
            )
            return redirect("leitbild:communication", request.org.slug, version.pk)
    return render(
        request,
        "leitbild/publish.html",
        {
            "draft": draft,
            "form": form,
            "state": version_completeness(draft),
            "problems": drafts.publish_problems(draft),
            "current": current_version(request.org),
        },
    )


@org_view(kinds=KINDS)
def history(request: HttpRequest) -> HttpResponse:
    versions = (
        _versions(request)
        .select_related("published_by", "created_by")
        .prefetch_related(
            Prefetch("sections", queryset=LeitbildSection.objects.only("version_id", "key", "text"))
        )
        .order_by("-number")
    )
    page = Paginator(versions, PER_PAGE).get_page(request.GET.get("page"))
    # Predecessor of each version (it may sit on the next page): one small query for all numbers.
    numbers = sorted(_versions(request).values_list("number", "pk"))
    previous = {pk: numbers[i - 1][1] for i, (_n, pk) in enumerate(numbers) if i > 0}
    current = current_version(request.org)
    rows = [(v, version_completeness(v), previous.get(v.pk)) for v in page.object_list]
    return render(
        request,
        "leitbild/history.html",
        {"page": page, "rows": rows, "current_pk": current.pk if current else None},
    )


@org_view(kinds=KINDS)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(_versions(request).select_related("published_by", "updated_by"), pk=pk)
    previous = (
        _versions(request)
        .filter(number__lt=version.number, published_at__isnull=False)
        .order_by("-number")
        .first()
    )
    return render(
        request,
        "leitbild/version.html",
        {
            "version": version,
            "sections": _sections(version),
            "state": version_completeness(version),
            "previous": previous,
            "is_current": version.is_published and version == current_version(request.org),
            "participations": version.participations.all(),
        },
    )


def _default_pair(versions: list[LeitbildVersion]) -> tuple[LeitbildVersion | None, LeitbildVersion | None]:
    """Without a choice: the draft against the current version, else the two latest published ones."""
    if len(versions) < 2:
        return None, None
    newest, older = versions[0], versions[1]
    return older, newest


@org_view(kinds=KINDS)
def diff(request: HttpRequest) -> HttpResponse:
    """Compare any two versions section by section."""
    versions = list(_versions(request).prefetch_related("sections").order_by("-number"))
    by_pk = {v.pk: v for v in versions}
    if "old" in request.GET or "new" in request.GET:
        try:
            old, new = by_pk[int(request.GET.get("old", ""))], by_pk[int(request.GET.get("new", ""))]
        except (KeyError, ValueError):
            raise Http404 from None
    else:
        old, new = _default_pair(versions)
    sections = []
    if old is not None and new is not None:
        sections = compare(old.preamble, drafts.section_texts(old), new.preamble, drafts.section_texts(new))
    form = CompareForm(
        initial={"old": old.pk if old else None, "new": new.pk if new else None}, versions=versions
    )
    return render(
        request,
        "leitbild/diff.html",
        {
            "form": form,
            "old": old,
            "new": new,
            "sections": sections,
            "changed": sum(1 for s in sections if s.changed),
        },
    )


@org_view(kinds=KINDS)
def communication(request: HttpRequest, pk: int) -> HttpResponse:
    """Written / made known inside / published outside: dates and channels of one published version."""
    version = get_object_or_404(_versions(request).filter(published_at__isnull=False), pk=pk)
    form = CommunicationForm(posted(request), instance=version)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Angaben zur Verbreitung wurden gespeichert."))
        return redirect("leitbild:overview", request.org.slug)
    return render(request, "leitbild/communication.html", {"version": version, "form": form})


@org_view(write=Level.MANAGE, kinds=KINDS)
def revision(request: HttpRequest) -> HttpResponse:
    """Who revises the Leitbild, in which rhythm, and when next (Leitung / QM)."""
    plan = _plan(request) or RevisionPlan(organisation=request.org)
    form = RevisionPlanForm(posted(request), instance=plan, organisation=request.org)
    if request.method == "POST" and form.is_valid():

        def write() -> RevisionPlan:
            plan = form.save(commit=False)
            plan.updated_by = request.user
            plan.save()
            return plan

        if form.save_versioned(write) is not None:
            messages.success(request, _("Die Zuständigkeit für die Überprüfung wurde gespeichert."))
            return redirect("leitbild:overview", request.org.slug)
    return render(request, "leitbild/revision.html", {"form": form})


@org_view(kinds=KINDS)
def participation_list(request: HttpRequest) -> HttpResponse:
    entries = Participation.objects.filter(organisation=request.org).select_related("version")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "leitbild/participation_list.html", {"page": page})


@org_view(kinds=KINDS)
def participation_add(request: HttpRequest) -> HttpResponse:
    initial = {"held_on": timezone.localdate()}
    draft = drafts.draft_of(request.org)
    if draft:
        initial["version"] = draft.pk
    form = ParticipationForm(posted(request), initial=initial, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.organisation = request.org
        entry.created_by = request.user
        entry.save()
        messages.success(request, _("Die Beteiligung wurde eingetragen."))
        return redirect("leitbild:participation_list", request.org.slug)
    return render(request, "leitbild/participation_form.html", {"form": form})


@org_view(kinds=KINDS)
def participation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Participation.objects.filter(organisation=request.org), pk=pk)
    form = ParticipationForm(posted(request), instance=entry, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Beteiligung wurde gespeichert."))
        return redirect("leitbild:participation_list", request.org.slug)
    return render(request, "leitbild/participation_form.html", {"form": form, "entry": entry})


@org_view(kinds=KINDS)
def participation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Participation.objects.filter(organisation=request.org), pk=pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("Der Eintrag wurde gelöscht."))
        return redirect("leitbild:participation_list", request.org.slug)
    return render(request, "leitbild/participation_delete.html", {"entry": entry})
