"""The rows of the self-assessment, rendered in Python.

A cycle has 70 to 500 requirements and every row is a small form; through the template engine each
row cost ~1.5 ms (500 rows: ~0.5 s). Here everything that is the same for every row (translated
labels, the option lists, links, the CSRF field) is built once per page and each row is one string
template with escaped values. The markup is the same the templates had: a plain form per row that
works without JavaScript (htmx posts it on change), with `lock_version` for optimistic locking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.forms.utils import ErrorDict
from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.template.loader import get_template
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from gelingen.core.links import PkUrl

from . import extensions

if TYPE_CHECKING:
    from django.http import HttpRequest

    from gelingen.accounts.models import Membership

    from .models import Assessment


def _option_list(choices: Sequence[tuple[Any, str]], blank: str | None = None) -> list[tuple[str, str, str]]:
    """(value, escaped start of the `<option>` tag, escaped rest) per choice."""
    options = [("", '<option value=""', f">{escape(blank)}</option>")] if blank is not None else []
    for value, label in choices:
        options.append((str(value), f'<option value="{escape(str(value))}"', f">{escape(label)}</option>"))
    return options


def _options_html(options: list[tuple[str, str, str]], selected: object) -> str:
    chosen = "" if selected is None else str(selected)
    return "".join(
        f"{start} selected{rest}" if value == chosen else f"{start}{rest}" for value, start, rest in options
    )


@dataclass
class RowContext:
    """What every row of one page shares; built once per page. Row extras get it too."""

    request: HttpRequest
    membership: Membership
    statuses: list[tuple[str, str]]
    member_choices: list[tuple[int, str]]
    row_url: PkUrl
    history_url: PkUrl
    back_url: str
    context: Mapping[str, Any] = field(default_factory=dict)  # for extras rendered by a template
    today: date = field(default_factory=timezone.localdate)
    cache: dict[str, Any] = field(default_factory=dict)  # for extras: their per-page texts

    def __post_init__(self) -> None:
        self.can_write = self.membership.can_write
        self.status_labels = dict(self.statuses)
        self.status_options = _option_list(self.statuses)
        self.member_options = _option_list(self.member_choices, "–")
        csrf = escape(get_token(self.request))
        self.csrf_field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        self.back_url_escaped = escape(self.back_url)
        t = {
            key: escape(gettext(text))
            for key, text in {
                "overdue": "überfällig",
                "saved": "gespeichert",
                "explanation": "Erläuterung",
                "not_saved": "Nicht gespeichert:",
                "status": "Status",
                "responsible": "verantwortlich",
                "due": "fällig am",
                "note": "Notiz",
                "save": "Speichern",
                "history": "Verlauf",
            }.items()
        }
        self.t = t


def _extras_html(row: Assessment, ctx: RowContext) -> str:
    parts = []
    for extra in extensions.row_extras():
        if extra.render is not None:
            parts.append(extra.render(row, ctx))
        else:  # an extra without a Python renderer: its template with the row context
            context = {**ctx.context, "row": row, "membership": ctx.membership, "back_url": ctx.back_url}
            parts.append(get_template(extra.template).render(context, ctx.request))
    return "".join(parts)


def render_row(row: Assessment, ctx: RowContext, errors: ErrorDict | None = None, saved: bool = False) -> str:
    """One `<li>` of the self-assessment (escaped; the caller marks the joined result safe)."""
    t = ctx.t
    req = row.requirement
    pk = row.pk
    code = escape(req.code)
    status = escape(row.status)
    overdue = bool(row.due_date and row.status != row.Status.DONE and row.due_date < ctx.today)
    head = [f"<strong>{code}</strong>"]
    if req.generic:
        head.append(f' <span class="tag">{escape(req.generic)}</span>')
    head.append(
        f'\n      <span class="status-badge status-{status}">'
        f"{escape(ctx.status_labels.get(row.status, row.status))}</span>"
    )
    if overdue:
        head.append(f' <span class="status-badge overdue">{t["overdue"]}</span>')
    head.append("\n      ")
    if saved:
        head.append(f'<span class="saved" role="status">{t["saved"]}</span>')
    text = [f'<p class="req-code">{"".join(head)}</p>\n    <p>{escape(req.display_text)}</p>']
    explanation = req.display_explanation
    if explanation:
        text.append(
            f'\n    <details><summary>{t["explanation"]}<span class="visually-hidden"> {code}</span>'
            f"</summary><p>{escape(explanation)}</p></details>"
        )
    text.append(_extras_html(row, ctx))
    hidden_code = f'<span class="visually-hidden"> {code}</span>'
    history = f"{escape(ctx.history_url.prefix)}{pk}{escape(ctx.history_url.suffix)}"
    if ctx.can_write:
        action = f"{escape(ctx.row_url.prefix)}{pk}{escape(ctx.row_url.suffix)}"
        error_html = ""
        invalid_due = ""
        if errors:
            items = "".join(f"<li>{escape(e)}</li>" for errs in errors.values() for e in errs)
            error_html = (
                f'<div class="errorlist" role="alert" id="errors-{pk}"><p>{t["not_saved"]}</p>'
                f"<ul>{items}</ul></div>"
            )
            if "due_date" in errors:
                invalid_due = f' aria-invalid="true" aria-describedby="errors-{pk}"'
        due = row.due_date.isoformat() if row.due_date else ""
        fields = (
            f'<form class="req-fields" method="post" action="{action}"\n'
            f'        hx-post="{action}" hx-target="#row-{pk}" hx-swap="outerHTML" hx-trigger="change, submit">\n'
            f"    {ctx.csrf_field}\n"
            f'    <input type="hidden" name="next" value="{ctx.back_url_escaped}">\n'
            f'    <input type="hidden" name="lock_version" value="{row.lock_version}">\n'
            f"    {error_html}\n"
            f'    <div class="field"><label for="status-{pk}">{t["status"]}</label>\n'
            f'      <select id="status-{pk}" name="status">{_options_html(ctx.status_options, row.status)}'
            "</select></div>\n"
            f'    <div class="field"><label for="responsible-{pk}">{t["responsible"]}</label>\n'
            f'      <select id="responsible-{pk}" name="responsible">'
            f"{_options_html(ctx.member_options, row.responsible_id)}</select></div>\n"
            f'    <div class="field"><label for="due-{pk}">{t["due"]}</label>\n'
            f'      <input type="date" id="due-{pk}" name="due_date" value="{due}"{invalid_due}></div>\n'
            f'    <div class="field wide"><label for="note-{pk}">{t["note"]}</label>\n'
            f'      <textarea id="note-{pk}" name="note" rows="2" maxlength="4000">{escape(row.note)}</textarea></div>\n'
            f'    <div class="row-actions">\n'
            f'      <button type="submit">{t["save"]}{hidden_code}</button>\n'
            f'      <a href="{history}">{t["history"]}{hidden_code}</a>\n'
            "    </div>\n  </form>"
        )
    else:
        responsible = escape(row.responsible.name) if row.responsible_id and row.responsible else ""
        due_text = formats.date_format(row.due_date, "SHORT_DATE_FORMAT") if row.due_date else ""
        note = linebreaksbr(row.note, autoescape=True) if row.note else "–"
        fields = (
            '<dl class="req-fields readonly">\n'
            f"    <dt>{t['responsible']}</dt><dd>{responsible or '–'}</dd>\n"
            f"    <dt>{t['due']}</dt><dd>{escape(due_text) or '–'}</dd>\n"
            f"    <dt>{t['note']}</dt><dd>{note}</dd>\n"
            f'    <dt class="visually-hidden">{t["history"]}</dt><dd><a href="{history}">{t["history"]}'
            f"{hidden_code}</a></dd>\n  </dl>"
        )
    return (
        f'<li id="row-{pk}" class="req-row status-{status}{" is-overdue" if overdue else ""}">\n'
        f'  <div class="req-text">\n    {"".join(text)}\n  </div>\n  {fields}\n</li>\n'
    )


def render_rows(rows: Sequence[Assessment], ctx: RowContext) -> SafeString:
    return mark_safe("".join(render_row(row, ctx) for row in rows))  # noqa: S308 - escaped in render_row
