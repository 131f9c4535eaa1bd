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


def refused(fetcher, url: str) -> bool:
    try:
        fetcher(url)
    except ValueError:
        return True
    return False


def test_fetcher_is_confined_to_the_static_root_and_the_fonts(settings, tmp_path):
    root = tmp_path / "static"
    (root / "gelingen").mkdir(parents=True)
    (root / "gelingen" / "ok.css").write_text("a { color: red }")
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    (root / "leak.txt").symlink_to(secret)
    (root / "inside.css").symlink_to(root / "gelingen" / "ok.css")
    settings.STATIC_ROOT = root
    fetcher = pdf.StaticOnlyFetcher()
    assert b"color: red" in fetcher("http://testserver/static/gelingen/ok.css").read()
    assert b"color: red" in fetcher("http://testserver/static/inside.css").read()  # symlink inside: fine
    for url in (
        "http://testserver/static//etc/passwd",
        "http://testserver/static///etc/passwd",
        f"http://testserver/static/{secret}",
        "http://testserver/static/%2Fetc%2Fpasswd",
        "http://testserver/static/gelingen/../../secret.txt",
        "http://testserver/static/%2e%2e/secret.txt",
        "http://testserver/static/leak.txt",  # symlink out of the root
        "http://testserver/static/gelingen/",
        "http://testserver/static/",
        "http://testserver/static/ok.css%00.png",
        "http://testserver/pdf-fonts//etc/passwd",
        "http://testserver/pdf-fonts/../__init__.py",
        "http://testserver/pdf-fonts/%2e%2e/__init__.py",
        "file:///static/gelingen/ok.css",
    ):
        assert refused(fetcher, url), url


def test_fetcher_serves_the_font_files():
    response = pdf.StaticOnlyFetcher()("http://testserver/pdf-fonts/Arimo%5Bwght%5D.ttf")
    assert response.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType font


def test_confined_checks_the_resolved_path(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f.txt").write_text("x")
    (tmp_path / "b.txt").write_text("y")
    assert pdf.confined(tmp_path / "a", "f.txt") == (tmp_path / "a" / "f.txt").resolve()
    for relative in ("../b.txt", str(tmp_path / "b.txt"), "//b.txt", "", ".", "f.txt\x00"):
        assert pdf.confined(tmp_path / "a", relative) is None, relative
