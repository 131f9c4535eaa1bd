"""Due items (core.deadlines) of assignments: the organisation's rejection window, what is due from each
assigned reviewer (due.tasks: Gutachten, second check, visit and protocol, final workshop), the workshops
a pool member moderates, and the reported visit and final-workshop dates on the organisation's side, in
the due list, reminders (14 and 3 days ahead, when overdue) and the iCal feed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem
from gelingen.testing import deadlines
from gelingen.testing.models import Procedure, rules_for
from gelingen.testing.visits.models import Workshop

from . import due
from .models import Assignment

LONGEST_WINDOW = timedelta(days=60)  # no testing body gives more days to reject; bounds the query


def rejection_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterator[DueItem]:
    """Open rejection windows of the organisations' procedures (nobody in particular owns them)."""
    if owner_id is not None:
        return
    today = timezone.localdate()
    rows = (
        Assignment.objects.active()
        .filter(
            procedure__organisation_id__in=organisation_ids,
            rejected_on__isnull=True,
            notified_on__gte=today - LONGEST_WINDOW,
            notified_on__lte=until,
        )
        .select_related("procedure__organisation", "reviewer")
        .order_by("notified_on", "pk")
    )
    rules: dict[int, deadlines.Rules] = {}
    found = 0
    for a in rows:
        p = a.procedure
        if p.testing_body_id not in rules:
            rules[p.testing_body_id] = rules_for(p.testing_body_id)
        due = deadlines.rejection_due(a.notified_on, rules[p.testing_body_id])
        if due < today or due > until:
            continue  # the window closed (not overdue: rejecting is a right) or ends later
        yield DueItem(
            key=f"testing_reviewers.rejection:{a.pk}",
            title=_("Zuordnung von %(name)s prüfen (Ablehnung möglich)") % {"name": a.reviewer.name},
            due=due,
            url=reverse("testing_reviewers:procedure", args=[p.organisation.slug, p.pk]),
            kind=_("Gutachter*in"),
            organisation_id=p.organisation_id,
        )
        found += 1
        if limit is not None and found >= limit:
            return


REMIND_AGAIN_DAYS = 3  # as testing.due: a new key within 3 days, so reminders come at 14, 3 and overdue


def _key(base: str, due: date, today: date) -> str:
    return f"{base}:3" if due - today <= timedelta(days=REMIND_AGAIN_DAYS) else base


def _cut(items: list[DueItem], limit: int | None) -> Iterator[DueItem]:
    items.sort(key=lambda item: (item.due, item.key))
    yield from items[:limit] if limit is not None else items


def reviewer_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterator[DueItem]:
    """What is due from the assigned reviewers of the testing bodies' procedures (due.tasks): the
    Gutachten, its second check once handed over, the visit and its protocol, the final workshop."""
    today = timezone.localdate()
    rows = due.with_due_data(
        Assignment.objects.active()
        .filter(procedure__testing_body_id__in=organisation_ids, procedure__status__in=due.OPEN_STATUSES)
        .select_related("procedure__organisation", "procedure__testing_body")
        .order_by("pk")
    )
    if owner_id is not None:
        rows = rows.filter(reviewer_id=owner_id)
    rules: dict[int, deadlines.Rules] = {}
    items: list[DueItem] = []
    for a in rows:
        p = a.procedure
        if p.testing_body_id not in rules:
            rules[p.testing_body_id] = rules_for(p.testing_body_id)
        for task in due.tasks(a, today, rules[p.testing_body_id], workshop=False):
            if task.due > until:
                continue
            in_visits = task.key.startswith(("visit", "protocol"))
            url = (
                reverse("visits:visit", args=[p.testing_body.slug, p.pk])
                if in_visits
                else reverse("testing_reviewers:my_procedures", args=[p.testing_body.slug])
            )
            what = due.appointment_label(task) if task.appointment else task.label
            items.append(
                DueItem(
                    key=_key(f"testing_reviewers.{task.key}:{a.pk}", task.due, today),
                    title=f"{what}: {p.organisation.name}",
                    due=task.due,
                    url=url,
                    kind=_("Termin") if task.appointment else _("Gutachten"),
                    organisation_id=p.testing_body_id,
                    owner_id=a.reviewer_id,
                )
            )
    yield from _cut(items, limit)


def moderation_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterator[DueItem]:
    """The workshops at the start of a cycle, for the pool member who moderates them (assigned or not)."""
    today = timezone.localdate()
    rows = Workshop.objects.filter(
        testing_body_id__in=organisation_ids, held_on__isnull=True, on__gte=today, on__lte=until
    ).select_related("moderator", "cycle__organisation", "testing_body")
    if owner_id is not None:
        rows = rows.filter(moderator__user_id=owner_id)
    items = []
    for workshop in rows:
        for task in due.moderation(workshop, workshop.moderator.user_id, today):
            items.append(
                DueItem(
                    key=_key(f"testing_reviewers.{task.key}", task.due, today),
                    title=f"{due.appointment_label(task)}: {workshop.cycle.organisation.name}",
                    due=task.due,
                    url=reverse("visits:workshop", args=[workshop.testing_body.slug, workshop.cycle_id]),
                    kind=_("Termin"),
                    organisation_id=workshop.testing_body_id,
                    owner_id=workshop.moderator.user_id,
                )
            )
    yield from _cut(items, limit)


def appointment_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterator[DueItem]:
    """The dates the reviewer reported, on the organisation's side: the visit and the final workshop
    (owner: who registered the procedure, as for the procedure's own deadlines)."""
    today = timezone.localdate()
    S = Procedure.Status
    rows = (
        Procedure.objects.filter(organisation_id__in=organisation_ids, status__in=[S.GUTACHTEN, S.DECIDED])
        .select_related("organisation")
        .prefetch_related("visits")
        .order_by("pk")
    )
    if owner_id is not None:
        rows = rows.filter(registered_by_id=owner_id)
    items = []
    for p in rows:
        found: list[due.Task] = []
        if p.status == S.GUTACHTEN and p.gutachten_sent_on is not None:
            visit = due.current_visit(p)
            if visit is not None and visit.submitted_at is None and visit.on >= today:
                found.append(due.Task(f"visit_on:{visit.pk}", _("Visitation"), visit.on, appointment=True))
        if p.status == S.DECIDED and p.workshop_on and p.workshop_held_on is None and p.workshop_on >= today:
            found.append(due.Task("final_workshop", _("Abschlussworkshop"), p.workshop_on, appointment=True))
        for task in found:
            if task.due > until:
                continue
            items.append(
                DueItem(
                    key=_key(f"testing_reviewers.org.{task.key}:{p.pk}", task.due, today),
                    title=f"{due.appointment_label(task)} – {p.organisation.name}",
                    due=task.due,
                    url=p.get_absolute_url(),
                    kind=_("Termin"),
                    organisation_id=p.organisation_id,
                    owner_id=p.registered_by_id,
                )
            )
    yield from _cut(items, limit)
