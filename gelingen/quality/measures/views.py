from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen import features
from gelingen.accounts.access import org_view
from gelingen.accounts.roles import Level
from gelingen.catalogue.models import Requirement
from gelingen.core.forms import posted
from gelingen.core.versioning import CONFLICT_MESSAGE, EditConflict, set_and_move_version
from gelingen.meetings.attendance import attendance_of
from gelingen.meetings.numbering import decision_numbers
from gelingen.meetings.rhythm import advance_next_meeting, rhythm_hint, rhythm_label
from gelingen.quality import scope
from gelingen.quality.leitbild.current import current_sections
from gelingen.quality.leitbild.justification import Level as JustificationLevel
from gelingen.quality.leitbild.justification import Verdict

from . import capacity
from .forms import (
    CapacityForm,
    DecisionFormSet,
    DecisionTaskForm,
    GroupForm,
    MeasureFilterForm,
    MeasureForm,
    MeetingForm,
    MilestoneForm,
    TaskForm,
    TaskStatusForm,
)
from .justification import assess, rate_measure
from .models import Decision, Group, Measure, Meeting, Milestone, Task

KINDS = features.kinds("measures")
PER_PAGE = 50


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _measure(request: HttpRequest, pk: int) -> Measure:
    return get_object_or_404(Measure.objects.filter(organisation=request.org), pk=pk)


def _warn_capacity_of_owner(request: HttpRequest, measure: Measure) -> None:
    if measure.owner and measure.is_active:
        loads = capacity.overloaded_months(request.org, measure.owner)
        if loads:
            messages.warning(request, capacity.warning(measure.owner, loads[0]))


def _warn_capacity_of_task(request: HttpRequest, task: Task) -> None:
    if task.responsible and task.is_open:
        month = capacity.load_month(task.due_date, timezone.localdate())
        load = capacity.load_of(request.org, task.responsible, month)
        if load.over_limit:
            messages.warning(request, capacity.warning(task.responsible, load))


# Measures ---------------------------------------------------------------------------------------


@org_view(kinds=KINDS)
def measure_list(request: HttpRequest) -> HttpResponse:
    areas = list(scope.areas(request.org))
    members = list(scope.members(request.org))
    filters = MeasureFilterForm(request.GET or None, areas=areas, members=members)
    measures = Measure.objects.filter(organisation=request.org).select_related("owner")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            measures = measures.filter(status=data["status"])
        if data["phase"]:
            measures = measures.filter(phase=data["phase"])
        if data["owner"]:
            measures = measures.filter(owner_id=data["owner"])
        if data["area"]:
            links = Measure.requirements.through.objects.filter(
                measure_id=OuterRef("pk"), requirement__area__number=data["area"]
            )
            measures = measures.filter(Exists(links))
        if data["check"]:
            measures = measures.exclude(justification_level=JustificationLevel.ARGUMENT)
    page = _page(
        request,
        measures.prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("area__number", "position")),
            "tasks",
            "milestones",
        ),
    )
    today = timezone.localdate()
    for measure in page:
        tasks = measure.tasks.all()
        measure.tasks_done = sum(1 for t in tasks if not t.is_open)
        measure.tasks_total = len(tasks)
        measure.tasks_overdue = sum(1 for t in tasks if t.is_open and t.due_date and t.due_date < today)
        milestones = measure.milestones.all()
        measure.milestones_reached = sum(1 for m in milestones if m.reached)
        measure.milestones_total = len(milestones)
    return render(request, "measures/measure_list.html", {"page": page, "filters": filters})


def _leitbild_sections(request: HttpRequest) -> list:
    return [s for s in current_sections(request.org) if s.text]


