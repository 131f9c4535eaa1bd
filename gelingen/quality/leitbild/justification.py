"""How well a text justifies a measure against the Leitbild and the DgD (Rückbegründung).

KQS distinguishes three levels: a bare reference ("entspricht unserem Leitbild"), a quotation of the
Leitbild, and a real argument that explains how the measure serves what the Leitbild says. Only the
third counts. This is a heuristic to prompt authors, not a verdict: it looks for own words beyond
quoted passages and for connectives that carry an argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

WORD = re.compile(r"[0-9a-zäöüß]+", re.IGNORECASE)
QUOTED = re.compile(r"[„\"“»«‚'](.+?)[“\"”«»‘']", re.DOTALL)
REFERENCE = re.compile(
    r"\b(leitbild\w*|dgd|definition\s+gelungener|gelingende\w*\s+dienstleistung|selbstverständnis|"
    r"unsere[nmrs]?\s+werte\w*|mission)\b",
    re.IGNORECASE,
)
ARGUMENT = re.compile(
    r"\b(weil|denn|dadurch|damit|sodass|so\s+dass|deshalb|daher|deswegen|folglich|indem|"
    r"um\s+\w+(?:\s+\w+){0,6}\s+zu|trägt\s+(?:\w+\s+){0,6}bei|führt\s+(?:\w+\s+){0,6}zu|ermöglicht|"
    r"sorgt\s+dafür|bewirkt|stärkt|verbessert|sichert|erhöht|verringert|unterstützt|hilft)\b",
    re.IGNORECASE,
)
SHINGLE = 5
MIN_OWN_WORDS = 12


class Level(StrEnum):
    MISSING = "missing"
    REFERENCE = "reference"
    QUOTE = "quote"
    ARGUMENT = "argument"


@dataclass(frozen=True)
class Verdict:
    level: Level
    own_words: int
    quoted_words: int

    @property
    def accepted(self) -> bool:
        return self.level == Level.ARGUMENT

    @property
    def message(self) -> str:
        return {
            Level.MISSING: _("Es fehlt eine Begründung, wie dies Leitbild und DgD dient."),
            Level.REFERENCE: _(
                "Die Begründung verweist nur auf das Leitbild. Erklären Sie in eigenen Worten, wie dies "
                "dazu beiträgt, was das Leitbild oder die DgD beschreibt."
            ),
            Level.QUOTE: _(
                "Die Begründung zitiert nur das Leitbild. Ergänzen Sie ein Argument: Warum und wodurch "
                "dient dies dem zitierten Anspruch?"
            ),
            Level.ARGUMENT: _("Die Begründung enthält ein eigenes Argument."),
        }[self.level]


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def classify(text: str, leitbild_texts: Iterable[str] = ()) -> Verdict:
    """Rate a justification; `leitbild_texts` are the organisation's Leitbild/DgD passages."""
    words = _words(text)
    if len(words) < 3:
        return Verdict(Level.MISSING, len(words), 0)
    covered = [False] * len(words)
    # words inside quotation marks
    quoted = {w for m in QUOTED.finditer(text) for w in _words(m.group(1))} if QUOTED.search(text) else set()
    for i, w in enumerate(words):
        if w in quoted:
            covered[i] = True
    # runs of words copied from the Leitbild, quoted or not
    source = set()
    for passage in leitbild_texts:
        pw = _words(passage)
        source |= {tuple(pw[i : i + SHINGLE]) for i in range(len(pw) - SHINGLE + 1)}
    for i in range(len(words) - SHINGLE + 1):
        if tuple(words[i : i + SHINGLE]) in source:
            for j in range(i, i + SHINGLE):
                covered[j] = True
    quoted_words = sum(covered)
    own = [w for w, c in zip(words, covered, strict=True) if not c]
    own_text = " ".join(own)
    if len(own) >= MIN_OWN_WORDS and ARGUMENT.search(own_text):
        level = Level.ARGUMENT
    elif quoted_words >= SHINGLE and quoted_words >= len(own):
        level = Level.QUOTE
    elif REFERENCE.search(text):
        level = Level.REFERENCE
    elif quoted_words:
        level = Level.QUOTE
    else:
        level = Level.MISSING if len(own) < MIN_OWN_WORDS else Level.REFERENCE
    return Verdict(level, len(own), quoted_words)
