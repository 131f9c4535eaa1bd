"""The key figure report (Kennzahlenbericht) for one period, and the latest values for the list.

Figures and indicators with another rhythm than the report period show the latest period of their
own rhythm that has ended by the end of the report period. On the report for 2026-Q3 a monthly figure
shows September 2026, a half-yearly one 2026-H1 and a yearly one 2025; on the report for 2026-Q4 they
show December, 2026-H2 and 2026. So the report never shows a period that was still running at its
end, and every number is a value that was really entered (no sums or averages are made up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from gelingen.accounts.models import Organisation

from . import targets
from .deadlines import next_due
from .models import FigureValue, IndicatorAssessment, KeyFigure, QualitativeIndicator
from .periods import Period, Rhythm, last_completed, period_containing, recent_periods


def figure_period_for(rhythm: str, report_period: Period) -> Period:
    """The figure's own period shown on the report for `report_period` (see module docstring)."""
    own = period_containing(rhythm, report_period.end)
    return own if own.end <= report_period.end else own.previous


@dataclass
class FigureRow:
    figure: KeyFigure
    period: Period
    value: FigureValue | None
    previous_period: Period
    previous: FigureValue | None
    report_rhythm: str = ""

    @property
    def current_value(self) -> Decimal | None:
        return self.value.value if self.value else None

    @property
    def previous_value(self) -> Decimal | None:
        return self.previous.value if self.previous else None

    @property
    def change(self) -> Decimal | None:
        return targets.change(self.previous_value, self.current_value)

    @property
    def status(self) -> targets.TargetStatus:
        return self.figure.status_of(self.current_value)

    @property
    def trend(self) -> targets.Trend | None:
        return self.figure.trend_of(self.previous_value, self.current_value)

    @property
    def other_rhythm(self) -> bool:
        return self.period.rhythm != self.report_rhythm


@dataclass
class IndicatorRow:
    indicator: QualitativeIndicator
    period: Period
    assessment: IndicatorAssessment | None
    previous_period: Period
    previous: IndicatorAssessment | None


@dataclass
class Report:
    period: Period
    figures: list[FigureRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    def count(self, status: targets.TargetStatus) -> int:
        return sum(1 for row in self.figures if row.status == status)

    @property
    def met(self) -> int:
        return self.count(targets.TargetStatus.MET)

    @property
    def missed(self) -> int:
        return self.count(targets.TargetStatus.MISSED)

    @property
    def missing_values(self) -> int:
        return sum(1 for row in self.figures if row.value is None)


def build_report(organisation: Organisation, period: Period) -> Report:
    """All active figures and indicators of the organisation for `period`; four queries."""
    report = Report(period)
    figures = list(
        KeyFigure.objects.filter(organisation=organisation, active=True)
        .select_related("organisation")
        .order_by("name")
    )
    wanted = {}
    for figure in figures:
        own = figure_period_for(figure.rhythm, period)
        wanted[figure.pk] = (own, own.previous)
    keys = {p.key for pair in wanted.values() for p in pair}
    found = {
        (v.figure_id, v.period): v
        for v in FigureValue.objects.filter(figure__in=figures, period__in=keys).select_related("entered_by")
    }
    by_pk = {f.pk: f for f in figures}
    for value in found.values():
        value.figure = by_pk[value.figure_id]
    for figure in figures:
        own, before = wanted[figure.pk]
        report.figures.append(
            FigureRow(
                figure,
                own,
                found.get((figure.pk, own.key)),
                before,
                found.get((figure.pk, before.key)),
                report_rhythm=period.rhythm,
            )
        )

    indicators = list(
        QualitativeIndicator.objects.filter(organisation=organisation, active=True).select_related(
            "organisation"
        )
    )
    wanted = {}
    for indicator in indicators:
        own = figure_period_for(indicator.rhythm, period)
        wanted[indicator.pk] = (own, own.previous)
    keys = {p.key for pair in wanted.values() for p in pair}
    assessments = {
        (a.indicator_id, a.period): a
        for a in IndicatorAssessment.objects.filter(indicator__in=indicators, period__in=keys)
    }
    for indicator in indicators:
        own, before = wanted[indicator.pk]
        report.indicators.append(
            IndicatorRow(
                indicator,
                own,
                assessments.get((indicator.pk, own.key)),
                before,
                assessments.get((indicator.pk, before.key)),
            )
        )
    return report


def report_period_choices(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for the report's period select (newest first)."""
    groups = [
        (Rhythm.QUARTERLY, 8),
        (Rhythm.MONTHLY, 18),
        (Rhythm.HALF_YEARLY, 6),
        (Rhythm.YEARLY, 5),
    ]
    return [
        (str(rhythm.label), [(p.key, p.label) for p in recent_periods(rhythm, today, count)])
        for rhythm, count in groups
    ]


def default_report_period(today: date) -> Period:
    """The last completed quarter: the usual reporting rhythm of the steering group."""
    return last_completed(Rhythm.QUARTERLY, today)


@dataclass
class LatestRow:
    figure: KeyFigure
    latest: FigureValue | None
    previous: FigureValue | None

    @property
    def status(self) -> targets.TargetStatus:
        return self.figure.status_of(self.latest.value if self.latest else None)

    @property
    def trend(self) -> targets.Trend | None:
        if not (self.latest and self.previous):
            return None
        return self.figure.trend_of(self.previous.value, self.latest.value)

    @property
    def next_due(self) -> tuple[Period, date]:
        """The next period to collect and when it is due (see deadlines.py)."""
        latest = self.latest.period_start if self.latest else None
        return next_due(self.figure.rhythm, latest, timezone.localdate(self.figure.created_at))


def latest_rows(figures: Sequence[KeyFigure]) -> list[LatestRow]:
    """Latest and second-latest value of each figure, in one query (window function)."""
    ranked = (
        FigureValue.objects.filter(figure__in=figures)
        .annotate(rank=Window(RowNumber(), partition_by=[F("figure_id")], order_by=F("period_start").desc()))
        .filter(rank__lte=2)
    )
    by_figure: dict[int, list[FigureValue]] = {}
    for value in ranked:
        by_figure.setdefault(value.figure_id, []).append(value)
    rows = []
    for figure in figures:
        items = sorted(by_figure.get(figure.pk, []), key=lambda v: v.period_start, reverse=True)
        for item in items:
            item.figure = figure  # avoid a query per value for its label
        rows.append(LatestRow(figure, items[0] if items else None, items[1] if len(items) > 1 else None))
    return rows
