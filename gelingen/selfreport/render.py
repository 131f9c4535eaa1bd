"""Chapter texts are Markdown (headings, lists, tables, bold/italic, images); this turns them into safe HTML.

Markdown in a plain textarea keeps editing accessible and works without JavaScript; the same HTML
feeds the preview, the PDF and the Word export, so all three carry identical content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import nh3
from django.utils.html import escape
from markdown_it import MarkdownIt

CITATION = re.compile(r"\[(QB\d{1,2}-\d{1,3})\]")
IMAGE_SRC = re.compile(r'src="bild:(\d+)"')
FOREIGN_IMAGE = re.compile(r'<img(?![^>]*src="bild:)[^>]*>')
EMPTY_IMAGE = re.compile(r'<img[^>]*src=""[^>]*>')

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "code",
    "img",
    "a",
    "hr",
}
ALLOWED_ATTRIBUTES = {"img": {"src", "alt"}, "a": {"href"}}


def _shift_headings(tokens, base: int) -> None:
    """Authors write '#' for their first level; inside the document that is one below `base`."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + base, 6)
            token.tag = f"h{level}"


@lru_cache(maxsize=1024)
def _sanitised(text: str, heading_base: int) -> str:
    """Markdown -> sanitised HTML with image references left open: a pure function of the text, kept
    for the texts seen last (the checks, the preview and the exports render the same texts again)."""
    tokens = _md.parse(text)
    _shift_headings(tokens, heading_base)
    html = nh3.clean(
        _md.renderer.render(tokens, _md.options, {}),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "bild"},
        link_rel=None,
    )
    return FOREIGN_IMAGE.sub("", html)  # only the report's own images, never third-party URLs


def to_html(
    text: str, image_url: Callable[[int], str | None] = lambda pk: None, heading_base: int = 2
) -> str:
    """Markdown -> sanitised HTML. `image_url(pk)` resolves `bild:<pk>` references (None drops the image).

    `heading_base` is the level of the heading the text sits under (2: chapter, 3: one of the four answers).
    Sanitising happens before image references are resolved, so only URLs we produce ourselves (web
    paths or data: URIs of the report's own images) ever reach the browser or the PDF renderer.
    """
    html = _sanitised(text or "", heading_base)

    def resolve(match: re.Match) -> str:
        url = image_url(int(match.group(1)))
        return f'src="{escape(url)}"' if url else 'src=""'

    return EMPTY_IMAGE.sub("", IMAGE_SRC.sub(resolve, html))


def citations(text: str) -> list[str]:
    """Evidence identifiers cited as [QB3-07], in order of appearance, without repeats."""
    return list(dict.fromkeys(CITATION.findall(text or "")))
