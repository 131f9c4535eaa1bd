from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import org_view
from gelingen.accounts.roles import Level
from gelingen.core.forms import posted
from gelingen.core.versioning import CLICK_CONFLICT_MESSAGE, EditConflict, posted_version, save_claimed
from gelingen.quality import scope

from .forms import GoalProposalForm, IdeaFilterForm, IdeaForm, RejectForm
from .models import GoalProposal, Idea, Indicator
from .transitions import TransitionError, allowed_statuses, change_status, plan_as_measure

KINDS = features.kinds("ideas")
PER_PAGE = 50


def _idea(request: HttpRequest, pk: int) -> Idea:
    return get_object_or_404(
        Idea.objects.filter(organisation=request.org).select_related("submitted_by", "decided_by", "measure"),
        pk=pk,
    )


def can_edit(request: HttpRequest, idea: Idea) -> bool:
    """Leitung/QM edit every idea; others their own while it is still new."""
    if request.membership.can_manage:
        return True
    return (
        request.membership.can_write
        and idea.submitted_by_id == request.user.pk
        and idea.status == Idea.Status.NEW
    )


@org_view(kinds=KINDS)
def idea_list(request: HttpRequest) -> HttpResponse:
    areas = list(scope.areas(request.org))
    filters = IdeaFilterForm(request.GET or None, areas=areas)
    ideas = Idea.objects.filter(organisation=request.org).select_related("submitted_by", "measure")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            ideas = ideas.filter(Q(title__icontains=data["q"]) | Q(description__icontains=data["q"]))
        for field in ("status", "kind", "source"):
            if data[field]:
                ideas = ideas.filter(**{field: data[field]})
        if data["area"]:
            links = Idea.areas.through.objects.filter(idea_id=OuterRef("pk"), area__number=data["area"])
            ideas = ideas.filter(Exists(links))
    page = Paginator(ideas.prefetch_related("areas"), PER_PAGE).get_page(request.GET.get("page"))
    counts = dict.fromkeys(Idea.Status.values, 0)
    for row in Idea.objects.filter(organisation=request.org).values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return render(
        request,
        "ideas/idea_list.html",
        {
            "page": page,
            "filters": filters,
            "counts": [(label, counts[value], value) for value, label in Idea.Status.choices],
        },
    )


@org_view(kinds=KINDS)
def idea_create(request: HttpRequest) -> HttpResponse:
    form = IdeaForm(posted(request), organisation=request.org)
    if request.method == "POST" and form.is_valid():
        idea = form.save(commit=False)
        idea.organisation = request.org
        idea.submitted_by = request.user
        idea.save()
        form.save_m2m()
        messages.success(
            request, _("Danke! Die Idee „%(title)s“ ist im Ideenspeicher.") % {"title": idea.title}
        )
        return redirect(idea)
    return render(request, "ideas/idea_form.html", {"form": form})


@org_view(kinds=KINDS)
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    if not can_edit(request, idea):
        raise PermissionDenied
    form = IdeaForm(posted(request), instance=idea, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Idee wurde gespeichert."))
        return redirect(idea)
    return render(request, "ideas/idea_form.html", {"form": form, "idea": idea})


@org_view(kinds=KINDS)
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    allowed = allowed_statuses(idea)
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "areas": idea.areas.order_by("number"),
            "goals": idea.goal_proposals.all(),
            "can_edit": can_edit(request, idea),
            "can_accept": Idea.Status.ACCEPTED in allowed,
            "can_reject": Idea.Status.REJECTED in allowed,
            "can_reopen": Idea.Status.NEW in allowed,
            "can_plan": Idea.Status.PLANNED in allowed,
            "reject_form": RejectForm(),
        },
    )


@org_view(write=Level.MANAGE, kinds=KINDS)
@require_POST
def idea_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, reject (with a reason) or reopen an idea."""
    idea = _idea(request, pk)
    status = request.POST.get("status", "")
    reason = ""
    if status == Idea.Status.REJECTED:
        form = RejectForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "ideas/idea_reject.html",
                {"idea": idea, "reject_form": form},
                status=400,
            )
        reason = form.cleaned_data["reason"]
    try:
        # only if nobody changed the idea since the page was loaded (core.versioning)
        expected = posted_version(request.POST, idea)
        save_claimed(idea, expected, lambda: change_status(idea, status, request.user, reason))
    except EditConflict:
        messages.error(request, CLICK_CONFLICT_MESSAGE)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status: %(status)s.") % {"status": idea.get_status_display()})
    return redirect(idea)


@org_view(write=Level.MANAGE, kinds=KINDS)
@require_POST
def idea_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Als Maßnahme planen": create a draft measure from the idea and continue editing it."""
    idea = _idea(request, pk)
    try:
        measure = plan_as_measure(idea, request.user)
    except TransitionError as error:
        messages.error(request, error.message)
        return redirect(idea)
    messages.success(
        request,
        _("Aus der Idee wurde die Maßnahme „%(title)s“. Ergänzen Sie Anforderungen und Begründung.")
        % {"title": measure.title},
    )
    return redirect(reverse("measures:edit", args=[request.org.slug, measure.pk]))


# Strategic goal proposals -------------------------------------------------------------------------


def _goal(request: HttpRequest, pk: int) -> GoalProposal:
    return get_object_or_404(
        GoalProposal.objects.filter(organisation=request.org).select_related("cycle", "created_by"), pk=pk
    )


@org_view(kinds=KINDS)
def goal_list(request: HttpRequest) -> HttpResponse:
    goals = (
        GoalProposal.objects.filter(organisation=request.org)
        .select_related("cycle")
        .prefetch_related("indicators")
    )
    page = Paginator(goals, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ideas/goal_list.html", {"page": page})


@org_view(kinds=KINDS)
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    return render(
        request,
        "ideas/goal_detail.html",
        {"goal": goal, "indicators": goal.indicators.all(), "ideas": goal.ideas.order_by("title")},
    )


def _goal_form(request: HttpRequest, goal: GoalProposal | None) -> HttpResponse:
    form = GoalProposalForm(posted(request), instance=goal, organisation=request.org)
    if request.method == "POST" and form.is_valid():

        def write() -> GoalProposal:
            goal = form.save(commit=False)
            if goal.pk is None:
                goal.organisation = request.org
                goal.created_by = request.user
            goal.save()
            form.save_m2m()
            goal.indicators.all().delete()
            Indicator.objects.bulk_create(
                Indicator(proposal=goal, text=text, position=i)
                for i, text in enumerate(form.cleaned_data["indicators"])
            )
            return goal

        with transaction.atomic():
            saved = form.save_versioned(write)
        if saved is not None:
            messages.success(request, _("Der Zielvorschlag wurde gespeichert."))
            return redirect(saved)
    return render(request, "ideas/goal_form.html", {"form": form, "goal": goal})


@org_view(write=Level.MANAGE, kinds=KINDS)
def goal_create(request: HttpRequest) -> HttpResponse:
    return _goal_form(request, None)


@org_view(write=Level.MANAGE, kinds=KINDS)
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _goal_form(request, _goal(request, pk))


@org_view(write=Level.MANAGE, kinds=KINDS)
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    if request.method == "POST":
        goal.delete()
        messages.success(request, _("Der Zielvorschlag „%(title)s“ wurde gelöscht.") % {"title": goal.title})
        return redirect("ideas:goal_list", request.org.slug)
    return render(request, "ideas/goal_delete.html", {"goal": goal})
