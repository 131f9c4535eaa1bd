"""CSV import of key figure values: check every row first, write all or nothing.

Accepted files: UTF-8 with or without BOM, separated by ";" or "," (or tabs), German decimal comma.
Columns (header required, order free): Kennzahl;Zeitraum;Wert;Zähler;Nenner;Notiz. "Kennzahl" is the
figure's short code or its name. Absolute figures need "Wert"; ratios need "Zähler" and "Nenner"
(a "Wert" next to them must match the computed value); periods that have not begun yet are refused.
Every problem is reported with its line number; nothing is written while any row is wrong. Existing
values of the same figure and period are only replaced when the person asks for it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation, User
from gelingen.core.versioning import EditConflict, claim

from .models import FigureValue, KeyFigure
from .periods import Period, check_started, parse_period
from .values import parse_number

MAX_BYTES = 1024 * 1024
UPLOAD_TYPES = ("csv", "txt")  # gelingen.core.uploads types accepted for the upload
MAX_ROWS = 5000
MAX_NOTE = 2000
TOLERANCE = Decimal("0.05")  # a typed value may differ from numerator/denominator by rounding only

TEMPLATE_HEADER = ["Kennzahl", "Zeitraum", "Wert", "Zähler", "Nenner", "Notiz"]
COLUMNS = {
    "kennzahl": "figure",
    "kürzel": "figure",
    "zeitraum": "period",
    "periode": "period",
    "wert": "value",
    "zähler": "numerator",
    "zaehler": "numerator",
    "nenner": "denominator",
    "notiz": "note",
    "bemerkung": "note",
}


@dataclass
class ImportRow:
    line: int
    figure: KeyFigure
    period: Period
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    existing: FigureValue | None = None


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _line_error(line: int, message: str) -> str:
    return _("Zeile %(line)s: %(message)s") % {"line": line, "message": message}


def decode(data: bytes) -> str:
    """The text of the upload; raises ValidationError for binary, non-UTF-8 or empty files."""
    if data[:2] == b"PK" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ValidationError(
            _(
                "Das ist eine Excel- oder ZIP-Datei, keine CSV-Datei. Speichern Sie die Tabelle bitte "
                "als „CSV UTF-8 (durch Trennzeichen getrennt)“."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "Die Datei ist nicht UTF-8-kodiert (Zeile %(line)s). Speichern Sie sie bitte als "
                "„CSV UTF-8“; in LibreOffice: Zeichensatz „Unicode (UTF-8)“."
            )
            % {"line": data[: exc.start].count(b"\n") + 1}
        ) from exc
    if "\x00" in text:
        raise ValidationError(_("Die Datei enthält Binärdaten und ist keine CSV-Datei."))
    if not text.strip():
        raise ValidationError(_("Die Datei ist leer."))
    return text


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _header(line: int, cells: list[str]) -> tuple[dict[str, int], list[str]]:
    """Map of column key -> index, and the problems with the header row."""
    errors, columns = [], {}
    for i, cell in enumerate(cells):
        name = cell.strip().strip(":").lower()
        if not name:
            continue
        key = COLUMNS.get(name)
        if key is None:
            errors.append(_line_error(line, _("Unbekannte Spalte „%(name)s“.") % {"name": cell.strip()}))
        elif key in columns:
            errors.append(
                _line_error(line, _("Die Spalte „%(name)s“ kommt doppelt vor.") % {"name": cell.strip()})
            )
        else:
            columns[key] = i
    missing = [label for key, label in (("figure", "Kennzahl"), ("period", "Zeitraum")) if key not in columns]
    if "value" not in columns and not ("numerator" in columns and "denominator" in columns):
        missing.append(_("Wert (oder Zähler und Nenner)"))
    if missing:
        errors.insert(
            0,
            _line_error(
                line,
                _(
                    "Die Kopfzeile fehlt oder ist unvollständig; es fehlt: %(missing)s. Erwartet wird "
                    "z. B. „%(header)s“."
                )
                % {"missing": ", ".join(missing), "header": ";".join(TEMPLATE_HEADER)},
            ),
        )
    return columns, errors


def _number(line: int, label: str, text: str, errors: list[str]) -> Decimal | None:
    try:
        return parse_number(text)
    except ValueError:
        errors.append(
            _line_error(
                line,
                _("%(column)s „%(text)s“ ist keine Zahl (Beispiele: „12“, „12,5“).")
                % {"column": label, "text": text},
            )
        )
        return None


def check_csv(
    data: bytes, organisation: Organisation, overwrite: bool = False, today: date | None = None
) -> ImportResult:
    """Validate the whole file; the result holds either rows ready to write or every error."""
    today = today or timezone.localdate()
    result = ImportResult()
    if len(data) > MAX_BYTES:
        result.errors.append(_("Die Datei ist größer als 1 MB. Bitte teilen Sie sie auf."))
        return result
    try:
        text = decode(data)
    except ValidationError as exc:
        result.errors.extend(exc.messages)
        return result

    first_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        lines = []
        end = 0
        for cells in reader:
            lines.append((end + 1, cells))
            end = reader.line_num
    except csv.Error as exc:
        result.errors.append(
            _line_error(reader.line_num, _("Die Zeile ist kein gültiges CSV (%(error)s).") % {"error": exc})
        )
        return result
    lines = [(n, cells) for n, cells in lines if any(c.strip() for c in cells)]
    if not lines:
        result.errors.append(_("Die Datei ist leer."))
        return result
    header_line, header_cells = lines[0]
    columns, header_errors = _header(header_line, header_cells)
    if header_errors:
        result.errors.extend(header_errors)
        return result
    body = lines[1:]
    if not body:
        result.errors.append(_("Die Datei enthält nur die Kopfzeile und keine Werte."))
        return result
    if len(body) > MAX_ROWS:
        result.errors.append(
            _("Die Datei hat mehr als %(max)s Zeilen. Bitte teilen Sie sie auf.") % {"max": MAX_ROWS}
        )
        return result

    figures = list(KeyFigure.objects.filter(organisation=organisation))
    by_code = {f.code.strip().lower(): f for f in figures}
    by_name = {f.name.strip().lower(): f for f in figures}
    seen: dict[tuple[int, str], int] = {}
    by_line: dict[int, list[str]] = {}

    for line, cells in body:
        errors: list[str] = []

        def cell(key: str, cells=cells) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        if len(cells) > len(header_cells) and any(c.strip() for c in cells[len(header_cells) :]):
            errors.append(_line_error(line, _("Die Zeile hat mehr Felder als die Kopfzeile.")))
        name = cell("figure")
        figure = by_code.get(name.lower()) or by_name.get(name.lower())
        if not name:
            errors.append(_line_error(line, _("Die Kennzahl fehlt.")))
        elif figure is None:
            errors.append(
                _line_error(
                    line,
                    _("Kennzahl „%(name)s“ ist unbekannt; bitte den Namen oder das Kürzel verwenden.")
                    % {"name": name},
                )
            )
        period_text = cell("period")
        period = None
        if not period_text:
            errors.append(_line_error(line, _("Der Zeitraum fehlt.")))
        elif figure is not None:
            try:
                period = parse_period(figure.rhythm, period_text)
                check_started(period, today)
            except ValidationError as exc:
                errors.append(_line_error(line, exc.messages[0]))
                period = None

        value_text, num_text, den_text = cell("value"), cell("numerator"), cell("denominator")
        value = numerator = denominator = None
        if figure is not None and not figure.is_ratio:
            if num_text or den_text:
                errors.append(
                    _line_error(
                        line,
                        _(
                            "„%(name)s“ ist eine absolute Zahl: bitte nur „Wert“ ausfüllen, "
                            "nicht Zähler/Nenner."
                        )
                        % {"name": figure.name},
                    )
                )
            if not value_text:
                errors.append(_line_error(line, _("Der Wert fehlt.")))
            else:
                value = _number(line, _("Wert"), value_text, errors)
        elif figure is not None:
            if not (num_text and den_text):
                errors.append(
                    _line_error(
                        line,
                        _("„%(name)s“ ist eine Verhältniszahl: bitte Zähler und Nenner angeben.")
                        % {"name": figure.name},
                    )
                )
            else:
                numerator = _number(line, _("Zähler"), num_text, errors)
                denominator = _number(line, _("Nenner"), den_text, errors)
                if (numerator is not None and numerator < 0) or (denominator is not None and denominator < 0):
                    errors.append(_line_error(line, _("Zähler und Nenner dürfen nicht negativ sein.")))
                    numerator = denominator = None
                if numerator is not None and denominator is not None:
                    try:
                        value = figure.compute(numerator=numerator, denominator=denominator)
                    except ValidationError as exc:
                        errors.append(_line_error(line, exc.messages[0]))
                typed = _number(line, _("Wert"), value_text, errors) if value_text else None
                if typed is not None and value is not None and abs(typed - value) > TOLERANCE:
                    errors.append(
                        _line_error(
                            line,
                            _("Der Wert %(typed)s passt nicht zu Zähler und Nenner (berechnet: %(value)s).")
                            % {"typed": value_text, "value": figure.format(value)},
                        )
                    )
        note = cell("note")
        if len(note) > MAX_NOTE:
            errors.append(
                _line_error(line, _("Die Notiz ist länger als %(max)s Zeichen.") % {"max": MAX_NOTE})
            )
        if figure is not None and period is not None:
            first = seen.get((figure.pk, period.key))
            if first:
                errors.append(
                    _line_error(
                        line,
                        _("„%(name)s“ für %(period)s steht schon in Zeile %(first)s.")
                        % {"name": figure.name, "period": period.key, "first": first},
                    )
                )
            else:
                seen[(figure.pk, period.key)] = line
        if errors:
            by_line[line] = errors
        elif value is not None:
            result.rows.append(ImportRow(line, figure, period, value, numerator, denominator, note))

    if result.rows:
        existing = {
            (v.figure_id, v.period): v
            for v in FigureValue.objects.filter(
                figure__in={row.figure.pk for row in result.rows},
                period__in={row.period.key for row in result.rows},
            )
        }
        for row in result.rows:
            row.existing = existing.get((row.figure.pk, row.period.key))
            if row.existing and not overwrite:
                by_line.setdefault(row.line, []).append(
                    _line_error(
                        row.line,
                        _(
                            "Für „%(name)s“ gibt es für %(period)s schon einen Wert (%(value)s). Wählen Sie "
                            "„vorhandene Werte überschreiben“, um ihn zu ersetzen."
                        )
                        % {
                            "name": row.figure.name,
                            "period": row.period.key,
                            "value": row.figure.format(row.existing.value),
                        },
                    )
                )
    result.errors = [message for line in sorted(by_line) for message in by_line[line]]
    return result


def apply_import(result: ImportResult, user: User) -> ImportResult:
    """Write the checked rows in one transaction (all or nothing)."""
    if not result.ok:
        raise ValueError("only a checked, error-free import can be applied")
    new, changed = [], []
    for row in result.rows:
        if row.existing:
            item = row.existing
            item.value, item.numerator, item.denominator = row.value, row.numerator, row.denominator
            if row.note:
                item.note = row.note
            item.updated_by = user
            changed.append(item)
        else:
            new.append(
                FigureValue(
                    figure=row.figure,
                    period=row.period.key,
                    period_start=row.period.start,
                    value=row.value,
                    numerator=row.numerator,
                    denominator=row.denominator,
                    note=row.note,
                    entered_by=user,
                    updated_by=user,
                )
            )
    try:
        with transaction.atomic():
            FigureValue.objects.bulk_create(new)
            for item in changed:
                # The value must still be the one the check saw; its version moves on, so an entry
                # form opened before the import reports a conflict instead of writing the old value back.
                if not claim(item, item.lock_version):
                    raise EditConflict
                item.save(
                    update_fields=["value", "numerator", "denominator", "note", "updated_by", "updated_at"]
                )
    except EditConflict:
        result.errors.append(
            _(
                "Inzwischen hat jemand Werte geändert, die die Datei überschreiben würde. Es wurde nichts "
                "übernommen; bitte laden Sie die Datei erneut hoch."
            )
        )
        return result
    except IntegrityError:
        result.errors.append(
            _(
                "Inzwischen hat jemand Werte für dieselben Zeiträume erfasst. "
                "Bitte laden Sie die Datei erneut hoch."
            )
        )
        return result
    result.created, result.updated = len(new), len(changed)
    return result


def import_values(
    data: bytes, organisation: Organisation, user: User, overwrite: bool = False, today: date | None = None
) -> ImportResult:
    """Check the file and, if every row is fine, write it."""
    result = check_csv(data, organisation, overwrite, today)
    return apply_import(result, user) if result.ok else result
