"""Vague wording that KQS does not accept without a concrete interval or date.

"regelmäßig", "geeignet", "zukünftig" and "künftig" only count when the same sentence says how often
or by when (e.g. "alle 6 Monate", "jährlich im März", "bis 31.03.2027"). Used by forms that describe a
rhythm and by the Selbstreport linter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VAGUE = re.compile(
    r"\b(regelm(?:ä|ae|a)(?:ß|ss)ig\w*|geeignet\w*|zuk(?:ü|ue)nftig\w*|k(?:ü|ue)nftig\w*)",
    re.IGNORECASE,
)

_NUMBER = r"(?:\d+|ein(?:e|en|em)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|vierzehn)"
_UNIT = (
    r"(?:tag|tage|tagen|woche|wochen|monat|monate|monaten|"
    r"quartal|quartale|quartalen|jahr|jahre|jahren|halbjahr)"
)
_MONTHS = r"(?:januar|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember)"
CONCRETE = re.compile(
    "|".join(
        [
            rf"\b{_NUMBER}\s*(?:-\s*)?(?:mal\s+(?:im|pro|je)\s+)?{_UNIT}\b",  # 6 Monate, zweimal im Jahr
            # alle 2 Jahre, jeden Monat, einmal im Quartal
            rf"\b(?:alle|jede[nrs]?|pro|je|im|einmal\s+(?:im|pro|je))\s+(?:{_NUMBER}\s+)?{_UNIT}\b",
            r"\b(?:täglich|werktäglich|wöchentlich|zweiwöchentlich|\d+-?tägig|vierzehntägig|monatlich|"
            r"zweimonatlich|quartalsweise|vierteljährlich|halbjährlich|jährlich|zweijährlich|alljährlich)\b",
            r"\b\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4})?",  # 31.03. / 31.03.2027
            r"\b\d{4}-\d{2}-\d{2}\b",
            rf"\b{_MONTHS}\b",
            r"\b(?:19|20)\d{2}\b",  # a year
            r"\b(?:kw|kalenderwoche)\s*\d{1,2}\b",
            r"\bq[1-4]\b",
        ]
    ),
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n{2,}")


@dataclass(frozen=True)
class VagueWord:
    word: str
    start: int
    end: int
    sentence: str


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; dates like 31.03.2027 do not end a sentence (no space after the dot)."""
    out, pos = [], 0
    for match in SENTENCE_END.finditer(text):
        out.append((pos, text[pos : match.start()]))
        pos = match.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out


def vague_words(text: str) -> list[VagueWord]:
    """Vague words in sentences that name no concrete interval or date."""
    return list(_vague_words(text or ""))


@lru_cache(maxsize=1024)
def _vague_words(text: str) -> tuple[VagueWord, ...]:
    """A pure function of the text, kept for the texts seen last (the checks read every text again)."""
    found = []
    for offset, sentence in sentences(text):
        if CONCRETE.search(sentence):
            continue
        for match in VAGUE.finditer(sentence):
            found.append(
                VagueWord(match.group(0), offset + match.start(), offset + match.end(), sentence.strip())
            )
    return tuple(found)


def vague_hint(found: list[VagueWord]) -> str:
    words = ", ".join(dict.fromkeys(f"„{v.word}“" for v in found))
    return _(
        "%(words)s ohne konkretes Intervall oder Datum: Bitte nennen Sie, wie oft oder bis wann "
        "(z. B. „alle 6 Monate“, „jährlich im März“, „bis 31.03.2027“)."
    ) % {"words": words}


def validate_concrete(text: str) -> None:
    """Form validator for texts that describe a rhythm or a plan."""
    found = vague_words(text)
    if found:
        raise ValidationError(vague_hint(found), code="vague")
