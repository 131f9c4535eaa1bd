"""CSV downloads that open cleanly in LibreOffice and Excel with German settings."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from django.http import HttpResponse


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def safe_cell(value: object) -> str:
    """Neutralise text that a spreadsheet would run as a formula (CSV injection); plain numbers stay numbers."""
    text = "" if value is None else str(value)
    if NUMBER.match(text):
        return text
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(out: _Writable, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """UTF-8 with BOM (so the spreadsheet detects the encoding), semicolon-separated; the row count."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        count += 1
    return count


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, header, rows)
    return response
