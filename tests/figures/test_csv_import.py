from datetime import date
from decimal import Decimal as D

import pytest

from gelingen.quality.figures import csv_import
from gelingen.quality.figures.models import FigureValue
from tests.figures.factories import add_value, make_figure, make_ratio

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(org_a):
    return {
        "ek": make_figure(org_a, code="EK", name="Anzahl Erstkontakte", rhythm="monthly"),
        "bep": make_ratio(
            org_a, code="BEP", name="Anteil planmäßig beendeter Betreuungen", rhythm="quarterly"
        ),
        "fbt": make_ratio(
            org_a, code="FBT", name="Fortbildungstage je Vollzeitstelle", unit="Tage", rhythm="yearly"
        ),
    }


def run(org, user, text: str | bytes, overwrite=False):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return csv_import.import_values(data, org, user, overwrite)


def test_valid_file_with_bom_semicolons_and_decimal_comma_is_imported(org_a, qm_a, figures):
    text = (
        "\ufeffKennzahl;Zeitraum;Wert;Zähler;Nenner;Notiz\n"
        "EK;2026-03;48;;;Ostern\n"
        "Anzahl Erstkontakte;04/2026;51;;;\n"
        "bep;2026-Q1;;40;62;\n"
        "FBT;2025;;36,5;7,5;halbe Tage zählen\n"
    )
    result = run(org_a, qm_a, text)
    assert result.errors == []
    assert (result.created, result.updated) == (4, 0)
    ek = figures["ek"].values.get(period="2026-03")
    assert ek.value == D(48) and ek.note == "Ostern" and ek.entered_by == qm_a
    assert ek.period_start.isoformat() == "2026-03-01"
    assert figures["ek"].values.filter(period="2026-04").exists()
    bep = figures["bep"].values.get()
    assert (bep.numerator, bep.denominator, bep.value) == (D(40), D(62), D("64.5161"))
    fbt = figures["fbt"].values.get()
    assert fbt.value == D("4.8667")


def test_comma_separated_file_with_quoted_decimal_comma(org_a, qm_a, figures):
    text = 'Kennzahl,Zeitraum,Wert,Notiz\r\nEK,2026-05,"12,5","mit, Komma"\r\n'
    result = run(org_a, qm_a, text)
    assert result.errors == []
    value = figures["ek"].values.get()
    assert value.value == D("12.5") and value.note == "mit, Komma"


def test_one_bad_row_writes_nothing_and_every_error_has_its_line(org_a, qm_a, figures):
    text = (
        "Kennzahl;Zeitraum;Wert;Zähler;Nenner;Notiz\n"
        "EK;2026-03;48;;;\n"
        "EK;2026-04;viele;;;\n"
        "EK;2026-13;12;;;\n"
        "Unbekannt;2026-05;3;;;\n"
        "BEP;2026-Q2;;5;0;\n"
        "BEP;2026-Q3;70;;;\n"
        "EK;2026-03;49;;;\n"
    )
    result = run(org_a, qm_a, text)
    assert FigureValue.objects.count() == 0
    assert result.errors == [
        "Zeile 3: Wert „viele“ ist keine Zahl (Beispiele: „12“, „12,5“).",
        "Zeile 4: Zeitraum „2026-13“ passt nicht zum Rhythmus monatlich. Erwartet wird z. B. „2026-03“.",
        "Zeile 5: Kennzahl „Unbekannt“ ist unbekannt; bitte den Namen oder das Kürzel verwenden.",
        "Zeile 6: Der Nenner darf nicht 0 sein.",
        "Zeile 7: „Anteil planmäßig beendeter Betreuungen“ ist eine Verhältniszahl: "
        "bitte Zähler und Nenner angeben.",
        "Zeile 8: „Anzahl Erstkontakte“ für 2026-03 steht schon in Zeile 2.",
    ]


