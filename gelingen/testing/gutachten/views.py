"""The Gutachten pages below /o/<slug>/gutachten/<procedure>/, for each side at its own organisation's address.

`access.procedure_for` finds the procedure only from a side that may see it (404 otherwise) and says
which side the viewer is on; `access.visible_round` picks the round that side may read, so a draft never
reaches the organisation. Writes are the first reviewer's (edit) and the second reviewer's (check);
`org_view` already answers 403 to read-only members.
"""

from __future__ import annotations

from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import OrgRequest, org_view
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import REVIEWER
from gelingen.core.versioning import VersionedFormMixin
from gelingen.selfreport.sharing import frozen_file
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment

from . import access, reading, rules
from .forms import PART_FORMS, PARTS, AreaForm, CheckForm, GoalsForm, MarginCommentForm
from .models import AreaReview, Gutachten, MarginComment, Rating

KINDS = features.kinds("gutachten")
FormT = TypeVar("FormT", bound=forms.BaseForm)
PER_PAGE = 50


def _url(request: OrgRequest, name: str, procedure: Procedure, *args) -> str:
    return reverse(f"testing_gutachten:{name}", args=[request.org.slug, procedure.pk, *args])


def _readable(request: OrgRequest, pk: int) -> tuple[Procedure, str, Gutachten]:
    procedure, viewer = access.procedure_for(request, pk)
    found = access.visible_round(procedure, viewer)
    if found is None:
        raise Http404
    return procedure, viewer, found


def _editable(request: OrgRequest, pk: int) -> tuple[Procedure, Gutachten]:
    """The open round, for its first reviewer; others get 404 (they may not know of it) or 403."""
    procedure, viewer = access.procedure_for(request, pk)
    if viewer != access.FIRST:
        raise Http404 if viewer == access.ORGANISATION else PermissionDenied
    found = rules.current(procedure)
    if found is None:
        raise Http404
    found.procedure = procedure
    return procedure, found


def _read_only_unless(form: FormT, request: OrgRequest, found: Gutachten) -> FormT:
    """A Gutachten handed over (or sent) is shown in its editor pages with every field disabled."""
    if not rules.may_edit(found, request.user):
        for field in form.fields.values():
            field.disabled = True
    return form


def _saved(form: VersionedFormMixin, record: Gutachten) -> bool:
    """Save a valid versioned form whose record holds the cleaned values; False after a conflict."""

    def write() -> bool:
        record.save()
        return True

    return bool(form.save_versioned(write))


def _refuse_if_closed(request: OrgRequest, procedure: Procedure, found: Gutachten) -> HttpResponse | None:
    if rules.may_edit(found, request.user):
        return None
    messages.error(
        request,
        _("Das Gutachten ist im Stand „%(status)s“ und kann nicht bearbeitet werden.")
        % {"status": found.get_status_display()},
    )
    return redirect(_url(request, "detail", procedure))


@org_view(kinds=KINDS)
def index(request: OrgRequest) -> HttpResponse:
    """The Gutachten this person may open: the reviewer's own, the testing body's checked ones, the
    organisation's released ones."""
    org = request.org
    rows = Gutachten.objects.select_related("procedure__organisation", "procedure__cycle__model", "author")
    if org.kind == Organisation.Kind.TESTING_BODY and request.membership.role == REVIEWER:
        mine = Assignment.objects.active().filter(reviewer=request.user, procedure__testing_body=org)
        first = mine.filter(role=Assignment.Role.FIRST).values("procedure_id")
        second = mine.filter(role=Assignment.Role.SECOND).values("procedure_id")
        rows = rows.filter(Q(procedure__in=first) | Q(procedure__in=second, status__in=access.CHECKED))
    elif org.kind == Organisation.Kind.TESTING_BODY:
        rows = rows.filter(procedure__testing_body=org, status__in=access.CHECKED)
    else:
        rows = rows.filter(procedure__organisation=org, status=Gutachten.Status.RELEASED)
    rows = rows.order_by("-started_at", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "testing_gutachten/index.html", {"page": page})


def _area_summaries(found: Gutachten, procedure: Procedure) -> list[dict]:
    """Per area: its requirements' count and how many are rated / carry an Auflage (three queries)."""
    totals = dict(
        rules.cycle_requirements(procedure).values_list("area_id").annotate(n=Count("pk")).order_by()
    )
    reviews = found.areas.select_related("area").annotate(
        rated=Count("ratings"),
        auflagen=Count("ratings", filter=~Q(ratings__value=Rating.Value.MET)),
    )
    return [
        {
            "review": r,
            "area": r.area,
            "total": totals.get(r.area_id, 0),
            "rated": r.rated,
            "auflagen": r.auflagen,
        }
        for r in reviews
        if r.area_id in totals
    ]


