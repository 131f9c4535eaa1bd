"""Numbers of key figures: reading typed numbers, computing ratios, formatting for display."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

STORED = Decimal("0.0001")  # values are stored with 4 decimal places
MAX_ABS = Decimal("999999999999")  # fits max_digits=16, decimal_places=4
_GERMAN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_number(text: str) -> Decimal:
    """A number typed by a person or found in a CSV: "12,5", "12.5", "1.234,5", "85 %", "-3".

    A comma is the decimal separator (German); dots are then thousands separators. Without a comma a
    single dot is a decimal point. Raises ValueError for anything else.
    """
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    raw = raw.removesuffix("%")
    if not raw:
        raise ValueError("empty")
    if "," in raw:
        if raw.count(",") > 1 or ("." in raw and not _GERMAN_THOUSANDS.match(raw)):
            raise ValueError(text)
        raw = raw.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
        raise ValueError(text)
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if abs(number) > MAX_ABS:
        raise ValueError(text)
    return number


def quantize(value: Decimal) -> Decimal:
    return value.quantize(STORED, rounding=ROUND_HALF_UP)


def compute_ratio(numerator: Decimal, denominator: Decimal, percent: bool) -> Decimal:
    """numerator / denominator, times 100 when the unit is "%"; a zero denominator is refused."""
    if denominator == 0:
        raise ValidationError(_("Der Nenner darf nicht 0 sein."), code="zero_denominator")
    value = Decimal(numerator) / Decimal(denominator)
    if percent:
        value *= 100
    return quantize(value)


def format_number(value: Decimal | float | None, decimals: int = 1) -> str:
    """German formatting with the figure's decimals; whole numbers drop trailing zeros (45, not 45,0)."""
    if value is None:
        return "–"
    # round first: Django's number_format cuts digits off instead of rounding
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        decimals = 0
    return formats.number_format(value, decimals, use_l10n=True)


def format_with_unit(value: Decimal | float | None, unit: str = "", decimals: int = 1) -> str:
    if value is None:
        return "–"
    text = format_number(value, decimals)
    return f"{text} {unit}".strip() if unit else text


def format_change(value: Decimal | None, unit: str = "", decimals: int = 1) -> str:
    """A difference with its sign; percent changes are percentage points."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    unit = _("Prozentpunkte") if unit.strip() == "%" else unit
    return f"{sign}{format_with_unit(abs(value), unit, decimals)}"
