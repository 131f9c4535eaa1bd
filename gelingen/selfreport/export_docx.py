"""The Selbstreport as a Word document with the same content and layout rules as the PDF.

The document HTML (see document.py) is walked element by element and written with python-docx:
real Heading styles (navigable, accessible), A4 with the KQS margins, Arial 12 pt, 1.5 lines, a
page-number field in the footer, and a table-of-contents field whose page numbers come from the
rendered PDF (Word refreshes the field when the document is opened).
"""

from __future__ import annotations

import base64
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import html as lxml_html

FONT = "Arial"
TEXT_WIDTH = Cm(21.0 - 2.5 - 7.0)


def _set_font(style, size: float | None = None, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5), Cm(2.5)
    section.right_margin = Cm(7.0)
    section.different_first_page_header_footer = True  # no page number on the cover
    normal = doc.styles["Normal"]
    _set_font(normal, 12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(6)
    for level, size in ((1, 16), (2, 14), (3, 12), (4, 12), (5, 12), (6, 12)):
        style = doc.styles[f"Heading {level}"]
        _set_font(style, size, bold=True)
        style.font.italic = level >= 4
        style.paragraph_format.line_spacing = 1.5
        style.paragraph_format.keep_with_next = True
    _set_font(doc.styles["Title"], 24, bold=True)
    for name in ("List Bullet", "List Number", "List Bullet 2", "List Number 2", "Quote"):
        _set_font(doc.styles[name], 12)
    for level in (1, 2):
        name = f"TOC {level}"
        if name not in [s.name for s in doc.styles]:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
        style = doc.styles[name]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _page_number_footer(section)
    _update_fields_on_open(doc)


def _field(paragraph, instruction: str, cached: str = "") -> None:
    """A complex field (PAGE, TOC ...) with an optional cached result."""

    def fld(kind):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(cached)
    fld("end")


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", "1")


def _update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _toc(doc, entries: list[tuple[int, str, str]], anchor_pages: dict[str, int]) -> None:
    """TOC field whose cached entries carry the page numbers of the rendered PDF."""
    doc.add_paragraph("Inhaltsverzeichnis", style="Title").runs[0].font.size = Pt(16)
    first = True
    paragraphs = []
    for level, title, anchor in entries:
        p = doc.add_paragraph(style=f"TOC {level}")
        if first:
            for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
                run = p.add_run()
                if kind == "instr":
                    el = OxmlElement("w:instrText")
                    el.set(qn("xml:space"), "preserve")
                    el.text = f" {text} "
                else:
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), kind)
                run._r.append(el)
            first = False
        p.add_run(f"{title}\t{anchor_pages.get(anchor, '')}")
        paragraphs.append(p)
    end = paragraphs[-1].add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    end._r.append(el)


class _Writer:
    def __init__(self, doc):
        self.doc = doc

    def inline(self, paragraph, element, bold=False, italic=False) -> None:
        """Write an element's text and children as runs, keeping bold/italic."""
        tag = element.tag if isinstance(element.tag, str) else ""
        bold = bold or tag in ("strong", "b", "th")
        italic = italic or tag in ("em", "i")
        if tag == "br":
            paragraph.add_run().add_break()
        elif tag == "img":
            self.picture(paragraph, element)
        elif element.text:
            run = paragraph.add_run(element.text)
            run.bold, run.italic = bold or None, italic or None
        for child in element:
            self.inline(paragraph, child, bold, italic)
            if child.tail:
                run = paragraph.add_run(child.tail)
                run.bold, run.italic = bold or None, italic or None

    def picture(self, paragraph, element) -> None:
        src = element.get("src", "")
        if src.startswith("data:") and ";base64," in src:
            data = base64.b64decode(src.split(";base64,", 1)[1])
            paragraph.add_run().add_picture(io.BytesIO(data), width=TEXT_WIDTH)

    def block(self, element, list_level: int = 0) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(tag[1])
            heading = self.doc.add_heading(level=level)
            self.inline(heading, element)
            if level == 1:
                heading.paragraph_format.page_break_before = True
        elif tag == "p":
            paragraph = self.doc.add_paragraph()
            self.inline(paragraph, element)
        elif tag == "blockquote":
            for child in element:
                paragraph = self.doc.add_paragraph(style="Quote")
                self.inline(paragraph, child)
        elif tag in ("ul", "ol"):
            style = "List Bullet" if tag == "ul" else "List Number"
            if list_level:
                style += " 2"
            for item in element:
                paragraph = self.doc.add_paragraph(style=style)
                paragraph.add_run(item.text or "")
                for child in item:
                    if child.tag in ("ul", "ol"):
                        self.block(child, list_level + 1)
                    elif child.tag == "p":
                        self.inline(paragraph, child)
                    else:
                        self.inline(paragraph, child)
                        if child.tail:
                            paragraph.add_run(child.tail)
        elif tag == "table":
            self.table(element)
        elif tag == "hr":
            self.doc.add_paragraph()
        elif tag in ("section", "div", "nav", "thead", "tbody", "body", "article"):
            for child in element:
                self.block(child, list_level)

    def table(self, element) -> None:
        rows = element.findall(".//tr")
        if not rows:
            return
        columns = max(len(r.findall("th")) + len(r.findall("td")) for r in rows)
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        for tr in rows:
            cells = table.add_row().cells
            for i, cell_el in enumerate([c for c in tr if c.tag in ("th", "td")]):
                paragraph = cells[i].paragraphs[0]
                paragraph.paragraph_format.line_spacing = 1.15
                self.inline(paragraph, cell_el)


def _cover(doc, cover) -> None:
    title = cover.find("h1")
    doc.add_paragraph(title.text_content().strip(), style="Title")
    for p in cover.findall("p"):
        paragraph = doc.add_paragraph()
        if "org" in (p.get("class") or ""):
            run = paragraph.add_run(p.text_content().strip())
            run.bold, run.font.size = True, Pt(16)
        else:
            _Writer(doc).inline(paragraph, p)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render(document_html: str, toc: list[tuple[int, str, str]], anchor_pages: dict[str, int]) -> bytes:
    root = lxml_html.document_fromstring(document_html)
    doc = Document()
    _setup(doc)
    body = root.find("body")
    writer = _Writer(doc)
    for element in body:
        classes = element.get("class") or ""
        if "cover" in classes:
            _cover(doc, element)
        elif "toc" in classes:
            _toc(doc, toc, anchor_pages)
        else:
            writer.block(element)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
