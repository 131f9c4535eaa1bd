"""Rules for strategic goal proposals: a horizon of one to five years, and test indicators.

Strategic goals span the period up to re-testing (the Testat is valid for 4 years), so the target year
lies between next year and five years ahead. A proposal meant for the Selbstreport needs at least one
test indicator (Prüfindikator), because the goals are later worded so that they can be checked.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MIN_YEARS, MAX_YEARS = 1, 5
MAX_INDICATORS = 10
MAX_INDICATOR_LENGTH = 300


def year_range(today: date | None = None) -> tuple[int, int]:
    year = (today or timezone.localdate()).year
    return year + MIN_YEARS, year + MAX_YEARS


def validate_target_year(year: int, today: date | None = None) -> None:
    first, last = year_range(today)
    if not first <= year <= last:
        raise ValidationError(
            _(
                "Strategische Ziele reichen über den Zeitraum bis zur Retestierung: Bitte wählen Sie ein "
                "Zieljahr zwischen %(first)s und %(last)s."
            )
            % {"first": first, "last": last},
            code="target_year",
        )


def parse_indicators(text: str) -> list[str]:
    """One indicator per line; bullets and blank lines are dropped."""
    lines = [line.strip().lstrip("-•*–").strip() for line in (text or "").splitlines()]
    return [line for line in lines if line]


def validate_indicators(indicators: list[str], for_selfreport: bool) -> None:
    errors = []
    if len(indicators) > MAX_INDICATORS:
        errors.append(_("Höchstens %(n)s Prüfindikatoren je Ziel.") % {"n": MAX_INDICATORS})
    too_long = [i for i, text in enumerate(indicators, 1) if len(text) > MAX_INDICATOR_LENGTH]
    if too_long:
        errors.append(
            _("Zeile %(lines)s ist zu lang (höchstens %(n)s Zeichen je Prüfindikator).")
            % {"lines": ", ".join(map(str, too_long)), "n": MAX_INDICATOR_LENGTH}
        )
    if for_selfreport and not indicators:
        errors.append(_("Für den Selbstreport braucht der Vorschlag mindestens einen Prüfindikator."))
    if errors:
        raise ValidationError(errors)
