"""The PDF brings its own font: the same pages and text with or without any font on the host."""

import io
import json
import os
import subprocess
import sys
import textwrap

import pytest
from pypdf import PdfReader

from gelingen.core import fonts
from gelingen.selfreport import export_pdf
from gelingen.selfreport.document import build, to_document_html

pytestmark = pytest.mark.django_db

RENDER = textwrap.dedent(
    """
    import io, json, sys
    import django
    django.setup()
    from pypdf import PdfReader
    from gelingen.selfreport.export_pdf import _html
    with open(sys.argv[1], encoding="utf-8") as f:
        data = _html(f.read()).write_pdf()
    reader = PdfReader(io.BytesIO(data))
    fonts = sorted({str(f.get_object()["/BaseFont"]).split("+", 1)[-1]
                    for page in reader.pages for f in page["/Resources"]["/Font"].values()})
    print(json.dumps({"pages": len(reader.pages), "cover": reader.pages[0].extract_text(), "fonts": fonts}))
    """
)


def embedded_fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(f.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }


@pytest.fixture
def report_html(complete_report, org_a, tmp_path):
    org_a.phone = "030 123456"
    org_a.save()
    qb2 = complete_report.chapters.get(key="qb2")
    qb2.answer_a = "Wir arbeiten **fett**, *kursiv* und mit `Code`. " * 40
    qb2.save()
    path = tmp_path / "report.html"
    path.write_text(to_document_html(build(complete_report)), encoding="utf-8")
    return path


def test_a_fontconfig_without_any_font_gives_the_same_pdf(report_html, tmp_path):
    here = export_pdf._html(report_html.read_text(encoding="utf-8")).write_pdf()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "gelingen.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-W", "ignore", "-c", RENDER, str(report_html)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    bare = json.loads(result.stdout.strip().splitlines()[-1])
    assert bare["pages"] == len(PdfReader(io.BytesIO(here)).pages) >= 5
    assert "Telefon: 030 123456" in bare["cover"] and "T elefon" not in bare["cover"]
    assert {name.split("-")[0] for name in bare["fonts"]} == {"Gelingen"}  # nothing from the host
    assert embedded_fonts(here) == set(bare["fonts"])


def test_the_font_files_ship_with_a_package():
    files = sorted(p.name for p in fonts.font_dir().glob("*.ttf"))
    assert files == ["Arimo-Italic[wght].ttf", "Arimo[wght].ttf"]
