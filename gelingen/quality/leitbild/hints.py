"""Guiding questions (Leitfragen) for each specification, taken from the catalogue's QB1."""

from __future__ import annotations

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import QualityModel, Specification

from .models import SECTION_KEYS

KEYS = {key for key, _label in SECTION_KEYS}


def _hints_of(model_id: int | None) -> dict[str, str]:
    if model_id is None:
        return {}
    specs = Specification.objects.filter(area__model_id=model_id, area__number=1, key__in=KEYS)
    return {s.key: s.display_hint for s in specs if s.display_hint}


def guiding_questions(organisation: Organisation) -> dict[str, str]:
    """Hint per specification key from the model of the latest cycle, else from any KQS model; may be {}."""
    cycle = organisation.cycles.order_by("-start_date", "-pk").values("model_id").first()
    hints = _hints_of(cycle["model_id"]) if cycle else {}
    if not hints:
        kqs = QualityModel.objects.filter(code="kqs").order_by("-version").values_list("pk", flat=True)
        hints = _hints_of(kqs.first())
    return hints