def test_existing_values_are_errors_unless_overwrite_is_ticked(org_a, qm_a, staff_a, figures):
    add_value(figures["ek"], "2026-03", 40, note="alte Notiz", entered_by=staff_a)
    text = "Kennzahl;Zeitraum;Wert;Notiz\nEK;2026-03;48;\nEK;2026-04;50;\n"
    result = run(org_a, qm_a, text)
    assert result.errors == [
        "Zeile 2: Für „Anzahl Erstkontakte“ gibt es für 2026-03 schon einen Wert (40 Fälle). Wählen Sie "
        "„vorhandene Werte überschreiben“, um ihn zu ersetzen."
    ]
    assert FigureValue.objects.count() == 1

    result = run(org_a, qm_a, text, overwrite=True)
    assert result.errors == [] and (result.created, result.updated) == (1, 1)
    value = figures["ek"].values.get(period="2026-03")
    assert value.value == D(48) and value.note == "alte Notiz"  # an empty note keeps the old one
    assert value.entered_by == staff_a and value.updated_by == qm_a


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Die Datei ist leer."),
        (b"\xef\xbb\xbf\n\n  \n", "Die Datei ist leer."),
        (b"Kennzahl;Zeitraum;Wert\n", "Die Datei enthält nur die Kopfzeile und keine Werte."),
        (
            "Kennzahl;Zeitraum;Wert\nEK;2026-03;5\n".encode("latin-1") + "Zähler".encode("latin-1"),
            "nicht UTF-8",
        ),
        ("Kennzahl;Zeitraum;Wert;Notiz\nEK;2026-03;5;Ärger\n".encode("cp1252"), "Zeile 2"),
        (b"PK\x03\x04xlsx-inhalt", "Excel- oder ZIP-Datei"),
        (b"Kennzahl;Zeitraum;Wert\nEK;2026-03;5\x00\n", "Binärdaten"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(org_a, qm_a, figures, data, message):
    result = run(org_a, qm_a, data)
    assert not result.ok
    assert any(message in e for e in result.errors), result.errors
    assert FigureValue.objects.count() == 0


def test_missing_header_is_reported(org_a, qm_a, figures):
    result = run(org_a, qm_a, "EK;2026-03;48\nEK;2026-04;50\n")
    assert len(result.errors) >= 1
    assert result.errors[0].startswith(
        "Zeile 1: Die Kopfzeile fehlt oder ist unvollständig; es fehlt: Kennzahl"
    )
    assert "Kennzahl;Zeitraum;Wert;Zähler;Nenner;Notiz" in result.errors[0]


def test_header_problems(org_a, qm_a, figures):
    result = run(org_a, qm_a, "Kennzahl;Zeitraum;Wert;Farbe\nEK;2026-03;48;rot\n")
    assert result.errors == ["Zeile 1: Unbekannte Spalte „Farbe“."]
    result = run(org_a, qm_a, "Kennzahl;Zeitraum;Wert;Wert\nEK;2026-03;48;4\n")
    assert result.errors == ["Zeile 1: Die Spalte „Wert“ kommt doppelt vor."]
    result = run(org_a, qm_a, "Kennzahl;Zeitraum;Notiz\nEK;2026-03;x\n")
    assert "Wert (oder Zähler und Nenner)" in result.errors[0]
    # empty trailing columns from spreadsheets are fine
    result = run(org_a, qm_a, "Kennzahl;Zeitraum;Wert;;\nEK;2026-03;48;;\n")
    assert result.errors == [] and result.created == 1


def test_row_level_checks(org_a, qm_a, figures):
    text = (
        "Kennzahl;Zeitraum;Wert;Zähler;Nenner;Notiz\n"
        "EK;2026-03;48;3;4;\n"
        "EK;;48;;;\n"
        ";2026-03;48;;;\n"
        "EK;2026-05;;;;\n"
        "BEP;2026-Q1;99;40;62;\n"
        "BEP;2026-Q2;64,5;40;62;passt\n"
        "EK;2026-06;1;;;;zu viel\n"
        f"EK;2026-07;1;;;{'x' * 2001}\n"
        "BEP;2026-Q3;;-1;10;\n"
    )
    result = run(org_a, qm_a, text)
    assert result.errors == [
        "Zeile 2: „Anzahl Erstkontakte“ ist eine absolute Zahl: bitte nur „Wert“ ausfüllen, "
        "nicht Zähler/Nenner.",
        "Zeile 3: Der Zeitraum fehlt.",
        "Zeile 4: Die Kennzahl fehlt.",
        "Zeile 5: Der Wert fehlt.",
        "Zeile 6: Der Wert 99 passt nicht zu Zähler und Nenner (berechnet: 64,5 %).",
        "Zeile 8: Die Zeile hat mehr Felder als die Kopfzeile.",
        "Zeile 9: Die Notiz ist länger als 2000 Zeichen.",
        "Zeile 10: Zähler und Nenner dürfen nicht negativ sein.",
    ]


def test_figures_of_another_organisation_are_unknown(org_a, org_b, qm_a):
    make_figure(org_b, code="EK", name="Anzahl Erstkontakte")
    result = run(org_a, qm_a, "Kennzahl;Zeitraum;Wert\nEK;2026-03;4\n")
    assert result.errors == [
        "Zeile 2: Kennzahl „EK“ ist unbekannt; bitte den Namen oder das Kürzel verwenden."
    ]
    assert FigureValue.objects.count() == 0


def test_line_numbers_count_blank_lines_and_quoted_line_breaks(org_a, qm_a, figures):
    text = 'Kennzahl;Zeitraum;Wert;Notiz\n\nEK;2026-03;4;"zwei\nZeilen"\nEK;2026-99;4;\n'
    result = run(org_a, qm_a, text)
    assert result.errors[0].startswith("Zeile 5: Zeitraum „2026-99“")


def test_too_large_file(org_a, qm_a, figures):
    data = b"Kennzahl;Zeitraum;Wert\n" + b"EK;2026-03;4\n" * 90_000
    result = run(org_a, qm_a, data)
    assert result.errors == ["Die Datei ist größer als 1 MB. Bitte teilen Sie sie auf."]


def test_apply_refuses_unchecked_results(qm_a):
    with pytest.raises(ValueError):
        csv_import.apply_import(csv_import.ImportResult(errors=["x"]), qm_a)


def test_periods_that_have_not_begun_are_refused_per_line(org_a, qm_a, figures):
    text = "Kennzahl;Zeitraum;Wert;Zähler;Nenner\nEK;2026-03;4;;\nEK;2026-04;5;;\nBEP;2026-Q2;;1;2\nFBT;2027;;1;2\n"
    result = csv_import.import_values(text.encode(), org_a, qm_a, today=date(2026, 3, 31))
    assert result.errors == [
        "Zeile 3: Der Zeitraum April 2026 hat noch nicht begonnen. Werte und Einschätzungen können erst ab "
        "Beginn des Zeitraums erfasst werden.",
        "Zeile 4: Der Zeitraum 2. Quartal 2026 hat noch nicht begonnen. Werte und Einschätzungen können erst "
        "ab Beginn des Zeitraums erfasst werden.",
        "Zeile 5: Der Zeitraum 2027 hat noch nicht begonnen. Werte und Einschätzungen können erst ab Beginn "
        "des Zeitraums erfasst werden.",
    ]
    assert not FigureValue.objects.exists()
    # the period that contains today has begun
    result = csv_import.import_values(
        b"Kennzahl;Zeitraum;Wert\nEK;2026-04;5\n", org_a, qm_a, today=date(2026, 4, 1)
    )
    assert result.errors == [] and result.created == 1