def _save_measure(request: HttpRequest, form: MeasureForm) -> Measure | None:
    """Save unless someone saved the measure since the form was loaded (None: the form shows the conflict)."""

    def write() -> tuple[Measure, Verdict]:
        measure = form.save(commit=False)
        if not measure.pk:
            measure.organisation = request.org
            measure.created_by = request.user
        verdict = rate_measure(measure)
        measure.save()
        form.save_m2m()
        return measure, verdict

    with transaction.atomic():
        saved = form.save_versioned(write)
    if saved is None:
        return None
    measure, verdict = saved
    messages.success(request, _("Die Maßnahme „%(title)s“ wurde gespeichert.") % {"title": measure.title})
    if not verdict.accepted:
        messages.warning(request, verdict.message)
    _warn_capacity_of_owner(request, measure)
    return measure


@org_view(kinds=KINDS)
def measure_create(request: HttpRequest) -> HttpResponse:
    form = MeasureForm(posted(request), organisation=request.org, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        measure = _save_measure(request, form)
        assert measure is not None  # a new measure has no earlier version to conflict with
        return redirect(measure)
    return render(
        request, "measures/measure_form.html", {"form": form, "sections": _leitbild_sections(request)}
    )


@org_view(kinds=KINDS)
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    form = MeasureForm(posted(request), instance=measure, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        saved = _save_measure(request, form)
        if saved is not None:
            return redirect(saved)
    return render(
        request,
        "measures/measure_form.html",
        {
            "form": form,
            "measure": measure,
            "sections": _leitbild_sections(request),
            "verdict": assess(measure.justification, request.org, measure.leitbild_section),
        },
    )


@org_view(write=Level.MANAGE, kinds=KINDS)
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    if request.method == "POST":
        title = measure.title
        measure.delete()
        messages.success(request, _("Die Maßnahme „%(title)s“ wurde gelöscht.") % {"title": title})
        return redirect("measures:list", request.org.slug)
    return render(request, "measures/measure_delete.html", {"measure": measure})


@org_view(kinds=KINDS)
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(
        Measure.objects.filter(organisation=request.org).select_related(
            "owner", "cycle", "leitbild_section__version", "created_by"
        ),
        pk=pk,
    )
    verdict: Verdict = assess(measure.justification, request.org, measure.leitbild_section)
    requirements = measure.requirements.select_related("area").order_by("area__number", "position")
    tasks = measure.tasks.select_related("responsible").prefetch_related("decisions__meeting__group")
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "verdict": verdict,
            "requirements": requirements,
            "milestones": measure.milestones.all(),
            "tasks": tasks,
            "task_statuses": Task.Status.choices,
            "milestone_form": MilestoneForm(auto_id="milestone-new-%s"),
            "task_form": TaskForm(organisation=request.org, auto_id="task-new-%s"),
            "ideas": measure.source_ideas.select_related("organisation"),
        },
    )


# Milestones and tasks ------------------------------------------------------------------------------


def _item_form(request: HttpRequest, measure: Measure, form, title: str, item=None) -> HttpResponse:
    return render(
        request, "measures/item_form.html", {"measure": measure, "form": form, "title": title, "item": item}
    )


@org_view(kinds=KINDS)
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    form = MilestoneForm(posted(request))
    if request.method == "POST" and form.is_valid():
        milestone = form.save(commit=False)
        milestone.measure = measure
        milestone.save()
        messages.success(request, _("Meilenstein „%(title)s“ angelegt.") % {"title": milestone.title})
        return redirect(f"{measure.get_absolute_url()}#milestones")
    return _item_form(request, measure, form, _("Meilenstein anlegen"))


def _milestone(request: HttpRequest, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.filter(measure__organisation=request.org).select_related("measure"), pk=pk
    )


@org_view(kinds=KINDS)
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    form = MilestoneForm(posted(request), instance=milestone)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Meilenstein „%(title)s“ gespeichert.") % {"title": milestone.title})
        return redirect(f"{milestone.measure.get_absolute_url()}#milestones")
    return _item_form(request, milestone.measure, form, _("Meilenstein bearbeiten"), milestone)


