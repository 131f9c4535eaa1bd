"""Key figures in the browser: reach every page from the navigation, enter a value, import a CSV."""

import re

import pytest
from django.utils import timezone

from gelingen.quality.figures.models import FigureValue, KeyFigure
from gelingen.quality.figures.periods import last_completed

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

QM = "qm@suchtberatung-nordstadt.example"


def check(page, name: str) -> None:
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1, name
    assert axe_violations(page) == [], name


def test_key_figure_pages_are_reachable_and_accessible(page, demo, tmp_path):
    login(page, QM)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Kennzahlen").click()
    page.wait_for_url(re.compile(r"/figures/$"))
    check(page, "figure list")

    figure = KeyFigure.objects.get(organisation__slug="suchtberatung-nordstadt", code="EK")
    page.get_by_role("link", name=figure.name).click()
    check(page, "figure detail")
    assert page.locator("svg.chart-svg").count() == 1
    page.get_by_text("Zahlen als Tabelle").click()
    check(page, "figure detail with table")

    # the overdue month of the demo: enter it through the form
    page.get_by_role("link", name="Wert erfassen").click()
    check(page, "value form")
    before = figure.values.count()
    page.get_by_label("Wert (Fälle)").fill("viele")
    page.get_by_role("button", name="Speichern").click()
    check(page, "value form with error")
    assert "Bitte eine Zahl eingeben." in page.content()
    # a period that has not begun is refused
    page.get_by_label("Anderer Zeitraum").fill("2099-01")
    page.get_by_label("Wert (Fälle)").fill("53")
    page.get_by_role("button", name="Speichern").click()
    check(page, "value form with a future period")
    assert "Der Zeitraum Januar 2099 hat noch nicht begonnen." in page.content()
    assert figure.values.count() == before
    page.get_by_label("Anderer Zeitraum").fill("")
    page.get_by_label("Wert (Fälle)").fill("53")
    page.get_by_label("Notiz").fill("Aktionswoche im Stadtteil")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(rf"/figures/{figure.pk}/$"))
    assert figure.values.count() == before + 1
    assert "Aktionswoche im Stadtteil" in page.content()

    value = figure.values.order_by("-period_start").first()
    page.get_by_role("link", name=f"bearbeiten {value.period_label}").click()
    check(page, "value edit")
    page.go_back()
    page.get_by_role("link", name=f"löschen {value.period_label}").click()
    check(page, "value delete")
    page.go_back()
    page.get_by_role("link", name="Kennzahl bearbeiten").click()
    check(page, "figure edit")
    page.go_back()
    page.get_by_role("link", name="löschen", exact=True).click()
    check(page, "figure delete")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Kennzahlen").click()
    page.get_by_role("link", name="Kennzahl anlegen").click()
    check(page, "figure create")

    tabs = page.get_by_role("navigation", name="Kennzahlen und Erfolgsindikatoren")
    page.go_back()
    tabs.get_by_role("link", name="Qualitative Erfolgsindikatoren").click()
    check(page, "indicator list")
    page.get_by_role("link", name="Erfolgsindikator anlegen").click()
    check(page, "indicator create")
    page.go_back()
    page.get_by_role("link", name="Klient*innen fühlen sich ernst genommen").click()
    check(page, "indicator detail")
    page.get_by_role("link", name="bearbeiten", exact=True).click()
    check(page, "indicator edit")
    page.go_back()
    page.get_by_role("link", name="Einschätzung erfassen").click()
    check(page, "assessment form")
    page.go_back()
    page.get_by_role("link", name=re.compile(r"^bearbeiten \d\. Halbjahr")).first.click()
    check(page, "assessment edit")
    page.go_back()
    page.get_by_role("link", name=re.compile(r"^löschen \d\. Halbjahr")).first.click()
    check(page, "assessment delete")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Kennzahlen").click()
    tabs.get_by_role("link", name="Kennzahlenbericht").click()
    check(page, "report")
    half = last_completed("half_yearly", timezone.localdate())
    page.get_by_role("combobox", name="Berichtszeitraum").select_option(half.key)
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(re.compile(rf"period={half.key}"))
    check(page, "report for a half-year")

    tabs.get_by_role("link", name="CSV-Import").click()
    check(page, "import")
    bad = tmp_path / "werte.csv"
    bad.write_text("Kennzahl;Zeitraum;Wert\nEK;2019-13;4\nXYZ;2019-01;5\nEK;2099-01;6\n", encoding="utf-8")
    count = FigureValue.objects.count()
    page.get_by_label("CSV-Datei").set_input_files(str(bad))
    page.get_by_role("button", name="Prüfen und importieren").click()
    check(page, "import with errors")
    assert "Zeile 2: Zeitraum „2019-13“ passt nicht zum Rhythmus monatlich." in page.content()
    assert "Zeile 3: Kennzahl „XYZ“ ist unbekannt" in page.content()
    assert "Zeile 4: Der Zeitraum Januar 2099 hat noch nicht begonnen." in page.content()
    assert FigureValue.objects.count() == count

    good = tmp_path / "gut.csv"
    good.write_text(
        "Kennzahl;Zeitraum;Wert;Zähler;Nenner\nEK;2019-01;41;;\nBEP;2019-Q1;;30;50\n", encoding="utf-8"
    )
    page.get_by_label("CSV-Datei").set_input_files(str(good))
    page.get_by_role("button", name="Prüfen und importieren").click()
    page.wait_for_url(re.compile(r"/figures/$"))
    assert "2 Werte neu erfasst" in page.content()
    assert FigureValue.objects.count() == count + 2
