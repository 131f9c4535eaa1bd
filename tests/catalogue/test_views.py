import pytest
from django.urls import reverse

from gelingen.catalogue.transfer import import_catalogue
from tests.conftest import synthetic_catalogue


def test_browser_needs_login(client, kqs):
    response = client.get(reverse("catalogue:model", args=["kqs", "3"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_browser_shows_everything(client_qm, kqs):
    response = client_qm.get(reverse("catalogue:model", args=["kqs", "3"]))
    assert response.status_code == 200
    text = response.content.decode()
    requirement = kqs.requirements.get(code="QB10.4")
    assert requirement.text in text
    assert requirement.explanation in text
    assert requirement.evidence_examples.first().text in text
    assert kqs.areas.get(number=1).specifications.get(key="dgd").text in text
    assert "QB13" in text  # optional areas are listed too


def test_browser_in_english(client_qm, qm_a, kqs):
    qm_a.language = "en"
    qm_a.save()
    response = client_qm.get(reverse("catalogue:model", args=["kqs", "3"]))
    requirement = kqs.requirements.get(code="QB1.1")
    assert requirement.text_en in response.content.decode()
    assert response["Content-Language"] == "en"


def test_list_page(client_qm, kqs):
    response = client_qm.get(reverse("catalogue:list"))
    assert "71" in response.content.decode()


def test_unknown_model_is_404(client_qm, kqs):
    assert client_qm.get(reverse("catalogue:model", args=["kqs", "9"])).status_code == 404


@pytest.mark.parametrize("size", [10, 500])
def test_browser_query_count_is_fixed(client_qm, django_assert_num_queries, size):
    model = import_catalogue(synthetic_catalogue(size))
    # session, user, model, areas, specifications, requirements, evidence examples (+1 with a current org)
    with django_assert_num_queries(7):
        response = client_qm.get(reverse("catalogue:model", args=[model.code, model.version]))
    assert response.status_code == 200
