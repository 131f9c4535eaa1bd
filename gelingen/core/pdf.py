"""PDF from HTML templates with WeasyPrint.

    pdf = render_pdf("evidence/register_pdf.html", {"rows": rows}, request)
    return pdf_response(pdf, "nachweise.pdf")

Templates usually extend "core/pdf_base.html" (A4, "Liberation Sans" with Arial as fallback, page
numbers in the footer; blocks `title`, `page_style`, `style`, `content`). Relative URLs resolve against
the site, but only static files and data: URLs are loaded, straight from disk; WeasyPrint never opens
a network connection (no server-side request forgery through user content).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def _static_path(path: str) -> Path | None:
    """The file behind a /static/... path: the collected copy or the app's own (via the finders)."""
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    relative = unquote(path[len(prefix) :])
    if ".." in Path(relative).parts:
        return None
    collected = Path(settings.STATIC_ROOT) / relative
    if collected.is_file():
        return collected
    found = finders.find(relative)
    return Path(found) if found else None


class StaticOnlyFetcher(URLFetcher):
    """Serve static files from disk and data: URLs; refuse everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        file = _static_path(urlsplit(url).path)
        if file is None:
            raise ValueError(f"PDF: resource not allowed: {url}")
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": content_type})


def base_url(request: HttpRequest | None = None) -> str:
    return request.build_absolute_uri("/") if request is not None else f"{settings.SITE_URL}/"


def render_pdf(template_name: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """Render a Django template to a PDF document (bytes)."""
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=base_url(request), url_fetcher=StaticOnlyFetcher()).write_pdf()


def pdf_response(pdf: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
