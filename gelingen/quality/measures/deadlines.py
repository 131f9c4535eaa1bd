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
    # plain values, not model rows: the due list asks for up to 150 items on every visit
    tasks = (
        Task.objects.filter(measure__organisation_id__in=organisation_ids, due_date__lte=until)
        .exclude(status=Task.Status.DONE)
        .exclude(measure__status__in=FINISHED)
        .values_list(
            "pk",
            "title",
            "due_date",
            "responsible_id",
            "measure_id",
            "measure__title",
            "measure__organisation_id",
            "measure__organisation__slug",
        )
    )
    title, kind = _("%(task)s (Maßnahme: %(measure)s)"), _("Aufgabe")
    details: dict[str, PkUrl] = {}  # one reverse() per organisation, not per task
    for pk, task_title, due, responsible_id, measure_id, measure_title, org_id, slug in bounded(
        tasks, "responsible_id", "due_date", owner_id, limit
    ):
        detail = details.get(slug) or details.setdefault(slug, pk_url("measures:detail", slug))
        yield DueItem(
            key=f"measures.task:{pk}",
            title=title % {"task": task_title, "measure": measure_title},
            due=due,
            url=f"{detail.for_pk(measure_id)}#task-{pk}",
            kind=kind,
            organisation_id=org_id,
            owner_id=responsible_id,
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
