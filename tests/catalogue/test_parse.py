"""Validation of catalogue files: everything is checked before anything is written."""

import pytest

from gelingen.catalogue import parse
from tests.conftest import CATALOGUE_FILE

VALID = """\
format: gelingen-catalogue/1
code: mini
version: "1"
name: Mini-Modell
counts:
  mandatory_areas: 1
  requirements: 2
areas:
  - number: 1
    name: Leitbild
    optional: false
    specifications:
      - Identität
    requirements:
      - code: QB1.1
        text: Es gibt ein Leitbild.
        evidence_examples: [Protokolle]
      - code: QB1.2
        text: Verfahren und Ergebnisse werden bewertet.
        generic: G1
"""


def errors_of(text: str) -> list[parse.CatalogueError]:
    with pytest.raises(parse.CatalogueInvalid) as exc:
        parse.load(text, "mini.yaml")
    return exc.value.errors


def test_shipped_catalogue_has_the_kqs_structure():
    data = parse.load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    mandatory = [a for a in data["areas"] if not a["optional"]]
    optional = [a for a in data["areas"] if a["optional"]]
    assert [a["number"] for a in mandatory] == list(range(1, 13))
    assert sum(len(a["requirements"]) for a in mandatory) == 71
    assert [len(a["requirements"]) for a in mandatory] == [6, 3, 5, 6, 7, 4, 8, 8, 9, 6, 5, 4]
    assert {a["name"] for a in optional} == {"Inklusion", "Projektmanagement", "Marketing"}
    qb1 = mandatory[0]
    assert qb1["specifications_assessed"] is True
    assert [s["key"] for s in qb1["specifications"]] == [
        "identity",
        "values",
        "customers",
        "goals",
        "capabilities",
        "services",
        "resources",
        "dgd",
    ]
    for area in mandatory:
        generics = [r["generic"] for r in area["requirements"]]
        assert generics.count("G1") == 1, area["number"]
        assert generics.count("G2") == (1 if 2 <= area["number"] <= 11 else 0), area["number"]
        for req in area["requirements"]:
            assert req["text"] and req["text_en"] and req["explanation"] and req["explanation_en"]
    assert "Arbeitstext" in data["licence_note"] or "eigenen Worten" in data["licence_note"]


def test_valid_minimal_file_loads():
    data = parse.load(VALID, "mini.yaml")
    assert data["areas"][0]["specifications"] == [
        {"text": "Identität", "text_en": "", "hint": "", "hint_en": "", "key": ""}
    ]
    assert data["areas"][0]["requirements"][1]["generic"] == "G1"
    assert data["areas"][0]["requirements"][0]["evidence_examples"][0]["text"] == "Protokolle"


def test_broken_yaml_names_file_and_line():
    [error] = errors_of(VALID.replace("    name: Leitbild", "    name: [Leitbild"))
    assert error.source == "mini.yaml"
    assert error.line is not None and error.line >= 9
    assert "kein gültiges YAML" in error.message
    assert str(error).startswith("mini.yaml:")


def test_duplicate_requirement_code_is_reported_with_path_and_line():
    errors = errors_of(VALID.replace("code: QB1.2", "code: QB1.1"))
    [error] = errors
    assert error.path == "areas[0].requirements[1].code"
    assert error.line == VALID.splitlines().index("      - code: QB1.2") + 1
    assert "doppelt" in error.message


def test_duplicate_area_number():
    text = (
        VALID
        + """\
  - number: 1
    name: Noch einmal
    requirements:
      - code: QB9.1
        text: x
"""
    )
    errors = errors_of(text)
    assert any(e.path == "areas[1].number" and "doppelt" in e.message for e in errors)
    # the declared counts no longer fit either: both problems are reported at once
    assert any(e.path.startswith("counts") for e in errors)


def test_missing_required_fields():
    errors = errors_of(
        VALID.replace("        text: Es gibt ein Leitbild.\n", "").replace("name: Mini-Modell\n", "")
    )
    messages = {e.path: e.message for e in errors}
    assert "Pflichtfeld „name“ fehlt." in messages[""] or "Pflichtfeld „name“ fehlt." in messages.values()
    assert any(p.startswith("areas[0].requirements[0]") and "text" in m for p, m in messages.items())


def test_wrong_counts():
    [error] = errors_of(VALID.replace("requirements: 2", "requirements: 71"))
    assert error.path == "counts.requirements"
    assert "71" in error.message and "2" in error.message


def test_unknown_keys_and_bad_types():
    text = VALID.replace("    optional: false", "    optional: vielleicht\n    farbe: rot")
    errors = errors_of(text)
    paths = {e.path for e in errors}
    assert "areas[0].optional" in paths
    assert "areas[0].farbe" in paths


def test_bad_generic_and_code():
    errors = errors_of(VALID.replace("generic: G1", "generic: G3").replace("code: QB1.1", "code: 'QB 1.1'"))
    paths = {e.path for e in errors}
    assert paths == {"areas[0].requirements[1].generic", "areas[0].requirements[0].code"}


def test_empty_file_and_non_mapping():
    assert "leer" in errors_of("")[0].message
    assert errors_of("- a\n- b\n")[0].path == ""


def test_unquoted_numeric_version_is_accepted_as_text():
    data = parse.load(VALID.replace('version: "1"', "version: 2"))
    assert data["version"] == "2"
