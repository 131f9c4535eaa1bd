from django.test import RequestFactory

from gelingen.core import pdf


def test_render_pdf_returns_a_pdf_document():
    data = pdf.render_pdf("core/pdf_base.html", {})
    assert data.startswith(b"%PDF-")
    assert len(data) > 500


def test_static_files_resolve_from_disk_and_nothing_else_is_fetched():
    fetcher = pdf.StaticOnlyFetcher()
    response = fetcher("http://testserver/static/gelingen/gelingen.css")
    assert b"--brand" in response.read()
    assert response.content_type == "text/css"
    for url in (
        "http://example.org/tracker.png",
        "file:///etc/passwd",
        "http://testserver/static/../settings.py",
        "http://testserver/o/alpha/evidence/",
    ):
        try:
            fetcher(url)
        except ValueError:
            continue
        raise AssertionError(f"fetched {url}")


def test_base_url_follows_the_request(settings):
    request = RequestFactory().get("/o/alpha/evidence/")
    assert pdf.base_url(request) == "http://testserver/"
    settings.SITE_URL = "https://gelingen.example"
    assert pdf.base_url() == "https://gelingen.example/"


def test_pdf_response_is_an_uncached_attachment():
    response = pdf.pdf_response(b"%PDF-1.7", "liste.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="liste.pdf"'
    assert "no-store" in response["Cache-Control"]
