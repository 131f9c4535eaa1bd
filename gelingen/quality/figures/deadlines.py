"""When the next value of a key figure (or assessment of an indicator) is due.

Rule: the next period after the latest recorded one is due DUE_DAYS after it ends. A figure without
any value starts with the period in which it was created, so a new figure is never overdue at once.
Gaps before the latest value are visible in the chart and the list, but are not chased as deadlines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.core.deadlines import DueItem

from .models import KeyFigure, QualitativeIndicator
from .periods import Period, period_containing

DUE_DAYS = 15


def next_missing_period(rhythm: str, latest_start: date | None, created: date) -> Period:
    """The period to collect next: after the latest recorded one, else the one the figure was created in."""
    if latest_start is None:
        return period_containing(rhythm, created)
    return period_containing(rhythm, latest_start).next


def due_date(period: Period) -> date:
    return period.end + timedelta(days=DUE_DAYS)


def next_due(rhythm: str, latest_start: date | None, created: date) -> tuple[Period, date]:
    period = next_missing_period(rhythm, latest_start, created)
    return period, due_date(period)


@dataclass(frozen=True)
class Collected:
    """What is collected per period for one kind of item: the model, its per-period relation, the page."""

    model: type[KeyFigure] | type[QualitativeIndicator]
    periods: str  # reverse relation to the per-period rows, e.g. "values"
    url_name: str
    key: str
    kind: Callable[[], str]
    title: Callable[[KeyFigure | QualitativeIndicator, Period], str]


def due_items_for(
    collected: Collected,
    organisation_ids: Sequence[int],
    until: date,
    owner_id: int | None = None,
    limit: int | None = None,
) -> Iterable[DueItem]:
    """One item per active figure/indicator whose next period is due by `until` (the due date is
    computed, so the limit applies after it; an organisation has a few dozen figures)."""
    rows = (
        collected.model.objects.filter(organisation_id__in=organisation_ids, active=True)
        .select_related("organisation")
        .annotate(latest=Max(f"{collected.periods}__period_start"))
    )
    if owner_id is not None:
        rows = rows.filter(owner_id=owner_id)
    items = []
    for row in rows:
        period, due = next_due(row.rhythm, row.latest, timezone.localdate(row.created_at))
        if due > until:
            continue
        url = reverse(collected.url_name, args=[row.organisation.slug, row.pk])
        items.append(
            DueItem(
                key=f"{collected.key}:{row.pk}:{period.key}",
                title=collected.title(row, period),
                due=due,
                url=f"{url}?period={period.key}",
                kind=collected.kind(),
                organisation_id=row.organisation_id,
                owner_id=row.owner_id,
            )
        )
    items.sort(key=lambda item: item.due)
    return items[:limit] if limit is not None else items


FIGURES = Collected(
    model=KeyFigure,
    periods="values",
    url_name="figures:value_add",
    key="figures.value",
    kind=lambda: _("Kennzahl"),
    title=lambda figure, period: (
        _("Kennzahl „%(name)s“ für %(period)s erfassen") % {"name": figure.name, "period": period.label}
    ),
)
INDICATORS = Collected(
    model=QualitativeIndicator,
    periods="assessments",
    url_name="figures:assessment_add",
    key="figures.assessment",
    kind=lambda: _("Erfolgsindikator"),
    title=lambda indicator, period: (
        _("Erfolgsindikator „%(title)s“ für %(period)s bewerten")
        % {"title": indicator.title, "period": period.label}
    ),
)


def figure_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    return due_items_for(FIGURES, organisation_ids, until, owner_id, limit)


def indicator_due_items(
    organisation_ids: Sequence[int], until: date, *, owner_id: int | None = None, limit: int | None = None
) -> Iterable[DueItem]:
    return due_items_for(INDICATORS, organisation_ids, until, owner_id, limit)
