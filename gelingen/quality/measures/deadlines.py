"""Due dates of measures and bodies for the shared deadline list (Fällig, reminders, calendar)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem

from .models import Decision, Group, Measure, Milestone, Task

FINISHED = [Measure.Status.DONE, Measure.Status.DISCARDED]


def task_due_items(organisation_ids: Sequence[int], until: date) -> Iterable[DueItem]:
    tasks = (
        Task.objects.filter(measure__organisation_id__in=organisation_ids, due_date__lte=until)
        .exclude(status=Task.Status.DONE)
        .exclude(measure__status__in=FINISHED)
        .select_related("measure__organisation")
    )
    for task in tasks:
        org = task.measure.organisation
        yield DueItem(
            key=f"measures.task:{task.pk}",
            title=_("%(task)s (Maßnahme: %(measure)s)") % {"task": task.title, "measure": task.measure.title},
            due=task.due_date,
            url=reverse("measures:detail", args=[org.slug, task.measure_id]) + f"#task-{task.pk}",
            kind=_("Aufgabe"),
            organisation_id=org.pk,
            owner_id=task.responsible_id,
        )


def milestone_due_items(organisation_ids: Sequence[int], until: date) -> Iterable[DueItem]:
    milestones = (
        Milestone.objects.filter(
            measure__organisation_id__in=organisation_ids, date__lte=until, reached=False
        )
        .exclude(measure__status__in=FINISHED)
        .select_related("measure__organisation")
    )
    for milestone in milestones:
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


def decision_due_items(organisation_ids: Sequence[int], until: date) -> Iterable[DueItem]:
    # A decision that became a task is reminded of as that task.
    decisions = Decision.objects.filter(
        meeting__group__organisation_id__in=organisation_ids,
        due_date__lte=until,
        done=False,
        task__isnull=True,
    ).select_related("meeting__group__organisation")
    for decision in decisions:
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


def meeting_due_items(organisation_ids: Sequence[int], until: date) -> Iterable[DueItem]:
    groups = Group.objects.filter(
        organisation_id__in=organisation_ids, next_meeting__isnull=False, next_meeting__lte=until
    ).select_related("organisation")
    for group in groups:
        yield DueItem(
            key=f"measures.meeting:{group.pk}",
            title=_("Sitzung: %(group)s") % {"group": group.name},
            due=group.next_meeting,
            url=reverse("measures:group_detail", args=[group.organisation.slug, group.pk]),
            kind=_("Sitzung"),
            organisation_id=group.organisation_id,
            owner_id=None,
        )
