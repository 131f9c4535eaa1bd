"""CSV exports that run as a background job when they are large.

A feature app registers a table builder once; its view then calls `csv_download`, which answers
the CSV on the request up to CSV_INLINE_ROWS rows and otherwise queues a job and shows its page:

    @csv_table("feedback", label=_("Rückmeldungen als CSV"), roles=(LEITUNG, QM))
    def feedback_table(organisation, parameters) -> Table: ...

    return csv_download(request, "feedback", {"query": request.GET.dict()}, entries.count())

The builder gets only the organisation and JSON parameters, so the worker builds the same rows as
the request would (filters travel in `parameters`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from gelingen.accounts.access import OrgRequest
from gelingen.accounts.models import Organisation
from gelingen.core.csv_export import csv_response, write_csv

from . import runner
from .kinds import JobContext, Outcome, job_kind

CSV_INLINE_ROWS = 1000  # more rows than this leave the request
PROGRESS_EVERY = 500  # rows between progress reports


@dataclass
class Table:
    filename: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    total: int | None = None  # the row count if known, for the progress bar


Builder = Callable[[Organisation, Mapping[str, Any]], Table]
_BUILDERS: dict[str, Builder] = {}


def kind_key(key: str) -> str:
    return f"csv.{key}"


def csv_table(key: str, *, label: str | Promise, roles: Iterable[str] = ()) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        _BUILDERS[key] = builder

        @job_kind(kind_key(key), label=label, roles=roles)
        def run(ctx: JobContext) -> Outcome:
            ctx.progress(5, _("Die Zeilen werden zusammengestellt …"))
            table = builder(ctx.job.organisation, ctx.job.parameters)
            out = io.StringIO()
            write_csv(out, table.header, _reporting(table, ctx))
            return Outcome(
                file_name=table.filename, data=out.getvalue().encode(), message=_("Die CSV-Datei ist fertig.")
            )

        return builder

    return register


def _reporting(table: Table, ctx: JobContext) -> Iterator[Sequence[object]]:
    for n, row in enumerate(table.rows, start=1):
        if n % PROGRESS_EVERY == 0:
            share = 10 + int(85 * n / table.total) if table.total else 50
            ctx.progress(share, _("%(n)d Zeilen geschrieben …") % {"n": n})
        yield row


def csv_download(
    request: OrgRequest, key: str, parameters: Mapping[str, Any], rows: int, origin_url: str = ""
) -> HttpResponseBase:
    """The CSV now when it has at most CSV_INLINE_ROWS `rows`, else a job (redirect to its page)."""
    if rows <= CSV_INLINE_ROWS:
        table = _BUILDERS[key](request.org, parameters)
        response: HttpResponse = csv_response(table.filename, table.header, table.rows)
        return response
    job = runner.enqueue_once(kind_key(key), request.org, request.user, parameters, origin_url=origin_url)
    return redirect(job)
