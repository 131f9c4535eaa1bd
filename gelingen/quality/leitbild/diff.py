"""Section-by-section comparison of two Leitbild versions (word level, Python's difflib)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from .models import SECTION_KEYS

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
PREAMBLE = "preamble"


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str
    replaced: bool = False  # a deletion directly followed by its replacement (shown with a gap)


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


def diff_text(old: str, new: str) -> list[Chunk]:
    """Word-level chunks turning `old` into `new`.

    Changes separated only by whitespace are grouped, so a reader sees "<del>festen Weg</del>
    <ins>feste Wege</ins>" instead of alternating single words.
    """
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    raw: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                raw.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                raw.append(("insert", "".join(b[j1:j2])))
    chunks: list[Chunk] = []
    i = 0
    while i < len(raw):
        op, text = raw[i]
        if op == "equal":
            chunks.append(Chunk(op, text))
            i += 1
            continue
        deleted, inserted = [], []
        while i < len(raw):
            op, text = raw[i]
            if op == "delete":
                deleted.append(text)
            elif op == "insert":
                inserted.append(text)
            elif text.isspace() and i + 1 < len(raw) and raw[i + 1][0] != "equal":
                deleted.append(text)
                inserted.append(text)
            else:
                break
            i += 1
        if deleted:
            chunks.append(Chunk("delete", "".join(deleted), replaced=bool(inserted)))
        if inserted:
            chunks.append(Chunk("insert", "".join(inserted)))
    return chunks


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
