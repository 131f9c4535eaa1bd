"""The evaluation lists the oldest open complaints up to a limit and links to the rest."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.quality.feedback.models import Feedback
from gelingen.quality.feedback.views import OVERDUE_SHOWN

pytestmark = pytest.mark.django_db


def complaints(org, n):
    today = timezone.localdate()
    Feedback.objects.bulk_create(
        Feedback(
            organisation=org,
            kind=Feedback.Kind.COMPLAINT,
            received_on=today - timedelta(days=31 + i),
            text=f"Beschwerde Nummer {i}",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("n", [3, OVERDUE_SHOWN + 7])
def test_overdue_complaints_are_bounded(client_qm, org_a, django_assert_max_num_queries, n):
    complaints(org_a, n)
    url = reverse("feedback:evaluation", args=[org_a.slug])
    client_qm.get(url)
    with django_assert_max_num_queries(16):
        page = client_qm.get(url).content.decode()
    assert page.count("Beschwerde Nummer") == min(n, OVERDUE_SHOWN)
    assert f"Beschwerde Nummer {n - 1}<" in page  # the oldest first
    more = reverse("feedback:list", args=[org_a.slug]) + "?overdue=on"
    assert (more in page) is (n > OVERDUE_SHOWN)
    if n > OVERDUE_SHOWN:
        assert "… und 7 weitere offene Beschwerden" in page


def test_evaluation_of_another_organisation_is_404(client_qm, org_b):
    assert client_qm.get(reverse("feedback:evaluation", args=[org_b.slug])).status_code == 404
