"""The procedure's deadlines in the shared due list, reminders and iCal feed (core.deadlines).

Each open deadline of a procedure's own timeline is one DueItem on the side that has to act: the
organisation's (owner: who registered) or the testing body's (owner: the responsible officer). Within
REMIND_AGAIN_DAYS of the deadline the item's key changes, so `send_reminders` (which reminds each key
once ahead and once when overdue) reminds 14 days ahead, again 3 days ahead, and when overdue.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem

from . import timeline
from .models import Procedure, attach_rules

REMIND_AGAIN_DAYS = 3


def today() -> date:
    return timezone.localdate()


def procedure_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterator[DueItem]:
    ids = list(organisation_ids)
    rows = (
        Procedure.objects.filter(Q(organisation_id__in=ids) | Q(testing_body_id__in=ids))
        .exclude(status__in=[Procedure.Status.DECLINED, Procedure.Status.WITHDRAWN])
        .filter(next_due__lte=until)
        .select_related("organisation", "testing_body", "registered_by", "officer", "previous")
    )
    if owner_id is not None:
        rows = rows.filter(Q(registered_by_id=owner_id) | Q(officer_id=owner_id))
    rows = rows.order_by("next_due", "pk")
    if limit is not None:
        rows = rows[:limit]
    procedures = attach_rules(list(rows))
    now = today()
    wanted = set(ids)
    for p in procedures:
        for step in timeline.core_steps(p):
            step = timeline.with_status(step, now)
            if step.status not in (timeline.OPEN, timeline.OVERDUE) or step.due is None or step.earliest:
                continue
            if step.due > until:
                continue
            if step.side == timeline.ORGANISATION:
                org, owner, url = p.organisation, p.registered_by_id, p.get_absolute_url()
            else:
                org, owner, url = p.testing_body, p.officer_id, p.body_url()
            if org.pk not in wanted:
                continue
            again = ":3" if step.due - now <= timedelta(days=REMIND_AGAIN_DAYS) else ""
            yield DueItem(
                key=f"testing.procedure:{p.pk}:{step.key}{again}",
                title=f"{step.label} – {p.organisation.name}",
                due=step.due,
                url=url,
                kind=_("Testierung"),
                organisation_id=org.pk,
                owner_id=owner,
            )
