"""How a measure is tied to the Leitbild/DgD: the quoted passage and the quality of the justification.

The passage is a section of a published Leitbild version, optionally narrowed down to the sentence that
matters (an excerpt that must come from that section; "…" may stand for left-out words). The
justification is rated with the Leitbild's heuristic (reference / quotation / argument); only an
argument counts in KQS, the others produce a warning, never an error.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.db.models import QuerySet

from gelingen.accounts.models import Organisation
from gelingen.quality.leitbild.current import current_sections, current_version
from gelingen.quality.leitbild.justification import Verdict, classify
from gelingen.quality.leitbild.models import LeitbildSection

from .models import Measure

ELLIPSIS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.")
QUOTES = "„“”\"»«‚‘’'"


def _normalise(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def excerpt_fragments(excerpt: str) -> list[str]:
    """The parts of an excerpt between ellipses, without surrounding quotation marks."""
    text = (excerpt or "").strip().strip(QUOTES)
    return [part for part in (_normalise(p).strip(" " + QUOTES) for p in ELLIPSIS.split(text)) if part]


def excerpt_matches(section_text: str, excerpt: str) -> bool:
    """True when every part of the excerpt appears in the section, in order (case and spaces ignored)."""
    haystack = _normalise(section_text)
    pos = 0
    for fragment in excerpt_fragments(excerpt):
        found = haystack.find(fragment, pos)
        if found < 0:
            return False
        pos = found + len(fragment)
    return True


def section_queryset(organisation: Organisation, keep: LeitbildSection | None = None) -> QuerySet:
    """Non-empty sections of the current Leitbild, plus the one a measure already points at."""
    version = current_version(organisation)
    pks = [keep.pk] if keep else []
    if version is not None:
        pks += list(version.sections.exclude(text="").values_list("pk", flat=True))
    return LeitbildSection.objects.filter(pk__in=pks, version__organisation=organisation).select_related(
        "version"
    )


def leitbild_texts(organisation: Organisation, section: LeitbildSection | None = None) -> list[str]:
    return _texts_with([s.text for s in current_sections(organisation) if s.text], section)


def assess(text: str, organisation: Organisation, section: LeitbildSection | None = None) -> Verdict:
    """Rate a justification against the organisation's current Leitbild (and the linked section)."""
    return classify(text, leitbild_texts(organisation, section))


def _texts_with(texts: list[str], section: LeitbildSection | None) -> list[str]:
    if section is not None and section.text not in texts:
        return [*texts, section.text]
    return texts


def rate_measure(measure: Measure) -> Verdict:
    """Rate the measure's justification and store the level for lists and filters (not saved here)."""
    verdict = assess(measure.justification, measure.organisation, measure.leitbild_section)
    measure.justification_level = verdict.level.value
    return verdict


UPDATE_BATCH = 1000


def rerate_measures(organisation: Organisation) -> int:
    """Rate every measure of the organisation again against its current Leitbild and store the levels.

    The stored level depends on the Leitbild, so it is refreshed when a new version is published. A few
    queries however many measures there are: the Leitbild, the measures, one update per changed level
    (per thousand measures). `updated_at` stays as it is. Returns the number of measures that changed.
    """
    texts = [s.text for s in current_sections(organisation) if s.text]
    changed: dict[str, list[int]] = defaultdict(list)
    measures = (
        Measure.objects.filter(organisation=organisation)
        .select_related("leitbild_section")
        .only("pk", "justification", "justification_level", "leitbild_section__text")
        .order_by("pk")
    )
    for measure in measures.iterator(chunk_size=2000):
        level = classify(measure.justification, _texts_with(texts, measure.leitbild_section)).level.value
        if level != measure.justification_level:
            changed[level].append(measure.pk)
    for level, pks in changed.items():
        for start in range(0, len(pks), UPDATE_BATCH):
            Measure.objects.filter(pk__in=pks[start : start + UPDATE_BATCH]).update(justification_level=level)
    return sum(len(pks) for pks in changed.values())
