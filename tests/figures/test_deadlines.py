from datetime import UTC, date, datetime

import pytest

from gelingen.core import deadlines
from gelingen.quality.figures.deadlines import DUE_DAYS, next_due, next_missing_period
from gelingen.quality.figures.models import KeyFigure, QualitativeIndicator
from tests.figures.factories import add_assessment, add_value, make_figure, make_indicator


def test_next_missing_period_follows_the_latest_value():
    assert next_missing_period("monthly", date(2026, 3, 1), date(2025, 1, 1)).key == "2026-04"
    assert next_missing_period("quarterly", date(2026, 4, 1), date(2025, 1, 1)).key == "2026-Q3"
    assert next_missing_period("yearly", date(2025, 1, 1), date(2020, 1, 1)).key == "2026"


def test_without_values_the_creation_period_comes_first():
    assert next_missing_period("quarterly", None, date(2026, 5, 10)).key == "2026-Q2"


def test_due_some_days_after_the_period_ends():
    period, due = next_due("monthly", date(2026, 3, 1), date(2025, 1, 1))
    assert period.key == "2026-04" and due == date(2026, 5, 15) and DUE_DAYS == 15
    assert next_due("half_yearly", date(2026, 1, 1), date(2025, 1, 1))[1] == date(2027, 1, 15)


@pytest.mark.django_db
def test_provider_lists_active_figures_and_indicators_with_owner(org_a, org_b, qm_a, staff_a):
    figure = make_figure(org_a, name="Erstkontakte", owner=qm_a)
    add_value(figure, "2026-03", 5)
    add_value(figure, "2026-01", 5)  # an older gap is not chased
    inactive = make_figure(org_a, name="alt", active=False)
    add_value(inactive, "2026-01", 1)
    other = make_figure(org_b, name="fremd")
    add_value(other, "2026-01", 1)
    fresh = make_figure(org_a, name="neu", rhythm="yearly")
    KeyFigure.objects.filter(pk=fresh.pk).update(created_at=datetime(2026, 3, 1, tzinfo=UTC))
    indicator = make_indicator(org_a, title="Beteiligung", owner=staff_a)
    add_assessment(indicator, "2025-H2")
    QualitativeIndicator.objects.filter(pk=indicator.pk).update(created_at=datetime(2025, 1, 1, tzinfo=UTC))

    items = deadlines.due_items([org_a.pk], date(2026, 12, 31))
    by_key = {item.key: item for item in items}
    assert set(by_key) == {f"figures.value:{figure.pk}:2026-04", f"figures.assessment:{indicator.pk}:2026-H1"}
    item = by_key[f"figures.value:{figure.pk}:2026-04"]
    assert item.due == date(2026, 5, 15) and item.owner_id == qm_a.pk and item.kind == "Kennzahl"
    assert item.title == "Kennzahl „Erstkontakte“ für April 2026 erfassen"
    assert item.url == f"/o/{org_a.slug}/figures/{figure.pk}/values/new/?period=2026-04"
    ind = by_key[f"figures.assessment:{indicator.pk}:2026-H1"]
    assert ind.due == date(2026, 7, 15) and ind.owner_id == staff_a.pk
    # the new yearly figure becomes due in 2027 only
    assert not [
        i for i in deadlines.due_items([org_a.pk], date(2027, 1, 14)) if str(fresh.pk) in i.key.split(":")[1]
    ]
    assert deadlines.due_items([org_a.pk], date(2026, 5, 14)) == []
