from io import StringIO

import pytest
from django.core.management import call_command

from gelingen.quality.figures.models import FigureValue, IndicatorAssessment, KeyFigure, QualitativeIndicator
from gelingen.quality.leitbild.justification import classify

pytestmark = pytest.mark.django_db


def test_demo_seeds_key_figures_once_for_both_organisations():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    counts = (KeyFigure.objects.count(), FigureValue.objects.count(), IndicatorAssessment.objects.count())
    call_command("demo", "--reset", stdout=StringIO())  # seeds again: no duplicates
    assert (
        KeyFigure.objects.count(),
        FigureValue.objects.count(),
        IndicatorAssessment.objects.count(),
    ) == counts

    for slug in ("suchtberatung-nordstadt", "jugendhilfe-am-fluss"):
        figures = KeyFigure.objects.filter(organisation__slug=slug)
        assert 5 <= figures.count() <= 7
        assert {f.rhythm for f in figures} == {"monthly", "quarterly", "half_yearly", "yearly"}
        assert {f.kind for f in figures} == {"absolute", "ratio"}
        assert {f.direction for f in figures} == {"higher", "lower", "band"}
        assert all(f.owner_id and f.has_target and f.areas.exists() for f in figures)
        assert all(classify(f.justification).accepted for f in figures)
        monthly = figures.filter(rhythm="monthly").first()
        values = list(monthly.values.order_by("period_start"))
        assert 12 <= len(values) <= 18
        first, last = values[0].period_start, values[-1].period_start
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        assert months > len(values)  # at least one gap
        assert QualitativeIndicator.objects.filter(organisation__slug=slug).count() == 2
        assert IndicatorAssessment.objects.filter(indicator__organisation__slug=slug).count() >= 4
