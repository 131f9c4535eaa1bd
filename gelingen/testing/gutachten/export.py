"""The Gutachten as PDF (WeasyPrint, the project's own fonts) and as Word file (python-docx).

Both are built from the same context as the reading page (views.detail_context): parts A-D, the ratings
table (area, requirement, rating, Auflage) and the margin comments with the passage they refer to.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt
from weasyprint import HTML

from gelingen.core.pdf import StaticOnlyFetcher, base_url

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(context: dict[str, Any], fmt: str) -> tuple[bytes, str]:
    if fmt == "pdf":
        return to_pdf(context), PDF
    return to_docx(context), DOCX


def to_pdf(context: dict[str, Any]) -> bytes:
    html = render_to_string("testing_gutachten/pdf.html", context)
    return HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher()).write_pdf()


def _texts(doc, pairs: list[tuple[str, str]]) -> None:
    for label, text in pairs:
        doc.add_heading(label, level=3)
        for chunk in (text or "–").split("\n"):
            doc.add_paragraph(chunk)


def to_docx(context: dict[str, Any]) -> bytes:
    g = context["gutachten"]
    procedure = context["procedure"]
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    doc.add_heading(_("Gutachten %(org)s") % {"org": procedure.organisation.name}, level=0)
    if not g.is_released:
        doc.add_paragraph(
            _("Entwurf, nicht versandt (Stand: %(status)s).") % {"status": g.get_status_display()}
        )
    facts = [
        (_("Testierungsstelle"), procedure.testing_body.name),
        (_("Qualitätsmodell"), str(procedure.cycle.model)),
        (
            _("Grundlage"),
            _("Einreichung %(n)s des Selbstreports vom %(day)s")
            % {
                "n": g.submission.number,
                "day": formats.date_format(g.submission.submitted_at, "SHORT_DATE_FORMAT"),
            },
        ),
        (_("Gutachter*in"), g.author.name),
        (_("Ergebnis"), context.get("outcome_label") or "–"),
    ]
    if g.checker:
        facts.insert(4, (_("Zweitgutachter*in"), g.checker.name))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)

    doc.add_heading(_("Teil A: Nachbeschreibung"), level=1)
    _texts(
        doc, [(_("Die Organisation"), g.organisation_text), (_("Ihre Definition von Erfolg"), g.success_text)]
    )
    doc.add_heading(_("Teil B: Rückmeldung"), level=1)
    _texts(
        doc,
        [
            (_("Zum Selbstreport"), g.selfreport_text),
            (_("Zum Qualitätsprozess"), g.process_text),
            (_("Zum Ergebnis"), g.result_text),
            (_("Zu den nächsten Schritten"), g.next_steps_text),
        ],
    )
    doc.add_heading(_("Teil C: Bewertung der Anforderungen"), level=1)
    for group in context["groups"]:
        area = group["area"]
        doc.add_heading(f"{area.code} {area.display_name}", level=2)
        ratings = doc.add_table(rows=1, cols=3)
        ratings.style = "Table Grid"
        head = ratings.rows[0].cells
        head[0].text, head[1].text, head[2].text = _("Anforderung"), _("Bewertung"), _("Auflage")
        for requirement, rating in group["rows"]:
            cells = ratings.add_row().cells
            cells[0].text = f"{requirement.code} {requirement.display_text}"
            cells[1].text = str(rating.get_value_display()) if rating else _("nicht bewertet")
            cells[2].text = (rating.auflage if rating else "") or "–"
        review = group["review"]
        if review is not None and review.comments:
            _texts(doc, [(_("Anmerkungen zum Bereich"), review.comments)])
        if review is not None and review.suggestions:
            _texts(doc, [(_("Anregungen zur Weiterentwicklung"), review.suggestions)])
    if context.get("goal_rows"):
        doc.add_heading(_("Vereinbarte strategische Ziele"), level=2)
        goals = doc.add_table(rows=1, cols=3)
        goals.style = "Table Grid"
        head = goals.rows[0].cells
        head[0].text, head[1].text, head[2].text = _("Ziel"), _("Bewertung"), _("Auflage")
        for row in context["goal_rows"]:
            cells = goals.add_row().cells
            cells[0].text = "\n".join([row.title, *(f"– {i}" for i in row.indicators)])
            cells[1].text = str(row.rating.get_value_display()) if row.rating else _("nicht bewertet")
            cells[2].text = (row.rating.auflage if row.rating else "") or "–"
    doc.add_heading(_("Teil D: Hinweise für Visitation und Abschlussworkshop"), level=1)
    _texts(
        doc,
        [
            (_("Hinweise für die Visitation"), g.visit_notes),
            (_("Hinweise für den Abschlussworkshop"), g.workshop_notes),
        ],
    )
    doc.add_heading(_("Randkommentare zum Selbstreport"), level=1)
    if not context["comments"]:
        doc.add_paragraph(_("Keine Randkommentare."))
    for comment in context["comments"]:
        quoted = doc.add_paragraph(style="Intense Quote")
        quoted.add_run(f"{comment.chapter}: „{comment.passage}“")
        doc.add_paragraph(comment.text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
