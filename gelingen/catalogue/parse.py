"""Read and validate a catalogue file (YAML or JSON) completely before anything is written.

Every error names the file, the path inside it (e.g. `areas[2].requirements[0].code`) and the
line, so a catalogue author can fix a 2,000-line file without guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.utils.translation import gettext as _

FORMAT = "gelingen-catalogue/1"
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
REQUIREMENT_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")

MODEL_KEYS = {
    "format",
    "code",
    "version",
    "name",
    "name_en",
    "licence_note",
    "licence_note_en",
    "counts",
    "areas",
}
COUNT_KEYS = {"mandatory_areas", "requirements", "optional_areas"}
AREA_KEYS = {
    "number",
    "name",
    "name_en",
    "optional",
    "specifications_assessed",
    "definition",
    "definition_en",
    "specifications",
    "requirements",
}
SPEC_KEYS = {"key", "text", "text_en", "hint", "hint_en"}
REQ_KEYS = {"code", "text", "text_en", "explanation", "explanation_en", "generic", "evidence_examples"}
EXAMPLE_KEYS = {"text", "text_en"}


@dataclass
class CatalogueError:
    source: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.path or '(Datei)'}: {self.message}"


class CatalogueInvalid(Exception):
    def __init__(self, errors: list[CatalogueError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _fmt(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Reader:
    """Builds plain Python data from the YAML node tree and remembers the line of every path."""

    def __init__(self, source: str):
        self.source = source
        self.lines: dict[tuple, int] = {}
        self.errors: list[CatalogueError] = []
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: tuple = ()) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                key = self.constructor.construct_object(key_node)
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    self.error(
                        (*path, key),
                        _("Schlüssel „%(key)s“ kommt doppelt vor.") % {"key": key},
                        key_node.start_mark.line + 1,
                    )
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node)

    def line(self, path: tuple) -> int | None:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def error(self, path: tuple, message: str, line: int | None = None) -> None:
        self.errors.append(CatalogueError(self.source, _fmt(path), line or self.line(path), message))


def load(text: str, source: str = "<catalogue>") -> dict:
    """Parse and validate; return the catalogue as a dict or raise CatalogueInvalid with all errors."""
    reader = _Reader(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueInvalid(
            [CatalogueError(source, "", line, _("Die Datei ist kein gültiges YAML/JSON: %s") % problem)]
        ) from exc
    if root is None:
        raise CatalogueInvalid([CatalogueError(source, "", None, _("Die Datei ist leer."))])
    data = reader.build(root)
    _validate(data, reader)
    if reader.errors:
        raise CatalogueInvalid(reader.errors)
    return data


def _text(r: _Reader, obj: dict, key: str, path: tuple, required: bool = False, max_len: int = 0) -> None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            r.error((*path, key) if key in obj else path, _("Pflichtfeld „%(key)s“ fehlt.") % {"key": key})
        obj[key] = ""
        return
    if not isinstance(value, str):
        r.error((*path, key), _("„%(key)s“ muss ein Text sein.") % {"key": key})
        return
    obj[key] = value.strip()
    if max_len and len(obj[key]) > max_len:
        r.error((*path, key), _("„%(key)s“ ist länger als %(max)d Zeichen.") % {"key": key, "max": max_len})


def _unknown(r: _Reader, obj: dict, allowed: set, path: tuple) -> None:
    for key in obj:
        if key not in allowed:
            r.error((*path, key), _("Unbekannter Schlüssel „%(key)s“.") % {"key": key})


def _mapping(r: _Reader, value: Any, path: tuple) -> bool:
    if not isinstance(value, dict):
        r.error(path, _("Hier wird ein Eintrag mit Schlüsseln erwartet."))
        return False
    return True


def _list(r: _Reader, obj: dict, key: str, path: tuple) -> list:
    value = obj.get(key)
    if value is None:
        obj[key] = []
        return []
    if not isinstance(value, list):
        r.error((*path, key), _("„%(key)s“ muss eine Liste sein.") % {"key": key})
        obj[key] = []
        return []
    return value


def _texts_or_strings(r: _Reader, items: list, path: tuple, keys: set, max_len: int) -> list[dict]:
    """Specifications and evidence examples may be written as plain strings or as mappings."""
    out = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"text": item}
        if not _mapping(r, item, (*path, i)):
            continue
        _unknown(r, item, keys, (*path, i))
        for key in sorted(keys):
            if key not in ("key",):
                _text(
                    r, item, key, (*path, i), required=key == "text", max_len=max_len if "text" in key else 0
                )
        out.append(item)
    return out


def _validate(data: Any, r: _Reader) -> None:
    if not _mapping(r, data, ()):
        return
    _unknown(r, data, MODEL_KEYS, ())
    if data.get("format") not in (None, FORMAT):
        r.error(("format",), _("Unbekanntes Format; erwartet wird „%s“.") % FORMAT)
    data["format"] = FORMAT
    code = data.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        r.error(("code",), _("„code“ fehlt oder ist ungültig (Kleinbuchstaben, Ziffern, - und _)."))
    version = data.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        data["version"] = version = str(version)
    if not isinstance(version, str) or not version.strip() or len(version) > 20:
        r.error(("version",), _("„version“ fehlt oder ist ungültig."))
    for key in ("name", "name_en", "licence_note", "licence_note_en"):
        _text(r, data, key, (), required=key == "name", max_len=200 if key.startswith("name") else 0)

    areas = _list(r, data, "areas", ())
    if not areas:
        r.error(("areas",), _("Das Modell braucht mindestens einen Qualitätsbereich."))
    numbers: dict[int, tuple] = {}
    codes: dict[str, tuple] = {}
    for i, area in enumerate(areas):
        path = ("areas", i)
        if not _mapping(r, area, path):
            continue
        _unknown(r, area, AREA_KEYS, path)
        number = area.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 999:
            r.error((*path, "number"), _("„number“ muss eine ganze Zahl zwischen 1 und 999 sein."))
        elif number in numbers:
            r.error(
                (*path, "number"),
                _("Bereichsnummer %(n)d kommt doppelt vor (zuerst in %(first)s).")
                % {"n": number, "first": _fmt(numbers[number])},
            )
        else:
            numbers[number] = path
        for key in ("name", "name_en", "definition", "definition_en"):
            _text(r, area, key, path, required=key == "name", max_len=200 if key.startswith("name") else 0)
        for key in ("optional", "specifications_assessed"):
            value = area.setdefault(key, False)
            if not isinstance(value, bool):
                r.error((*path, key), _("„%(key)s“ muss true oder false sein.") % {"key": key})
        area["specifications"] = _texts_or_strings(
            r, _list(r, area, "specifications", path), (*path, "specifications"), SPEC_KEYS, 300
        )
        for j, spec in enumerate(area["specifications"]):
            key = spec.get("key") or ""
            if not isinstance(key, str) or (key and not CODE_RE.match(key)):
                r.error((*path, "specifications", j, "key"), _("„key“ ist ungültig."))
            spec["key"] = key if isinstance(key, str) else ""
        requirements = _list(r, area, "requirements", path)
        if not requirements and not area.get("optional"):
            r.error((*path, "requirements"), _("Ein Pflichtbereich braucht mindestens eine Anforderung."))
        for j, req in enumerate(requirements):
            rpath = (*path, "requirements", j)
            if not _mapping(r, req, rpath):
                continue
            _unknown(r, req, REQ_KEYS, rpath)
            rcode = req.get("code")
            if not isinstance(rcode, str) or not REQUIREMENT_CODE_RE.match(rcode):
                r.error((*rpath, "code"), _("„code“ fehlt oder ist ungültig (z. B. QB3.2)."))
            elif rcode in codes:
                r.error(
                    (*rpath, "code"),
                    _("Anforderungscode „%(code)s“ kommt doppelt vor (zuerst in %(first)s).")
                    % {"code": rcode, "first": _fmt(codes[rcode])},
                )
            else:
                codes[rcode] = rpath
            for key in ("text", "text_en", "explanation", "explanation_en"):
                _text(r, req, key, rpath, required=key == "text")
            generic = req.get("generic")
            if generic in (None, "", "none"):
                req["generic"] = ""
            elif generic not in ("G1", "G2"):
                r.error((*rpath, "generic"), _("„generic“ muss G1, G2 oder leer sein."))
            req["evidence_examples"] = _texts_or_strings(
                r,
                _list(r, req, "evidence_examples", rpath),
                (*rpath, "evidence_examples"),
                EXAMPLE_KEYS,
                300,
            )
    _check_counts(data, r)


def _check_counts(data: dict, r: _Reader) -> None:
    counts = data.get("counts")
    if counts is None:
        return
    if not _mapping(r, counts, ("counts",)):
        return
    _unknown(r, counts, COUNT_KEYS, ("counts",))
    areas = [a for a in data["areas"] if isinstance(a, dict)]
    mandatory = [a for a in areas if not a.get("optional")]
    actual = {
        "mandatory_areas": len(mandatory),
        "optional_areas": len(areas) - len(mandatory),
        "requirements": sum(len(a.get("requirements") or []) for a in mandatory),
    }
    labels = {
        "mandatory_areas": _("Pflichtbereiche"),
        "optional_areas": _("optionale Bereiche"),
        "requirements": _("Anforderungen in Pflichtbereichen"),
    }
    for key, value in counts.items():
        if key not in actual:
            continue
        if not isinstance(value, int) or value != actual[key]:
            r.error(
                ("counts", key),
                _("Angegeben sind %(declared)s %(what)s, die Datei enthält aber %(actual)d.")
                % {"declared": value, "what": labels[key], "actual": actual[key]},
            )
