"""Due items (core.deadlines) of assignments: the organisation's rejection window, and what is due from
each assigned reviewer (their Gutachten or its second check), in the due list, reminders and iCal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem
from gelingen.testing import deadlines
from gelingen.testing.models import CLOSED, Procedure, rules_for

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


def reviewer_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterator[DueItem]:
    """The Gutachten due from the assigned reviewers of the testing bodies' procedures."""
    S = Procedure.Status
    rows = (
        Assignment.objects.active()
        .filter(
            procedure__testing_body_id__in=organisation_ids,
            procedure__status__in=[S.SUBMITTED, S.RESUBMITTED],
        )
        .exclude(procedure__status__in=CLOSED)
        .select_related("procedure__organisation", "procedure__testing_body")
        .order_by("procedure__submitted_on", "pk")
    )
    if owner_id is not None:
        rows = rows.filter(reviewer_id=owner_id)
    rules: dict[int, deadlines.Rules] = {}
    found = 0
    for a in rows:
        p = a.procedure
        start = p.resubmitted_on if p.status == S.RESUBMITTED and p.resubmitted_on else p.submitted_on
        if start is None:
            continue
        if p.testing_body_id not in rules:
            rules[p.testing_body_id] = rules_for(p.testing_body_id)
        due = deadlines.gutachten_due(start, rules[p.testing_body_id])
        if due > until:
            continue
        what = _("Gutachten") if a.role == Assignment.Role.FIRST else _("Zweitbegutachtung des Gutachtens")
        yield DueItem(
            key=f"testing_reviewers.gutachten:{a.pk}",
            title=f"{what}: {p.organisation.name}",
            due=due,
            url=reverse("testing_reviewers:my_procedures", args=[p.testing_body.slug]),
            kind=_("Gutachten"),
            organisation_id=p.testing_body_id,
            owner_id=a.reviewer_id,
        )
        found += 1
        if limit is not None and found >= limit:
            return
