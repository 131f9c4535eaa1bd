"""PDF from HTML templates with WeasyPrint.

    pdf = render_pdf("evidence/register_pdf.html", {"rows": rows}, request)
    return pdf_response(pdf, "nachweise.pdf")

Templates usually extend "core/pdf_base.html" (A4, the project's own Arial-compatible font from
core/fonts.py, page numbers in the footer; blocks `title`, `page_style`, `style`, `content`). Relative
URLs resolve against the site, but only static files, the font files and data: URLs are loaded, straight
from disk and confined to their directories; WeasyPrint never opens a network connection (no
server-side request forgery through user content).
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

from . import fonts


def confined(root: Path, relative: str) -> Path | None:
    """The file `relative` names inside `root`, or None when it is not a file below `root`.

    Checked on the resolved path, so `..`, absolute parts, doubled slashes and symlinks that lead out of
    `root` are all refused; a symlink that stays inside `root` is fine.
    """
    if not relative or relative.startswith(("/", "\\")) or "\x00" in relative:
        return None
    try:
        base = root.resolve()
        candidate = (base / relative).resolve()
    except (OSError, ValueError):
        return None
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate


def static_roots() -> list[Path]:
    """Where static files live: the collected copy first, then every finder's directories."""
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location))
    return roots


def _static_path(path: str) -> Path | None:
    """The file behind a /static/... or /pdf-fonts/... path, confined to those directories."""
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if path.startswith(fonts.URL_PREFIX):
        return confined(fonts.font_dir(), unquote(path[len(fonts.URL_PREFIX) :]))
    if not path.startswith(prefix):
        return None
    relative = unquote(path[len(prefix) :])
    return next((f for root in static_roots() if (f := confined(root, relative)) is not None), None)


class StaticOnlyFetcher(URLFetcher):
    """Serve static files from disk and data: URLs; refuse everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        file = _static_path(parts.path) if parts.scheme in ("http", "https") else None
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
