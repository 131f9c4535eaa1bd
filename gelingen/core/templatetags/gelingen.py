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


@register.inclusion_tag("core/charts/columns.html")
def column_chart(points, title: str, chart_id: str, label_heading: str = "", value_heading: str = ""):
    """Columns for (label, value) pairs, e.g. feedback per month; rendered with a table alternative."""
    return {
        **charts.columns(points),
        "title": title,
        "chart_id": chart_id,
        "label_heading": label_heading,
        "value_heading": value_heading,
    }


@register.inclusion_tag("core/charts/line.html")
def line_chart(
    points, title: str, chart_id: str, target=None, label_heading: str = "", value_heading: str = ""
):
    """A time series of (period label, value or None), optional target line; with a table alternative."""
    return {
        **charts.line(points, target),
        "title": title,
        "chart_id": chart_id,
        "label_heading": label_heading,
        "value_heading": value_heading,
    }


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
