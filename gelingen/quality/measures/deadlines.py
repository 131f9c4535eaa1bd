"""Due dates of measures and bodies for the shared deadline list (Fällig, reminders, calendar)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem, bounded
from gelingen.core.links import PkUrl, pk_url

from .models import Decision, Group, Measure, Milestone, Task

FINISHED = [Measure.Status.DONE, Measure.Status.DISCARDED]


def task_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    tasks = (
        Task.objects.filter(measure__organisation_id__in=organisation_ids, due_date__lte=until)
        .exclude(status=Task.Status.DONE)
        .exclude(measure__status__in=FINISHED)
        .select_related("measure__organisation")
    )
    details: dict[str, PkUrl] = {}  # one reverse() per organisation, not per task
    for task in bounded(tasks, "responsible_id", "due_date", owner_id, limit):
        org = task.measure.organisation
        detail = details.get(org.slug) or details.setdefault(org.slug, pk_url("measures:detail", org.slug))
        yield DueItem(
            key=f"measures.task:{task.pk}",
            title=_("%(task)s (Maßnahme: %(measure)s)") % {"task": task.title, "measure": task.measure.title},
            due=task.due_date,
            url=f"{detail.for_pk(task.measure_id)}#task-{task.pk}",
            kind=_("Aufgabe"),
            organisation_id=org.pk,
            owner_id=task.responsible_id,
        )


def milestone_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    milestones = (
        Milestone.objects.filter(
            measure__organisation_id__in=organisation_ids, date__lte=until, reached=False
        )
        .exclude(measure__status__in=FINISHED)
        .select_related("measure__organisation")
    )
    for milestone in bounded(milestones, "measure__owner_id", "date", owner_id, limit):
        measure = milestone.measure
        yield DueItem(
            key=f"measures.milestone:{milestone.pk}",
            title=_("%(milestone)s (Maßnahme: %(measure)s)")
            % {"milestone": milestone.title, "measure": measure.title},
            due=milestone.date,
            url=reverse("measures:detail", args=[measure.organisation.slug, measure.pk])
            + f"#milestone-{milestone.pk}",
            kind=_("Meilenstein"),
            organisation_id=measure.organisation_id,
            owner_id=measure.owner_id,
        )


def decision_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    # A decision that became a task is reminded of as that task.
    decisions = Decision.objects.filter(
        meeting__group__organisation_id__in=organisation_ids,
        due_date__lte=until,
        done=False,
        task__isnull=True,
    ).select_related("meeting__group__organisation")
    for decision in bounded(decisions, "responsible_id", "due_date", owner_id, limit):
        group = decision.meeting.group
        yield DueItem(
            key=f"measures.decision:{decision.pk}",
            title=_("%(decision)s (%(group)s)") % {"decision": decision.text, "group": group.name},
            due=decision.due_date,
            url=reverse("measures:meeting_detail", args=[group.organisation.slug, decision.meeting_id])
            + f"#decision-{decision.pk}",
            kind=_("Beschluss"),
            organisation_id=group.organisation_id,
            owner_id=decision.responsible_id,
        )


def meeting_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    groups = Group.objects.filter(
        organisation_id__in=organisation_ids, next_meeting__isnull=False, next_meeting__lte=until
    ).select_related("organisation")
    for group in bounded(groups, None, "next_meeting", owner_id, limit):  # nobody's in particular
        yield DueItem(
            key=f"measures.meeting:{group.pk}",
            title=_("Sitzung: %(group)s") % {"group": group.name},
            due=group.next_meeting,
            url=reverse("measures:group_detail", args=[group.organisation.slug, group.pk]),
            kind=_("Sitzung"),
            organisation_id=group.organisation_id,
            owner_id=None,
        )
