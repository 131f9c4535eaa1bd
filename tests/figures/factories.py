"""Small builders for key figure tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gelingen.quality.figures.models import FigureValue, IndicatorAssessment, KeyFigure, QualitativeIndicator

_counter = {"n": 0}


def make_figure(org, **kwargs) -> KeyFigure:
    _counter["n"] += 1
    n = _counter["n"]
    defaults = {
        "code": f"K{n}",
        "name": f"Kennzahl {n}",
        "kind": KeyFigure.Kind.ABSOLUTE,
        "unit": "Fälle",
        "rhythm": "monthly",
        "direction": KeyFigure.Direction.HIGHER,
        "definition": "Zahl der Fälle im Monat laut Dokumentation.",
        "justification": "Weil wir früh erreichbar sein wollen, zeigt die Zahl, ob der Zugang funktioniert.",
    }
    defaults.update(kwargs)
    return KeyFigure.objects.create(organisation=org, **defaults)


def make_ratio(org, **kwargs) -> KeyFigure:
    defaults = {
        "kind": KeyFigure.Kind.RATIO,
        "unit": "%",
        "rhythm": "quarterly",
        "numerator_label": "planmäßig beendet",
        "denominator_label": "alle beendet",
    }
    defaults.update(kwargs)
    return make_figure(org, **defaults)


def add_value(
    figure: KeyFigure, period: str, value=None, numerator=None, denominator=None, **kwargs
) -> FigureValue:
    if figure.is_ratio:
        value = figure.compute(numerator=Decimal(str(numerator)), denominator=Decimal(str(denominator)))
        numerator, denominator = Decimal(str(numerator)), Decimal(str(denominator))
    return FigureValue.objects.create(
        figure=figure,
        period=period,
        value=Decimal(str(value)),
        numerator=numerator,
        denominator=denominator,
        **kwargs,
    )


def make_indicator(org, **kwargs) -> QualitativeIndicator:
    _counter["n"] += 1
    defaults = {
        "title": f"Indikator {_counter['n']}",
        "description": "Klient*innen bestimmen die nächsten Schritte mit.",
        "agreed_with": "Team und Beirat",
        "agreed_on": date(2026, 1, 15),
        "rhythm": "half_yearly",
    }
    defaults.update(kwargs)
    return QualitativeIndicator.objects.create(organisation=org, **defaults)


def add_assessment(indicator, period: str, rating: str = "met", **kwargs) -> IndicatorAssessment:
    return IndicatorAssessment.objects.create(
        indicator=indicator,
        period=period,
        rating=rating,
        assessment=kwargs.pop("assessment", "Gut gelungen."),
        **kwargs,
    )
