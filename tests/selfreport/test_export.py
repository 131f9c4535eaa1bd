"""The exports read back: formal layout of the Word file and the PDF."""

import io

import pytest
from docx import Document
from docx.shared import Cm, Pt
from pypdf import PdfReader

from gelingen.selfreport import export_docx, export_pdf
from gelingen.selfreport.document import build, to_document_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(complete_report, org_a):
    org_a.phone, org_a.email, org_a.contact_person = "030 123456", "info@alpha.example", "Jana Qualität"
    org_a.save()
    qb2 = complete_report.chapters.get(key="qb2")
    qb2.answer_a = (
        "# Bedarfe\n\nWir erheben **jährlich** Bedarfe.\n\n- Befragung\n- Statistik\n\n"
        "| Jahr | Fälle |\n|---|---|\n| 2025 | 120 |"
    )
    qb2.save()
    document = build(complete_report)
    pdf = export_pdf.render(document)
    docx = export_docx.render(to_document_html(document), document.toc(), pdf.anchor_pages)
    return document, pdf, Document(io.BytesIO(docx))


def test_docx_page_layout_font_and_spacing(exported):
    _, _, doc = exported
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert abs(section.left_margin - Cm(2.5)) < Cm(0.01) and abs(section.right_margin - Cm(7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(2.5)) < Cm(0.01) and abs(section.bottom_margin - Cm(2.5)) < Cm(0.01)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(12)
    assert normal.paragraph_format.line_spacing == 1.5
    assert doc.styles["Heading 1"].font.name == "Arial"


def test_docx_cover_toc_headings_appendix(exported, org_a):
    document, pdf, doc = exported
    texts = [p.text for p in doc.paragraphs]
    cover = "\n".join(texts[:8])
    for expected in (
        "Selbstreport",
        org_a.name,
        "Hauptstr. 1",
        "10115 Berlin",
        "030 123456",
        "info@alpha.example",
        "Jana Qualität",
    ):
        assert expected in cover
    # table of contents on page 2: a real TOC field whose entries carry the PDF's page numbers
    body = doc.element.body.xml
    assert 'TOC \\o "1-2"' in body
    toc = [p for p in doc.paragraphs if p.style.name == "TOC 2"]
    qb2 = next(p for p in toc if p.text.startswith("QB2 "))
    assert qb2.text.endswith(f"\t{pdf.anchor_pages['ch-qb2']}")
    # headings are real Word heading styles
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [
        "Teil 1: Angaben zur Organisation",
        "Teil 2: Der Qualitätsprozess im Ganzen",
        "Teil 3: Die Qualitätsbereiche",
        "Anhang: Nachweisliste",
    ]
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "QB1 Leitbild" in h2 and "Selbstverpflichtung zur Qualitätsentwicklung" in h2
    assert any(
        p.style.name == "Heading 3" and p.text == "a) Erfüllung der Anforderungen" for p in doc.paragraphs
    )
    assert any(p.style.name == "Heading 4" and p.text == "Bedarfe" for p in doc.paragraphs)
    assert any(p.style.name == "List Bullet" and p.text == "Befragung" for p in doc.paragraphs)
    # the full Leitbild in QB1 and the key process in QB3
    assert "Aussage zu Definition gelungener sozialer Dienstleistung." in texts
    assert any(p.text == "Schlüsselprozess: Erstkontakt" for p in doc.paragraphs)
    # appendix: the cited evidence from the register
    appendix = doc.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == ["Kennung", "Nachweis", "Art", "Ablage"]
    assert appendix.rows[1].cells[0].text == document.appendix[0].identifier == "QB1-01"
    assert "Ordner QM" in appendix.rows[1].cells[3].text
    # page number field in the footer, not on the cover
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert doc.sections[0].different_first_page_header_footer


def test_pdf_pages_cover_and_toc(exported, org_a):
    _, pdf, _ = exported
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == pdf.page_count >= 5
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 2.54, 1) == 21.0 and round(float(box.height) / 72 * 2.54, 1) == 29.7
    cover = reader.pages[0].extract_text()
    assert (
        "Selbstreport" in cover and org_a.name in cover and "030 123456" in cover and "Jana Qualität" in cover
    )
    toc = reader.pages[1].extract_text()
    assert "Inhaltsverzeichnis" in toc and "QB12" in toc
    assert pdf.anchor_pages["part-1"] == 3
    last = reader.pages[-1].extract_text()
    assert "Nachweisliste" in last or "QB1-01" in last


def test_docx_and_pdf_carry_the_same_text(exported):
    _, pdf, doc = exported
    reader = PdfReader(io.BytesIO(pdf.data))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for paragraph in doc.paragraphs:
        text = " ".join(paragraph.text.split("\t")[0].split())
        if text and paragraph.style.name not in ("TOC 1", "TOC 2"):
            assert text[:40] in pdf_text, text
