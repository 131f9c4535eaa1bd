"""Section-by-section comparison of two Leitbild versions (word level, see core.textdiff)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gelingen.core.textdiff import Chunk, diff_text

from .models import SECTION_KEYS

PREAMBLE = "preamble"


@dataclass(frozen=True)
class SectionDiff:
    key: str
    label: str
    status: str  # "unchanged", "changed", "added", "removed", "empty"
    chunks: list[Chunk]

    @property
    def changed(self) -> bool:
        return self.status not in ("unchanged", "empty")

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {
    "unchanged": _("unverändert"),
    "changed": _("geändert"),
    "added": _("neu beschrieben"),
    "removed": _("entfernt"),
    "empty": _("in beiden Fassungen leer"),
}


def _status(old: str, new: str) -> str:
    old, new = (old or "").strip(), (new or "").strip()
    if old == new:
        return "unchanged" if old else "empty"
    if not old:
        return "added"
    if not new:
        return "removed"
    return "changed"


def compare(
    old_preamble: str, old_texts: dict[str, str], new_preamble: str, new_texts: dict[str, str]
) -> list[SectionDiff]:
    """The free text first, then the 8 specifications in their fixed order."""
    rows = [(PREAMBLE, _("Freier Text"), old_preamble, new_preamble)]
    rows += [(key, label, old_texts.get(key, ""), new_texts.get(key, "")) for key, label in SECTION_KEYS]
    return [
        SectionDiff(key, str(label), _status(old, new), diff_text((old or "").strip(), (new or "").strip()))
        for key, label, old, new in rows
    ]
