"""The Selbstreport as PDF in the formal KQS layout (A4, Arial 12, 1.5 lines, right margin 7 cm)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from weasyprint import HTML

from gelingen.core.pdf import StaticOnlyFetcher

from .document import ReportDocument, to_document_html


def _html(html: str) -> HTML:
    """Images are inlined as data: URIs; the fetcher refuses any other resource (no network, no files)."""
    return HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=StaticOnlyFetcher())


@dataclass
class Layout:
    """The laid-out document: pages, and on which page each heading anchor landed (1-based)."""

    rendered: object
    page_count: int
    anchor_pages: dict[str, int]  # feeds the page numbers of the Word table of contents

    def write_pdf(self) -> bytes:
        return self.rendered.write_pdf()


def layout(document: ReportDocument) -> Layout:
    rendered = _html(to_document_html(document)).render()
    anchor_pages: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, start=1):
        for anchor in page.anchors:
            anchor_pages.setdefault(anchor, number)
    return Layout(rendered, len(rendered.pages), anchor_pages)


@dataclass
class RenderedPdf:
    data: bytes
    page_count: int
    anchor_pages: dict[str, int]


def render(document: ReportDocument) -> RenderedPdf:
    laid_out = layout(document)
    return RenderedPdf(laid_out.write_pdf(), laid_out.page_count, laid_out.anchor_pages)
