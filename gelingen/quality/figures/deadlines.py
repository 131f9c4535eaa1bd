"""When the next value of a key figure (or assessment of an indicator) is due.

Rule: the next period after the latest recorded one is due DUE_DAYS after it ends. A figure without
any value starts with the period in which it was created, so a new figure is never overdue at once.
Gaps before the latest value are visible in the chart and the list, but are not chased as deadlines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def figure_due_items(organisation_ids: Sequence[int], until: date) -> Iterable[DueItem]:
    figures = (
        KeyFigure.objects.filter(organisation_id__in=organisation_ids, active=True)
        .select_related("organisation")
        .annotate(latest=Max("values__period_start"))
    )
    for figure in figures:
        created = timezone.localdate(figure.created_at)
        period, due = next_due(figure.rhythm, figure.latest, created)
        if due > until:
            continue
        url = reverse("figures:value_add", args=[figure.organisation.slug, figure.pk])
        yield DueItem(
            key=f"figures.value:{figure.pk}:{period.key}",
            title=_("Kennzahl „%(name)s“ für %(period)s erfassen")
            % {"name": figure.name, "period": period.label},
            due=due,
            url=f"{url}?period={period.key}",
            kind=_("Kennzahl"),
            organisation_id=figure.organisation_id,
            owner_id=figure.owner_id,
        )


def indicator_due_items(organisation_ids: Sequence[int], until: date) -> Iterable[DueItem]:
    indicators = (
        QualitativeIndicator.objects.filter(organisation_id__in=organisation_ids, active=True)
        .select_related("organisation")
        .annotate(latest=Max("assessments__period_start"))
    )
    for indicator in indicators:
        created = timezone.localdate(indicator.created_at)
        period, due = next_due(indicator.rhythm, indicator.latest, created)
        if due > until:
            continue
        url = reverse("figures:assessment_add", args=[indicator.organisation.slug, indicator.pk])
        yield DueItem(
            key=f"figures.assessment:{indicator.pk}:{period.key}",
            title=_("Erfolgsindikator „%(title)s“ für %(period)s bewerten")
            % {"title": indicator.title, "period": period.label},
            due=due,
            url=f"{url}?period={period.key}",
            kind=_("Erfolgsindikator"),
            organisation_id=indicator.organisation_id,
            owner_id=indicator.owner_id,
        )
