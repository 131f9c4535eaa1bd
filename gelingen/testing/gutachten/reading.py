"""The frozen Selbstreport text, chapter by chapter, cut into paragraphs with stable anchors.

The anchors come from the submission's frozen `content` only (chapter key, text field, block number), so
a margin comment keeps pointing at the same passage for as long as the submission exists. Each top-level
Markdown block (paragraph, list, table, heading, quote) is one paragraph; it is rendered with the
Selbstreport's own sanitising renderer (images are left out: the PDF shows them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from gelingen.selfreport.render import to_html
from gelingen.selfreport.structure import ANSWERS, PART_TITLES

_md = MarkdownIt("commonmark", {"html": False}).enable("table")
ANSWER_LABELS = {a.field: a.label for a in ANSWERS}


@dataclass
class Paragraph:
    anchor: str
    html: SafeString
    text: str  # plain text, for the passage a comment quotes
    comments: list = field(default_factory=list)


@dataclass
class Block:
    label: str  # the answer's label, "" for a chapter's single text
    paragraphs: list[Paragraph]


@dataclass
class ReadingChapter:
    key: str
    part: int
    title: str
    anchor: str
    blocks: list[Block]


@dataclass
class ReadingPart:
    number: int
    title: str
    chapters: list[ReadingChapter]


def _blocks_of(text: str) -> list[str]:
    """The source of each top-level Markdown block (by the parser's line map)."""
    lines = text.splitlines()
    found = []
    for token in _md.parse(text):
        if token.level == 0 and token.map and token.nesting in (1, 0):
            start, end = token.map
            found.append("\n".join(lines[start:end]))
    return found


@lru_cache(maxsize=256)
def _paragraphs(text: str, prefix: str) -> tuple[tuple[str, str, str], ...]:
    out = []
    for n, source in enumerate(_blocks_of(text or ""), start=1):
        html = to_html(source, heading_base=3)
        if not html.strip():
            continue
        plain = " ".join(strip_tags(html).split())
        out.append((f"{prefix}-{n}", html, plain))
    return tuple(out)


def paragraphs(text: str, prefix: str) -> list[Paragraph]:
    return [
        Paragraph(anchor, mark_safe(html), plain)  # noqa: S308 - sanitised by selfreport.render
        for anchor, html, plain in _paragraphs(text, prefix)
    ]


def chapters(content: dict) -> list[ReadingPart]:
    """The submission's chapters grouped by part, each text cut into anchored paragraphs."""
    parts: dict[int, list[ReadingChapter]] = {}
    for chapter in content.get("chapters", []):
        key = str(chapter.get("key", ""))
        texts: dict = chapter.get("texts") or {}
        blocks = []
        for name, text in texts.items():
            found = paragraphs(str(text or ""), f"p-{key}-{name}")
            if found:
                label = "" if len(texts) == 1 else str(ANSWER_LABELS.get(name, name))
                blocks.append(Block(label, found))
        for n, goal in enumerate(chapter.get("goal_reports") or [], start=1):
            found = paragraphs(str(goal.get("text") or ""), f"p-{key}-goal{n}")
            if found:
                blocks.append(Block(str(goal.get("goal") or _("Ziel")), found))
        if blocks:
            part = int(chapter.get("part") or 0)
            parts.setdefault(part, []).append(
                ReadingChapter(key, part, str(chapter.get("title", "")), f"ch-{key}", blocks)
            )
    return [
        ReadingPart(number, str(PART_TITLES.get(number, "")), found)
        for number, found in sorted(parts.items())
    ]


def anchors(content: dict) -> dict[str, str]:
    """Every paragraph anchor of the submission with its plain text (to check and quote a comment)."""
    return {
        p.anchor: p.text
        for part in chapters(content)
        for chapter in part.chapters
        for block in chapter.blocks
        for p in block.paragraphs
    }


def attach_comments(parts: list[ReadingPart], comments: list) -> None:
    by_anchor: dict[str, list] = {}
    for comment in comments:
        by_anchor.setdefault(comment.anchor, []).append(comment)
    for part in parts:
        for chapter in part.chapters:
            for block in chapter.blocks:
                for p in block.paragraphs:
                    p.comments = by_anchor.get(p.anchor, [])


def chapter_titles(content: dict) -> dict[str, str]:
    """Anchor -> title of its chapter (for the overview of margin comments)."""
    titles = {}
    for part in chapters(content):
        for chapter in part.chapters:
            for block in chapter.blocks:
                for p in block.paragraphs:
                    titles[p.anchor] = chapter.title
    return titles
