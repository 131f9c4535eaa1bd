from django import template

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
