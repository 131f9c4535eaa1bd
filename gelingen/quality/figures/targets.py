"""Whether a key figure meets its target, and which way it moves.

Direction "higher": the target is a minimum (value >= target). "lower": a maximum (value <= target).
"band": the value should lie between target_min and target_max (either bound may be open).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

from .values import format_with_unit

HIGHER, LOWER, BAND = "higher", "lower", "band"


class TargetStatus(StrEnum):
    MET = "met"
    MISSED = "missed"
    NO_TARGET = "no_target"
    NO_VALUE = "no_value"

    @property
    def label(self) -> str:
        return {
            TargetStatus.MET: _("Ziel erreicht"),
            TargetStatus.MISSED: _("Ziel verfehlt"),
            TargetStatus.NO_TARGET: _("kein Zielwert"),
            TargetStatus.NO_VALUE: _("kein Wert"),
        }[self]


def target_status(
    direction: str,
    value: Decimal | None,
    target: Decimal | None = None,
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
) -> TargetStatus:
    if direction == BAND:
        if target_min is None and target_max is None:
            return TargetStatus.NO_TARGET
        if value is None:
            return TargetStatus.NO_VALUE
        inside = (target_min is None or value >= target_min) and (target_max is None or value <= target_max)
        return TargetStatus.MET if inside else TargetStatus.MISSED
    if target is None:
        return TargetStatus.NO_TARGET
    if value is None:
        return TargetStatus.NO_VALUE
    met = value >= target if direction == HIGHER else value <= target
    return TargetStatus.MET if met else TargetStatus.MISSED


def band_distance(value: Decimal, target_min: Decimal | None, target_max: Decimal | None) -> Decimal:
    """How far a value lies outside the band (0 inside)."""
    if target_min is not None and value < target_min:
        return target_min - value
    if target_max is not None and value > target_max:
        return value - target_max
    return Decimal(0)


def change(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    if previous is None or current is None:
        return None
    return current - previous


@dataclass(frozen=True)
class Trend:
    arrow: str  # shown to sighted readers; the label says the same in words
    label: str
    favourable: bool | None  # None: unchanged, or no way to tell

    @property
    def text(self) -> str:
        if self.favourable is None:
            return self.label
        return f"{self.label} ({_('günstig') if self.favourable else _('ungünstig')})"


def trend(
    previous: Decimal | None,
    current: Decimal | None,
    direction: str,
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
) -> Trend | None:
    """Movement from the previous to the current value, judged by the figure's direction."""
    diff = change(previous, current)
    if diff is None:
        return None
    if diff == 0:
        return Trend("→", _("unverändert"), None)
    arrow, label = ("↑", _("steigt")) if diff > 0 else ("↓", _("sinkt"))
    if direction == HIGHER:
        favourable: bool | None = diff > 0
    elif direction == LOWER:
        favourable = diff < 0
    else:
        before = band_distance(previous, target_min, target_max)
        after = band_distance(current, target_min, target_max)
        favourable = None if before == after else after < before
    return Trend(arrow, label, favourable)


def target_text(
    direction: str,
    target: Decimal | None,
    target_min: Decimal | None,
    target_max: Decimal | None,
    unit: str = "",
    decimals: int = 1,
) -> str:
    """ "≥ 65 %", "≤ 10 Tage", "80 – 95 %", "mind. 80 %" or "–"."""

    def fmt(v: Decimal) -> str:
        return format_with_unit(v, "", decimals)

    suffix = f" {unit}" if unit else ""
    if direction == BAND:
        if target_min is not None and target_max is not None:
            return f"{fmt(target_min)} – {fmt(target_max)}{suffix}"
        if target_min is not None:
            return f"≥ {fmt(target_min)}{suffix}"
        if target_max is not None:
            return f"≤ {fmt(target_max)}{suffix}"
        return "–"
    if target is None:
        return "–"
    return f"{'≥' if direction == HIGHER else '≤'} {fmt(target)}{suffix}"