def _ratings_by_area(found: Gutachten, procedure: Procedure) -> list[dict]:
    """Every requirement of the cycle with its rating, grouped by area (for reading and export)."""
    ratings = {
        r.requirement_id: r
        for r in Rating.objects.filter(review__gutachten=found).only("requirement_id", "value", "auflage")
    }
    reviews = {r.area_id: r for r in found.areas.all()}
    groups: list[dict] = []
    for requirement in rules.cycle_requirements(procedure):
        if not groups or groups[-1]["area"].pk != requirement.area_id:
            groups.append({"area": requirement.area, "review": reviews.get(requirement.area_id), "rows": []})
        groups[-1]["rows"].append((requirement, ratings.get(requirement.pk)))
    return groups


def _comments(found: Gutachten) -> list[MarginComment]:
    return list(found.comments.select_related("author"))


def detail_context(request: OrgRequest, procedure: Procedure, viewer: str, found: Gutachten) -> dict:
    found.procedure = procedure
    done = rules.progress(found)
    goal_rows = rules.goal_rows(found)
    comments = _comments(found)
    titles = reading.chapter_titles(found.submission.content) if comments else {}
    for comment in comments:
        comment.chapter = titles.get(comment.anchor, "")  # type: ignore[attr-defined]
    return {
        "procedure": procedure,
        "viewer": viewer,
        "gutachten": found,
        "progress": done,
        "outcome_label": Procedure.Outcome(done.outcome).label if done.outcome else "",
        "parts": PARTS,
        "area_summaries": _area_summaries(found, procedure) if viewer == access.FIRST else [],
        "groups": _ratings_by_area(found, procedure),
        "goal_rows": goal_rows,
        "goal_auflagen": sum(1 for r in goal_rows if r.rating and r.rating.needs_auflage),
        "comments": comments,
        "events": list(found.events.select_related("by")),
        "may_edit": viewer == access.FIRST and rules.may_edit(found, request.user),
        "may_check": viewer == access.SECOND and found.status == Gutachten.Status.SECOND_CHECK,
        "handover_problems": rules.handover_problems(found)
        if viewer == access.FIRST and found.is_editable
        else [],
        "check_form": CheckForm(),
        "rounds": access.rounds_for(procedure, viewer),
    }


@org_view(kinds=KINDS)
def detail(request: OrgRequest, pk: int) -> HttpResponse:
    procedure, viewer = access.procedure_for(request, pk)
    wanted = request.GET.get("round", "")
    found = access.visible_round(procedure, viewer)
    if wanted.isdigit():
        found = next((g for g in access.rounds_for(procedure, viewer) if g.round == int(wanted)), None)
        if found is None:
            raise Http404
    if found is None:
        if viewer == access.ORGANISATION:
            raise Http404  # the organisation does not learn of a draft
        return render(
            request,
            "testing_gutachten/none.html",
            {"procedure": procedure, "viewer": viewer, "refusal": _start_refusal(procedure, request, viewer)},
        )
    return render(request, "testing_gutachten/detail.html", detail_context(request, procedure, viewer, found))


def _start_refusal(procedure: Procedure, request: OrgRequest, viewer: str) -> str:
    """Why the Gutachten cannot be started now ("" when the viewer can, or when it is not theirs to)."""
    if rules.latest_submission(procedure) is None:
        return _("Ohne eingereichten Selbstreport kann kein Gutachten begonnen werden.")
    first = rules.reviewer(procedure, Assignment.Role.FIRST)
    if first is None:
        return _("Solange keine Gutachter*in zugeordnet ist, kann kein Gutachten begonnen werden.")
    if viewer != access.FIRST:
        return ""
    if first.pk != request.user.pk:
        return _("Das Gutachten schreibt die zugeordnete Gutachter*in.")
    if procedure.status not in rules.OPEN_FOR_START:
        return _("Ein Gutachten wird begonnen, wenn der (überarbeitete) Selbstreport eingegangen ist.")
    return ""


@org_view(kinds=KINDS)
@require_POST
def start(request: OrgRequest, pk: int) -> HttpResponse:
    procedure, viewer = access.procedure_for(request, pk)
    if viewer != access.FIRST:
        raise Http404 if viewer == access.ORGANISATION else PermissionDenied
    try:
        rules.start(procedure, request.user)
    except rules.GutachtenRefused as refused:
        messages.error(request, refused.message)
    return redirect(_url(request, "detail", procedure))


