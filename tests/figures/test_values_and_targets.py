from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from gelingen.quality.figures.targets import (
    TargetStatus,
    band_distance,
    change,
    target_status,
    target_text,
    trend,
)
from gelingen.quality.figures.values import (
    compute_ratio,
    format_change,
    format_number,
    format_with_unit,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", D("12")),
        ("12,5", D("12.5")),
        ("12.5", D("12.5")),
        ("1.234,5", D("1234.5")),
        ("-3", D("-3")),
        (" 85 % ", D("85")),
        ("0,25", D("0.25")),
        (",5", D("0.5")),
        ("1\u00a0000,5", D("1000.5")),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "12,5,3", "1.2.3", "12a", "1.23,4", "1e5", "NaN", "9" * 14])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_ratio_is_computed_and_percent_multiplies_by_100():
    assert compute_ratio(D(41), D(56), percent=True) == D("73.2143")
    assert compute_ratio(D(36), D("7.5"), percent=False) == D("4.8000")
    assert compute_ratio(D(0), D(10), percent=True) == D("0.0000")


def test_zero_denominator_is_refused_in_german():
    with pytest.raises(ValidationError) as exc:
        compute_ratio(D(3), D(0), percent=True)
    assert exc.value.messages == ["Der Nenner darf nicht 0 sein."]


def test_formatting_is_german():
    assert format_number(D("66.6667"), 1) == "66,7"
    assert format_number(D("45.0000"), 1) == "45"
    assert format_number(None) == "–"
    assert format_with_unit(D("5.3"), "Tage", 1) == "5,3 Tage"
    assert format_with_unit(D("12.25"), "%", 2) == "12,25 %"
    assert format_change(D("-6.5"), "%", 1) == "−6,5 Prozentpunkte"
    assert format_change(D("2.7"), "Tage", 1) == "+2,7 Tage"
    assert format_change(D("0"), "Fälle", 0) == "±0 Fälle"
    assert format_change(None) == "–"


@pytest.mark.parametrize(
    ("direction", "value", "target", "low", "high", "expected"),
    [
        ("higher", D(65), D(65), None, None, TargetStatus.MET),
        ("higher", D("64.9"), D(65), None, None, TargetStatus.MISSED),
        ("lower", D(10), D(10), None, None, TargetStatus.MET),
        ("lower", D("10.1"), D(10), None, None, TargetStatus.MISSED),
        ("higher", D(10), None, None, None, TargetStatus.NO_TARGET),
        ("higher", None, D(10), None, None, TargetStatus.NO_VALUE),
        ("band", D(80), None, D(80), D(95), TargetStatus.MET),
        ("band", D(95), None, D(80), D(95), TargetStatus.MET),
        ("band", D("79.9"), None, D(80), D(95), TargetStatus.MISSED),
        ("band", D(96), None, D(80), D(95), TargetStatus.MISSED),
        ("band", D(200), None, D(80), None, TargetStatus.MET),
        ("band", D(50), None, None, D(60), TargetStatus.MET),
        ("band", D(50), None, None, None, TargetStatus.NO_TARGET),
        ("band", None, None, D(1), D(2), TargetStatus.NO_VALUE),
    ],
)
def test_target_status(direction, value, target, low, high, expected):
    assert target_status(direction, value, target, low, high) == expected


def test_status_labels_are_german():
    assert TargetStatus.MET.label == "Ziel erreicht"
    assert TargetStatus.MISSED.label == "Ziel verfehlt"


def test_change_and_band_distance():
    assert change(D(10), D(12)) == D(2)
    assert change(None, D(12)) is None
    assert band_distance(D(70), D(80), D(95)) == D(10)
    assert band_distance(D(99), D(80), D(95)) == D(4)
    assert band_distance(D(90), D(80), D(95)) == D(0)


def test_trend_judges_by_direction():
    up = trend(D(10), D(12), "higher")
    assert (up.arrow, up.favourable, up.text) == ("↑", True, "steigt (günstig)")
    assert trend(D(10), D(12), "lower").favourable is False
    assert trend(D(12), D(10), "lower").text == "sinkt (günstig)"
    same = trend(D(10), D(10), "higher")
    assert (same.arrow, same.favourable, same.text) == ("→", None, "unverändert")
    assert trend(None, D(10), "higher") is None
    # band: moving towards the band is favourable, moving inside it is neutral
    assert trend(D(70), D(78), "band", D(80), D(95)).favourable is True
    assert trend(D(96), D(99), "band", D(80), D(95)).favourable is False
    assert trend(D(85), D(90), "band", D(80), D(95)).favourable is None


def test_target_text():
    assert target_text("higher", D(65), None, None, "%", 1) == "≥ 65 %"
    assert target_text("lower", D("10.5"), None, None, "Tage", 1) == "≤ 10,5 Tage"
    assert target_text("band", None, D(80), D(95), "%", 0) == "80 – 95 %"
    assert target_text("band", None, D(80), None, "", 0) == "≥ 80"
    assert target_text("band", None, None, D(3), "", 0) == "≤ 3"
    assert target_text("band", None, None, None, "", 0) == "–"
    assert target_text("higher", None, None, None, "%", 0) == "–"
