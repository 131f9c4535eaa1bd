"""The fonts our PDFs use, brought by the project itself (never the host's, never downloaded at run time).

Arimo (package `fontpkg-arimo`, OFL) is metric-compatible with Arial: a line breaks where it would with
Arial, so a PDF and its page count come out the same on every machine. Templates load it with
`{% include "core/_pdf_fonts.css" %}` inside their `<style>` and name the family `FAMILY`; the URLs
`/pdf-fonts/<file>` are answered by `core.pdf.StaticOnlyFetcher` from `font_dir()` only.
"""

from __future__ import annotations

from pathlib import Path

import fontpkg_arimo

FAMILY = "Gelingen Arial"
URL_PREFIX = "/pdf-fonts/"


def font_dir() -> Path:
    """The directory holding the font files (inside the installed package)."""
    return Path(fontpkg_arimo.ROOT) / "files"
