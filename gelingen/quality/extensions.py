"""Hooks through which apps above `quality` add to its pages, so that `quality` never imports them.

- Row extras: something shown inside each self-assessment row (e.g. the evidence of the requirement).
  `annotate(organisation, rows, model_id)` sets attributes on the rows for the extra, in a bounded
  number of queries however many rows there are; `model_id` is the cycle's quality model, or None when
  one row is saved on its own. `render(row, row_context)` returns its HTML (rows are built in Python,
  see quality.assessment_rows); without it, the template gets `row`, `membership`, `back_url` and the
  page's context.
- Dashboard panels: a template included on the organisation's start page (context: `org`, `user`,
  `membership`), shown to the organisation kinds of the feature that registers it.
- Assessment panels: the same, included above the self-assessment of one cycle (context: `org`,
  `cycle`, `membership`), e.g. the extra requirements a re-testing cycle brings along.

Apps register in their AppConfig.ready():

    from gelingen.quality import extensions
    extensions.register_row_extra(extensions.RowExtra("evidence/_assessment_row.html", annotate))
    extensions.register_panel(extensions.DashboardPanel("activities/_dashboard.html", "activities"))
    extensions.register_assessment_panel(extensions.DashboardPanel("testing_testat/_assessment.html", "testat"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gelingen import features

if TYPE_CHECKING:
    from gelingen.accounts.models import Organisation

    from .models import Assessment


@dataclass(frozen=True)
class RowExtra:
    template: str
    annotate: Callable[[Organisation, Sequence[Assessment], int | None], None]
    # Optional: renders the extra in Python, `render(row, row_context) -> escaped HTML`, instead of the
    # template (quality.assessment_rows.RowContext); worth it on pages with hundreds of rows.
    render: Callable[[Assessment, Any], str] | None = None


@dataclass(frozen=True)
class DashboardPanel:
    template: str
    feature: str  # key in gelingen.features: the panel shows for the kinds that use this feature


_row_extras: list[RowExtra] = []
_panels: list[DashboardPanel] = []
_assessment_panels: list[DashboardPanel] = []


def register_row_extra(extra: RowExtra) -> RowExtra:
    if extra not in _row_extras:
        _row_extras.append(extra)
    return extra


def annotate_rows(
    organisation: Organisation, rows: Sequence[Assessment], model_id: int | None = None
) -> None:
    for extra in _row_extras:
        extra.annotate(organisation, rows, model_id)


def row_extras() -> list[RowExtra]:
    return list(_row_extras)


def register_panel(panel: DashboardPanel) -> DashboardPanel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def panel_templates(kind: str) -> list[str]:
    return [p.template for p in _panels if features.feature(p.feature).available_to(kind)]


def register_assessment_panel(panel: DashboardPanel) -> DashboardPanel:
    if panel not in _assessment_panels:
        _assessment_panels.append(panel)
    return panel


def assessment_panel_templates(kind: str) -> list[str]:
    return [p.template for p in _assessment_panels if features.feature(p.feature).available_to(kind)]
