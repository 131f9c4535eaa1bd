import pytest
from django.urls import reverse

from gelingen.quality.models import Assessment, Cycle

pytestmark = pytest.mark.django_db


def form_data(model_obj, **overrides):
    data = {
        "title": "Ersttestierung 2027",
        "kind": "first",
        "model": model_obj.pk,
        "start_date": "2026-12-01",
        "target_date": "2027-12-31",
    }
    return {**data, **overrides}


def test_create_cycle_creates_rows_for_mandatory_and_chosen_optional_areas(client_qm, org_a, kqs):
    inclusion = kqs.areas.get(number=13)
    response = client_qm.post(
        reverse("quality:cycle_create", args=[org_a.slug]), form_data(kqs, optional_areas=[inclusion.pk])
    )
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response.url == cycle.get_absolute_url()
    assert cycle.organisation == org_a
    assert cycle.assessments.count() == 71 + inclusion.requirements.count()
    assert not cycle.assessments.filter(requirement__area__number=14).exists()
    assert set(cycle.assessments.values_list("status", flat=True)) == {Assessment.Status.OPEN}


def test_dates_in_wrong_order_are_refused(client_qm, org_a, kqs):
    response = client_qm.post(
        reverse("quality:cycle_create", args=[org_a.slug]), form_data(kqs, target_date="2026-11-30")
    )
    assert response.status_code == 200
    assert "Das Zieldatum muss nach dem Beginn liegen." in response.content.decode()
    assert Cycle.objects.count() == 0


def test_invalid_date_is_refused_in_german(client_qm, org_a, kqs):
    response = client_qm.post(
        reverse("quality:cycle_create", args=[org_a.slug]), form_data(kqs, start_date="31.02.")
    )
    assert "Bitte ein gültiges Datum eingeben." in response.content.decode()
    assert Cycle.objects.count() == 0


def test_optional_area_of_another_model_is_refused(client_qm, org_a, kqs):
    from gelingen.catalogue.transfer import import_catalogue
    from tests.conftest import catalogue_data

    other = catalogue_data()
    other["version"] = "4"
    model4 = import_catalogue(other)
    response = client_qm.post(
        reverse("quality:cycle_create", args=[org_a.slug]),
        form_data(kqs, optional_areas=[model4.areas.get(number=13).pk]),
    )
    assert response.status_code == 200
    assert "gehören nicht zum gewählten Modell" in response.content.decode()
    assert Cycle.objects.count() == 0


def test_edit_adds_rows_for_newly_chosen_area_and_keeps_model_pinned(client_qm, org_a, cycle_a, kqs):
    marketing = kqs.areas.get(number=15)
    url = reverse("quality:cycle_edit", args=[org_a.slug, cycle_a.pk])
    response = client_qm.post(
        url, form_data(kqs, title="Umbenannt", optional_areas=[marketing.pk], model=999)
    )
    assert response.status_code == 302
    cycle_a.refresh_from_db()
    assert cycle_a.title == "Umbenannt" and cycle_a.model == kqs
    assert cycle_a.current_assessments().count() == 71 + marketing.requirements.count()
    # deselecting keeps the rows (history) but drops them from the cycle
    client_qm.post(url, form_data(kqs, optional_areas=[]))
    assert cycle_a.current_assessments().count() == 71
    assert cycle_a.assessments.count() == 71 + marketing.requirements.count()


def test_staff_cannot_create_cycles(client, org_a, staff_a, kqs):
    client.force_login(staff_a)
    assert client.post(reverse("quality:cycle_create", args=[org_a.slug]), form_data(kqs)).status_code == 403
    assert Cycle.objects.count() == 0


def test_cycle_list_and_current_shortcut(client_qm, org_a, cycle_a):
    response = client_qm.get(reverse("quality:cycle_list", args=[org_a.slug]))
    assert cycle_a.title in response.content.decode()
    response = client_qm.get(reverse("quality:current_assessment", args=[org_a.slug]))
    assert response.url == cycle_a.get_absolute_url()


def test_current_shortcut_without_cycle(client_qm, org_a):
    response = client_qm.get(reverse("quality:current_assessment", args=[org_a.slug]))
    assert response.url == reverse("quality:cycle_list", args=[org_a.slug])


def test_quality_pages_are_only_for_service_organisations(client, kqs):
    from gelingen.accounts.models import Organisation
    from gelingen.accounts.roles import OFFICER
    from tests.conftest import add_member

    body = Organisation.objects.create(
        name="Testierungsstelle", slug="ts", kind=Organisation.Kind.TESTING_BODY
    )
    client.force_login(add_member(body, OFFICER))
    assert client.get(reverse("dashboard", args=[body.slug])).status_code == 200
    assert client.get(reverse("quality:cycle_list", args=[body.slug])).status_code == 404
