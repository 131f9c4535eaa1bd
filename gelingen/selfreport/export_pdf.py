"""The Selbstreport as PDF in the formal KQS layout (A4, Arial 12, 1.5 lines, right margin 7 cm)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from weasyprint import HTML

from .document import ReportDocument, to_document_html


@dataclass
class RenderedPdf:
    data: bytes
    page_count: int
    anchor_pages: dict[str, int]  # heading anchor -> page number (1-based), feeds the Word table of contents


def render(document: ReportDocument) -> RenderedPdf:
    html = to_document_html(document)
    rendered = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    anchor_pages = {}
    for number, page in enumerate(rendered.pages, start=1):
        for anchor in page.anchors:
            anchor_pages.setdefault(anchor, number)
    return RenderedPdf(rendered.write_pdf(), len(rendered.pages), anchor_pages)


def page_count(document: ReportDocument) -> int:
    """Pages of the real rendered document; cached by content because rendering takes seconds."""
    html = to_document_html(document)
    key = "selfreport-pages:" + hashlib.sha256(html.encode()).hexdigest()
    pages = cache.get(key)
    if pages is None:
        pages = len(HTML(string=html, base_url=str(settings.BASE_DIR)).render().pages)
        cache.set(key, pages, 60 * 60 * 24)
    return pages
