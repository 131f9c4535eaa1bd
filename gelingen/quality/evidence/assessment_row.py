"""The evidence shown in each self-assessment row (registered in apps.py through quality.extensions):
rendered in Python like the rows themselves; the links come prebuilt from
`register.annotate_assessment_rows`."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from django.utils.html import escape
from django.utils.translation import gettext

if TYPE_CHECKING:
    from gelingen.quality.assessment_rows import RowContext
    from gelingen.quality.models import Assessment


def _texts(ctx: RowContext) -> dict[str, str]:
    texts = ctx.cache.get("evidence")
    if texts is None:
        texts = ctx.cache["evidence"] = {
            "heading": escape(gettext("Nachweise:")),
            "none": escape(gettext("Kein Nachweis")),
            "add": escape(gettext("Nachweis hinzufügen")),
            "all": gettext("Alle %(n)s Nachweise zu %(code)s im Register"),
            "to": gettext("zu %(code)s"),
        }
    return texts


def render_row_evidence(row: Assessment, ctx: RowContext) -> str:
    t = _texts(ctx)
    code = escape(row.requirement.code)
    evidence = getattr(row, "evidence", None)
    if evidence:
        items = "".join(
            f'<li><a href="{escape(e.url)}">{escape(e.identifier)} {escape(e.title)}</a></li>'
            for e in evidence.items
        )
        body = f"<p><strong>{t['heading']}</strong></p>\n      <ul>{items}</ul>\n      "
        if evidence.more:
            label = t["all"] % {"n": evidence.count, "code": code}
            body += f'<p><a href="{escape(evidence.list_url)}">{label}</a></p>'
    else:
        body = f'<p><strong>{t["heading"]}</strong> <span class="status-badge no-evidence">{t["none"]}</span></p>'
    add = ""
    if ctx.can_write:
        url = getattr(row, "evidence_add_url", "")
        back = quote(f"{ctx.back_url}#row-{row.pk}", safe="")
        to = t["to"] % {"code": code}
        add = (
            f'\n      <p><a href="{escape(url)}&amp;next={escape(back)}">{t["add"]}'
            f'<span class="visually-hidden"> {to}</span></a></p>\n      '
        )
    return f'\n    <div class="req-evidence" id="evidence-{row.pk}">\n      {body}\n      {add}\n    </div>\n'