@org_view(kinds=KINDS)
@require_POST
def milestone_reached(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    set_and_move_version(milestone, {"reached": request.POST.get("reached") == "1"})
    return redirect(f"{milestone.measure.get_absolute_url()}#milestone-{milestone.pk}")


def _confirmed(request: HttpRequest) -> bool:
    """A delete happens only from the confirmation page (a POST without it shows that page)."""
    return request.method == "POST" and request.POST.get("confirm") == "1"


def _confirm_delete(
    request: HttpRequest, measure: Measure, title: str, question: str, back: str
) -> HttpResponse:
    return render(
        request,
        "measures/item_delete.html",
        {"measure": measure, "title": title, "question": question, "back": back},
    )


@org_view(read=Level.WRITE, kinds=KINDS)
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    back = f"{milestone.measure.get_absolute_url()}#milestones"
    if not _confirmed(request):
        question = _("Soll der Meilenstein „%(title)s“ gelöscht werden?") % {"title": milestone.title}
        return _confirm_delete(request, milestone.measure, _("Meilenstein löschen"), question, back)
    milestone.delete()
    messages.success(request, _("Meilenstein „%(title)s“ gelöscht.") % {"title": milestone.title})
    return redirect(back)


def _task(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(
        Task.objects.filter(measure__organisation=request.org).select_related("measure", "responsible"), pk=pk
    )


@org_view(kinds=KINDS)
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    form = TaskForm(posted(request), organisation=request.org)
    if request.method == "POST" and form.is_valid():
        task = form.save(commit=False)
        task.measure = measure
        task.save()
        messages.success(request, _("Aufgabe „%(title)s“ angelegt.") % {"title": task.title})
        _warn_capacity_of_task(request, task)
        return redirect(f"{measure.get_absolute_url()}#tasks")
    return _item_form(request, measure, form, _("Aufgabe anlegen"))


@org_view(kinds=KINDS)
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = TaskForm(posted(request), instance=task, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Aufgabe „%(title)s“ gespeichert.") % {"title": task.title})
        _warn_capacity_of_task(request, task)
        return redirect(f"{task.measure.get_absolute_url()}#task-{task.pk}")
    return _item_form(request, task.measure, form, _("Aufgabe bearbeiten"), task)


@org_view(kinds=KINDS)
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status select of a task row. htmx gets the row back (with the conflict message when someone
    changed the task since the page was loaded); plain forms a redirect with a message."""
    task = _task(request, pk)
    form = TaskStatusForm(request.POST, instance=task)
    saved = False
    if form.is_valid():
        try:
            form.save()
            saved = True
        except EditConflict:  # saved by someone else after this form was validated
            form.report_conflict()
    if not saved:
        task.refresh_from_db()  # validation put the refused value on the instance: show the stored one
    errors = [*form.non_field_errors(), *form.errors.get("status", [])]
    if request.htmx:
        context = {"t": task, "task_statuses": Task.Status.choices, "status_saved": saved}
        return render(request, "measures/_task_row.html", {**context, "status_errors": errors})
    if saved:
        messages.success(
            request,
            _("Aufgabe „%(title)s“: %(status)s.")
            % {"title": task.title, "status": task.get_status_display()},
        )
    elif form.errors.get("status"):
        messages.error(request, _("Der Status ist ungültig."))
    else:
        for error in errors:
            messages.error(request, error)
    return redirect(f"{task.measure.get_absolute_url()}#task-{task.pk}")


@org_view(read=Level.WRITE, kinds=KINDS)
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    back = f"{task.measure.get_absolute_url()}#tasks"
    if not _confirmed(request):
        question = _("Soll die Aufgabe „%(title)s“ gelöscht werden?") % {"title": task.title}
        return _confirm_delete(request, task.measure, _("Aufgabe löschen"), question, back)
    task.delete()
    messages.success(request, _("Aufgabe „%(title)s“ gelöscht.") % {"title": task.title})
    return redirect(back)


# Groups, meetings, decisions ---------------------------------------------------------------------


def _group(request: HttpRequest, pk: int) -> Group:
    return get_object_or_404(
        Group.objects.filter(organisation=request.org).select_related("lead", "reports_to"), pk=pk
    )


@org_view(kinds=KINDS)
def group_list(request: HttpRequest) -> HttpResponse:
    groups = (
        Group.objects.filter(organisation=request.org)
        .select_related("lead", "reports_to")
        .prefetch_related("members", "areas")
    )
    page = _page(request, groups)
    for group in page:
        group.rhythm = rhythm_label(group)
    return render(request, "measures/group_list.html", {"page": page, "today": timezone.localdate()})


@org_view(kinds=KINDS)
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    meetings = _page(request, group.meetings.prefetch_related("participants", "decisions"))
    open_decisions = (
        Decision.objects.filter(meeting__group=group)
        .filter(
            Q(task__isnull=True, done=False) | (Q(task__isnull=False) & ~Q(task__status=Task.Status.DONE))
        )
        .select_related("meeting", "responsible", "task")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return render(
        request,
        "measures/group_detail.html",
        {
            "group": group,
            "rhythm": rhythm_label(group),
            "hint": rhythm_hint(group.rhythm_count, group.rhythm_unit),
            "members": group.members.order_by("name"),
            "areas": group.areas.order_by("number"),
            "circles": group.circles.order_by("name") if group.kind == Group.Kind.STEERING else [],
            "page": meetings,
            "open_decisions": open_decisions,
            "today": timezone.localdate(),
        },
    )


def _group_form(request: HttpRequest, group: Group | None) -> HttpResponse:
    form = GroupForm(posted(request), instance=group, organisation=request.org)
    if request.method == "POST" and form.is_valid():

        def write() -> Group:
            saved = form.save(commit=False)
            if saved.pk is None:
                saved.organisation = request.org
            saved.save()
            form.save_m2m()
            return saved

        with transaction.atomic():
            saved = form.save_versioned(write)
        if saved is None:  # someone saved the group meanwhile: the form shows what and keeps the input
            return render(request, "measures/group_form.html", {"form": form, "group": group})
        group = saved
        messages.success(request, _("Das Gremium „%(name)s“ wurde gespeichert.") % {"name": group.name})
        hint = rhythm_hint(group.rhythm_count, group.rhythm_unit)
        if hint:
            messages.info(request, hint)
        return redirect(group)
    return render(request, "measures/group_form.html", {"form": form, "group": group})


@org_view(write=Level.MANAGE, kinds=KINDS)
def group_create(request: HttpRequest) -> HttpResponse:
    return _group_form(request, None)


@org_view(write=Level.MANAGE, kinds=KINDS)
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_form(request, _group(request, pk))


def _meeting_form(request: HttpRequest, group: Group, meeting: Meeting | None) -> HttpResponse:
    initial = {}
    if meeting is None:
        initial = {
            "date": group.next_meeting or timezone.localdate(),
            "participants": list(group.members.values_list("pk", flat=True)),
        }
    data = posted(request)
    form = MeetingForm(data, instance=meeting, organisation=request.org, initial=initial)
    decisions = DecisionFormSet(data, instance=meeting or Meeting(group=group), organisation=request.org)
    saved = None
    if request.method == "POST" and form.is_valid() and decisions.is_valid():

        def write() -> tuple[Meeting, date | None]:
            meeting = form.save(commit=False)
            if meeting.pk is None:
                meeting.group = group
                meeting.created_by = request.user
            meeting.save()
            form.save_m2m()
            decisions.instance = meeting
            decisions.save()  # each changed decision claims its own version (DecisionForm)
            return meeting, advance_next_meeting(group, meeting.date)

        try:
            with transaction.atomic():
                saved = form.save_versioned(write)
        except EditConflict:  # a decision was saved in between (after validation): nothing was written
            form.add_error(None, CONFLICT_MESSAGE)
    if saved is not None:
        meeting, next_meeting = saved
        messages.success(request, _("Die Sitzung wurde gespeichert."))
        if next_meeting:
            messages.info(
                request,
                _("Nächste Sitzung: %(date)s.")
                % {"date": formats.date_format(next_meeting, "SHORT_DATE_FORMAT")},
            )
        return redirect(meeting)
    return render(
        request,
        "measures/meeting_form.html",
        {"form": form, "decisions": decisions, "group": group, "meeting": meeting},
    )


@org_view(kinds=KINDS)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, _group(request, pk), None)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(group__organisation=request.org).select_related("group", "created_by"), pk=pk
    )


@org_view(kinds=KINDS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _meeting_form(request, meeting.group, meeting)


@org_view(kinds=KINDS)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    # the body's decisions of the year give the numbers; this meeting's are among them (one query)
    of_year = list(
        Decision.objects.filter(meeting__group=meeting.group_id, meeting__date__year=meeting.date.year)
        .select_related("responsible", "task__measure")
        .annotate(meeting_date=F("meeting__date"))
    )
    numbers = decision_numbers((d.pk, d.meeting_date) for d in of_year)
    decisions = [d for d in of_year if d.meeting_id == meeting.pk]
    for decision in decisions:
        decision.number = numbers[decision.pk]
    return render(
        request,
        "measures/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "attendance": attendance_of(meeting, meeting.group.members.all()),
            "decisions": decisions,
            "measure_choices": list(
                DecisionTaskForm(organisation=request.org).fields["measure"].queryset.only("pk", "title")
            ),
        },
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.filter(meeting__group__organisation=request.org).select_related(
            "meeting__group", "responsible", "task"
        ),
        pk=pk,
    )


@org_view(kinds=KINDS)
@require_POST
def decision_done(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    set_and_move_version(decision, {"done": request.POST.get("done") == "1"})
    return redirect(f"{decision.meeting.get_absolute_url()}#decision-{decision.pk}")


def _already_a_task(request: HttpRequest, back: str) -> HttpResponse:
    messages.error(request, _("Dieser Beschluss ist bereits eine Aufgabe."))
    return redirect(back)


@org_view(kinds=KINDS)
@require_POST
def decision_task(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a decision into a task of a measure, keeping responsible person and due date."""
    decision = _decision(request, pk)
    back = f"{decision.meeting.get_absolute_url()}#decision-{decision.pk}"
    if decision.task_id:
        return _already_a_task(request, back)
    form = DecisionTaskForm(request.POST, organisation=request.org)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    with transaction.atomic():
        # Lock the decision: a second submit waits here and then finds the task of the first one.
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.task_id:
            task = None
        else:
            task = Task.objects.create(
                measure=form.cleaned_data["measure"],
                title=Truncator(locked.text).chars(200),
                responsible_id=locked.responsible_id,
                due_date=locked.due_date,
                planned_hours=form.cleaned_data["planned_hours"],
            )
            locked.task = task
            locked.save(update_fields=["task"])
    if task is None:
        return _already_a_task(request, back)
    messages.success(
        request,
        _("Der Beschluss ist jetzt eine Aufgabe der Maßnahme „%(title)s“.") % {"title": task.measure.title},
    )
    _warn_capacity_of_task(request, task)
    return redirect(back)


# Capacity ----------------------------------------------------------------------------------------


@org_view(kinds=KINDS)
def capacity_overview(request: HttpRequest) -> HttpResponse:
    people = capacity.workloads(request.org)
    months = people[0].months if people else []
    return render(
        request,
        "measures/capacity.html",
        {
            "people": people,
            "months": [load.label for load in months],
            "overloaded": [p for p in people if p.over_limit],
            "missing": [p for p in people if p.available is None and p.planned_total],
            "limit": int(capacity.LIMIT * 100),
        },
    )


@org_view(write=Level.MANAGE, kinds=KINDS)
def capacity_edit(request: HttpRequest) -> HttpResponse:
    people = list(scope.members(request.org))
    form = CapacityForm(posted(request), people=people, hours=capacity.available_hours(request.org))
    if request.method == "POST" and form.is_valid():
        conflicts = capacity.save_hours(request.org, form.changes())
        if not conflicts:
            messages.success(request, _("Die verfügbaren Stunden wurden gespeichert."))
            return redirect(reverse("measures:capacity", args=[request.org.slug]))
        form.report_conflicts(conflicts)
    return render(request, "measures/capacity_form.html", {"form": form})