@org_view(kinds=KINDS)
def part(request: OrgRequest, pk: int, key: str) -> HttpResponse:
    if key not in PART_FORMS:
        raise Http404
    procedure, found = _editable(request, pk)
    if request.method == "POST" and (closed := _refuse_if_closed(request, procedure, found)):
        return closed
    form = _read_only_unless(PART_FORMS[key](request.POST or None, instance=found), request, found)
    if request.method == "POST" and form.is_valid() and _saved(form, found):
        messages.success(request, _("Gespeichert: %(part)s") % {"part": PARTS[key][0]})
        return redirect(_url(request, "detail", procedure))
    return render(
        request,
        "testing_gutachten/part.html",
        {
            "procedure": procedure,
            "gutachten": found,
            "form": form,
            "title": PARTS[key][0],
            "may_edit": rules.may_edit(found, request.user),
        },
        status=400 if form.errors else 200,
    )


@org_view(kinds=KINDS)
def area(request: OrgRequest, pk: int, area_pk: int) -> HttpResponse:
    procedure, found = _editable(request, pk)
    review = get_object_or_404(
        AreaReview.objects.select_related("area").prefetch_related("ratings"),
        gutachten=found,
        area_id=area_pk,
    )
    if request.method == "POST" and (closed := _refuse_if_closed(request, procedure, found)):
        return closed
    requirements = list(rules.cycle_requirements(procedure).filter(area_id=area_pk))
    form = _read_only_unless(
        AreaForm(request.POST or None, instance=review, requirements=requirements), request, found
    )
    if request.method == "POST" and form.is_valid():

        def write() -> AreaReview:
            review.save()  # the form put the cleaned texts on it; save_versioned claimed the version
            rules.save_ratings(review, form.ratings())
            return review

        if form.save_versioned(write):
            messages.success(request, _("Gespeichert: %(area)s") % {"area": review.area})
            return redirect(_next_area_url(request, procedure, found, review))
    summaries = _area_summaries(found, procedure)
    position = next((n for n, s in enumerate(summaries) if s["review"].pk == review.pk), 0)
    return render(
        request,
        "testing_gutachten/area.html",
        {
            "procedure": procedure,
            "gutachten": found,
            "review": review,
            "form": form,
            "progress": rules.progress(found),
            "chapter_anchor": _chapter_anchor(found, review),
            "previous": summaries[position - 1] if position > 0 else None,
            "next": summaries[position + 1] if position + 1 < len(summaries) else None,
            "may_edit": rules.may_edit(found, request.user),
        },
        status=400 if form.errors else 200,
    )


@org_view(kinds=KINDS)
def goals(request: OrgRequest, pk: int) -> HttpResponse:
    """Part C at re-testing: the first reviewer rates each strategic goal agreed at the last Testat."""
    procedure, found = _editable(request, pk)
    agreed = rules.agreed_goals(procedure)
    keys = {g.key for g in agreed}
    rows = [row for row in rules.goal_rows(found) if row.key in keys]
    if not rows:
        raise Http404  # a first testing (or a re-testing without agreed goals) has no such section
    if request.method == "POST" and (closed := _refuse_if_closed(request, procedure, found)):
        return closed
    form = _read_only_unless(GoalsForm(request.POST or None, rows=rows, record=found), request, found)
    if request.method == "POST" and form.is_valid():

        def write() -> bool:
            rules.save_goal_ratings(found, agreed, form.ratings())
            return True

        if form.save_versioned(write):
            messages.success(request, _("Gespeichert: die vereinbarten strategischen Ziele"))
            return redirect(_url(request, "goals", procedure))
    return render(
        request,
        "testing_gutachten/goals.html",
        {
            "procedure": procedure,
            "gutachten": found,
            "form": form,
            "progress": rules.progress(found),
            "chapter_anchor": "ch-qb12a"
            if any(c.get("key") == "qb12a" for c in found.submission.content.get("chapters", []))
            else "",
            "may_edit": rules.may_edit(found, request.user),
        },
        status=400 if form.errors else 200,
    )


def _chapter_anchor(found: Gutachten, review: AreaReview) -> str:
    """The anchor of the area's chapter in the submitted Selbstreport ("" when it has none)."""
    key = f"qb{review.area.number}"
    chapters = found.submission.content.get("chapters", [])
    return f"ch-{key}" if any(c.get("key") == key for c in chapters) else ""


def _next_area_url(request: OrgRequest, procedure: Procedure, found: Gutachten, review: AreaReview) -> str:
    """After saving an area: "save and next" goes on to the next area, else back to the same one."""
    if request.POST.get("then") == "next":
        following = found.areas.filter(area__number__gt=review.area.number).order_by("area__number").first()
        if following is not None:
            return _url(request, "area", procedure, following.area_id)
        return _url(request, "detail", procedure)
    return _url(request, "area", procedure, review.area_id)


