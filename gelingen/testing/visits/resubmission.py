"""What changed in a revised Selbstreport, for the testing body and the assigned reviewers.

The review of a revised Selbstreport covers the affected areas: those with Auflagen and those the
organisation changed. The diff compares the frozen `content` of the revised submission with the one
before it (its `previous`, else the one numbered before), chapter by chapter and text by text, with
difflib (core.textdiff), so nothing is read from live data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gelingen.core.textdiff import Chunk, diff_text
from gelingen.selfreport.models import Submission
from gelingen.testing.models import Procedure

from .auflagen import auflagen_of


@dataclass
class TextChange:
    field: str
    chunks: list[Chunk]
    added: int = 0  # words added
    removed: int = 0  # words removed


@dataclass
class ChapterChange:
    key: str
    title: str
    status: str  # "changed", "added" or "removed"
    requirements: list[str] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)


def _words(chunks: list[Chunk], op: str) -> int:
    return sum(len(c.text.split()) for c in chunks if c.op == op)


def _texts(chapter: dict) -> dict[str, str]:
    return {str(k): str(v or "") for k, v in (chapter.get("texts") or {}).items()}


def chapter_changes(old: dict, new: dict) -> list[ChapterChange]:
    """Per chapter of the two contents: which texts changed and how (unchanged chapters left out)."""
    before = {c["key"]: c for c in old.get("chapters", [])}
    after_keys = set()
    result: list[ChapterChange] = []
    for chapter in new.get("chapters", []):
        after_keys.add(chapter["key"])
        previous = before.get(chapter["key"])
        old_texts, new_texts = _texts(previous or {}), _texts(chapter)
        texts = []
        for name in [*new_texts, *(n for n in old_texts if n not in new_texts)]:
            if old_texts.get(name, "") != new_texts.get(name, ""):
                chunks = diff_text(old_texts.get(name, ""), new_texts.get(name, ""))
                texts.append(TextChange(name, chunks, _words(chunks, "insert"), _words(chunks, "delete")))
        if previous is None or texts:
            result.append(
                ChapterChange(
                    chapter["key"],
                    chapter.get("title", chapter["key"]),
                    "added" if previous is None else "changed",
                    list(chapter.get("requirements", [])),
                    texts,
                )
            )
    for key, chapter in before.items():
        if key not in after_keys:
            result.append(
                ChapterChange(
                    key, chapter.get("title", key), "removed", list(chapter.get("requirements", []))
                )
            )
    return result


def revised_pair(procedure: Procedure) -> tuple[Submission, Submission] | None:
    """(previous, revised) for the newest submission of the procedure's cycle, if it is a revision."""
    rows = list(
        Submission.objects.filter(report__cycle_id=procedure.cycle_id)
        .select_related("previous")
        .order_by("-number")[:2]
    )
    if not rows or rows[0].number < 2:
        return None
    newest = rows[0]
    previous = newest.previous or (rows[1] if len(rows) > 1 else None)
    return (previous, newest) if previous else None


@dataclass
class Review:
    previous: Submission
    revised: Submission
    changes: list[ChapterChange]
    auflagen_areas: list[str]

    @property
    def changed_titles(self) -> list[str]:
        return [c.title for c in self.changes]

    @property
    def affected(self) -> list[str]:
        """What the review covers: the areas with Auflagen, then the changed chapters, each once."""
        seen: list[str] = []
        for label in [*self.auflagen_areas, *self.changed_titles]:
            if label not in seen:
                seen.append(label)
        return seen


def review_of(procedure: Procedure) -> Review | None:
    pair = revised_pair(procedure)
    if pair is None:
        return None
    previous, revised = pair
    from .visit import latest_visit, not_met_findings

    areas: list[str] = []
    labels = [ref.area for ref in auflagen_of(procedure)]
    labels += [f.area for f in not_met_findings(latest_visit(procedure))]
    for label in labels:
        if label not in areas:
            areas.append(label)
    return Review(previous, revised, chapter_changes(previous.content, revised.content), areas)
