from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from gelingen.core import charts

register = template.Library()


@register.inclusion_tag("core/charts/stacked_bars.html")
def progress_chart(cycle_progress, title: str, chart_id: str = "progress-chart"):
    """Stacked bars of assessment status per area (SVG); the page shows the same numbers as a table."""
    rows = [
        (p.label, [(key, label, count) for key, label, count, _ in p.segments]) for p in cycle_progress.areas
    ]
    return {**charts.stacked_bars(rows), "title": title, "chart_id": chart_id}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def options(choices, selected, blank: str | None = None):
    """<option> elements for a select; built in Python because long lists of rows repeat them often."""
    selected = "" if selected is None else str(selected)
    parts = [format_html('<option value="">{}</option>', blank)] if blank is not None else []
    for value, label in choices:
        value = str(value)
        parts.append(
            format_html(
                '<option value="{}"{}>{}</option>', value, " selected" if value == selected else "", label
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