def _reading_context(request: OrgRequest, procedure: Procedure, viewer: str, found: Gutachten) -> dict:
    content = found.submission.content
    parts = reading.chapters(content)
    comments = _comments(found)
    reading.attach_comments(parts, comments)
    return {
        "procedure": procedure,
        "viewer": viewer,
        "gutachten": found,
        "parts": parts,
        "evidence": [e for e in content.get("evidence") or [] if isinstance(e, dict)],
        "comments": comments,
        "may_comment": viewer == access.FIRST and rules.may_edit(found, request.user),
        "organisation_name": (content.get("organisation") or {}).get("name", procedure.organisation.name),
    }


@org_view(kinds=KINDS)
def selfreport(request: OrgRequest, pk: int) -> HttpResponse:
    """The submitted Selbstreport the round is built on, paragraph by paragraph, with margin comments."""
    procedure, viewer, found = _readable(request, pk)
    context = _reading_context(request, procedure, viewer, found)
    context["form"] = MarginCommentForm()
    return render(request, "testing_gutachten/selfreport.html", context)


@org_view(kinds=KINDS)
@require_POST
def comment_add(request: OrgRequest, pk: int) -> HttpResponse:
    procedure, found = _editable(request, pk)
    if closed := _refuse_if_closed(request, procedure, found):
        return closed
    passages = reading.anchors(found.submission.content)
    form = MarginCommentForm(request.POST, anchors=passages)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.gutachten = found
        comment.author = request.user
        comment.created_at = timezone.now()
        passage = passages[comment.anchor]
        comment.passage = passage if len(passage) <= 300 else passage[:299] + "…"
        comment.save()
        messages.success(request, _("Randkommentar gespeichert."))
        return redirect(_url(request, "selfreport", procedure) + f"#{comment.anchor}")
    context = _reading_context(request, procedure, access.FIRST, found)
    context["form"] = form
    context["failed_anchor"] = request.POST.get("anchor", "")
    return render(request, "testing_gutachten/selfreport.html", context, status=400)


@org_view(kinds=KINDS)
@require_POST
def comment_delete(request: OrgRequest, pk: int, comment_pk: int) -> HttpResponse:
    procedure, found = _editable(request, pk)
    if closed := _refuse_if_closed(request, procedure, found):
        return closed
    comment = get_object_or_404(found.comments, pk=comment_pk)
    anchor = comment.anchor
    comment.delete()
    messages.success(request, _("Randkommentar gelöscht."))
    return redirect(_url(request, "selfreport", procedure) + f"#{anchor}")


@org_view(kinds=KINDS)
def submission_file(request: OrgRequest, pk: int) -> HttpResponseBase:
    """The frozen PDF of the submission the round is built on."""
    procedure, _viewer, found = _readable(request, pk)
    name = f"selbstreport-{procedure.organisation.slug}-einreichung-{found.submission.number}.pdf"
    return frozen_file(request, found.submission, "pdf", name)


@org_view(kinds=KINDS)
@require_POST
def hand_over(request: OrgRequest, pk: int) -> HttpResponse:
    procedure, found = _editable(request, pk)
    try:
        rules.hand_over(found, request.user)
    except rules.GutachtenRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Das Gutachten ist zur Zweitbegutachtung übergeben."))
    return redirect(_url(request, "detail", procedure))


@org_view(kinds=KINDS)
@require_POST
def check(request: OrgRequest, pk: int) -> HttpResponse:
    procedure, viewer = access.procedure_for(request, pk)
    if viewer != access.SECOND:
        raise Http404 if viewer == access.ORGANISATION else PermissionDenied
    found = rules.current(procedure)
    if found is None or not access.may_read(found, viewer):
        raise Http404
    form = CheckForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if request.POST.get("decision") == "approve":
            rules.approve(found, request.user, comment)
            messages.success(
                request, _("Das Gutachten ist freigegeben; die Testierungsstelle kann es versenden.")
            )
        elif request.POST.get("decision") == "return":
            rules.return_to_author(found, request.user, comment)
            messages.success(request, _("Das Gutachten ist zur Überarbeitung zurückgegeben."))
        else:
            raise rules.GutachtenRefused(_("Bitte wählen Sie: freigeben oder zurückgeben."))
    except rules.GutachtenRefused as refused:
        context = detail_context(request, procedure, viewer, found)
        form.add_error(None, refused.message)
        context["check_form"] = form
        return render(request, "testing_gutachten/detail.html", context, status=400)
    return redirect(_url(request, "detail", procedure))


@org_view(kinds=KINDS)
def export(request: OrgRequest, pk: int, fmt: str) -> HttpResponse:
    from . import export as exporting

    if fmt not in ("pdf", "docx"):
        raise Http404
    procedure, viewer, found = _readable(request, pk)
    context = detail_context(request, procedure, viewer, found)
    data, content_type = exporting.render(context, fmt)
    response = HttpResponse(data, content_type=content_type)
    name = f"gutachten-{procedure.organisation.slug}-runde-{found.round}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
