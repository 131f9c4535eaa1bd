"""Word-level differences between two texts (difflib), for Leitbild versions and Selbstreport submissions.

Render the chunks with the include `core/_diff.html`: deletions and insertions are <del>/<ins> with a
visually hidden label, so the change is not conveyed by colour or strike-through alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str
    replaced: bool = False  # a deletion directly followed by its replacement (shown with a gap)


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
