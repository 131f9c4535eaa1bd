"""The Testat certificate as PDF, with a QR code of its public verification address."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from gelingen.core.pdf import StaticOnlyFetcher

from .models import Testat


def qr_data_uri(url: str) -> str:
    """An SVG QR code of `url` as a data: URI (WeasyPrint embeds it; no file, no network)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_certificate(testat: Testat) -> bytes:
    url = testat.verification_url()
    html = render_to_string(
        "testing_testat/certificate_pdf.html",
        {
            "testat": testat,
            "organisation": testat.organisation,
            "testing_body": testat.testing_body,
            "url": url,
            "qr": qr_data_uri(url),
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=StaticOnlyFetcher()).write_pdf()
