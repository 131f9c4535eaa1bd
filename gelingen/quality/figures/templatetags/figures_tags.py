"""Display helpers for key figures: values with unit and decimals, changes, trend and target status."""

from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_CLASSES = {"met": "status-done", "missed": "status-missing"}


@register.filter
def fig_value(value, figure) -> str:
    """A value formatted like its figure: `{{ row.latest.value|fig_value:row.figure }}` -> "66,7 %"."""
    return figure.format(value)


@register.filter
def fig_change(diff, figure) -> str:
    return figure.format_change(diff)


@register.simple_tag
def trend_text(trend) -> str:
    """Arrow for the eye (hidden from screen readers) and the same in words."""
    if trend is None:
        return "–"
    return format_html('<span aria-hidden="true">{}</span> {}', trend.arrow, trend.text)


@register.simple_tag
def target_badge(status) -> str:
    """Met / missed as a coloured badge with the word; no target or no value as plain muted text."""
    css = STATUS_CLASSES.get(str(status))
    label = status.label.replace(" ", "\u00a0")  # keep the badge on one line
    if css is None:
        return format_html('<span class="muted">{}</span>', label)
    return format_html('<span class="status-badge {}">{}</span>', css, label)


@register.filter
def nbsp(text) -> str:
    """Keep a short label on one line (no-break spaces; still escaped as normal text)."""
    return str(text).replace(" ", "\u00a0")
