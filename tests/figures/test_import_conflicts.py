"""The CSV import overwrites values only if they are still what the check saw, and moves their version:
an entry form opened before the import reports a conflict instead of writing the old value back."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from gelingen.quality.figures import csv_import
from gelingen.quality.figures.models import FigureValue
from tests.edit_pairs import CONFLICT, form_values
from tests.figures.factories import add_value, make_figure

pytestmark = pytest.mark.django_db

FILE = b"Kennzahl;Zeitraum;Wert;Notiz\nEK;2026-03;48;\n"


@pytest.fixture
def figure(org_a):
    return make_figure(org_a, code="EK", name="Anzahl Erstkontakte", rhythm="monthly")


def test_an_entry_form_opened_before_the_import_gets_the_conflict(org_a, qm_a, staff_a, figure):
    value = add_value(figure, "2026-03", 40, entered_by=staff_a)
    client = Client()
    client.force_login(staff_a)
    page = reverse("figures:value_edit", args=[org_a.slug, figure.pk, value.pk])
    loaded = form_values(client.get(page).content.decode())
    result = csv_import.import_values(FILE, org_a, qm_a, overwrite=True)
    assert result.errors == [] and result.updated == 1
    response = client.post(page, {**loaded, "value": "41"})
    assert CONFLICT in response.content.decode()
    stored = FigureValue.objects.get(pk=value.pk)
    assert (stored.value, stored.lock_version) == (D(48), 1)


def test_a_value_changed_after_the_check_is_not_overwritten(org_a, qm_a, staff_a, figure):
    value = add_value(figure, "2026-03", 40, entered_by=staff_a)
    checked = csv_import.check_csv(FILE, org_a, True)
    assert checked.ok
    FigureValue.objects.filter(pk=value.pk).update(value=D(42), lock_version=1)  # saved in between
    result = csv_import.apply_import(checked, qm_a)
    assert result.errors and "Es wurde nichts übernommen" in result.errors[0]
    assert FigureValue.objects.get(pk=value.pk).value == D(42)
