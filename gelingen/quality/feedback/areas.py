"""Which quality areas a feedback entry can be filed under."""

from __future__ import annotations

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Area


def area_choices(organisation: Organisation) -> list[tuple[int, str]]:
    """Areas of the organisation's latest cycle (optional ones included), else QB1 to QB12."""
    cycle = organisation.cycles.order_by("-start_date", "-pk").first()
    if cycle is not None:
        areas: list[Area] = list(cycle.areas())
        if areas:
            return [(a.number, f"{a.code} {a.display_name}") for a in areas]
    return [(n, f"QB{n}") for n in range(1, 13)]
