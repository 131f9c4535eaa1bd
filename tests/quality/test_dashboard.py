from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gelingen.catalogue.transfer import import_catalogue
from gelingen.quality.models import Assessment
from tests.conftest import make_cycle, synthetic_catalogue

pytestmark = pytest.mark.django_db


def test_dashboard_shows_progress_and_own_and_overdue_items(client_qm, qm_a, org_a, cycle_a):
    today = timezone.localdate()
    rows = cycle_a.assessments.order_by("requirement__area__number", "requirement__position")
    Assessment.objects.filter(pk__in=[r.pk for r in rows[:5]]).update(status="done")
    late = rows[10]
    Assessment.objects.filter(pk=late.pk).update(
        status="missing", responsible=qm_a, due_date=today - timedelta(1)
    )
    response = client_qm.get(reverse("dashboard", args=[org_a.slug]))
    text = response.content.decode()
    assert "7 % erfüllt und dokumentiert (5 von 71 Anforderungen)" in text
    assert late.requirement.code in text
    assert 'class="overdue"' in text


def test_dashboard_without_cycle_invites_to_create_one(client_qm, org_a):
    text = client_qm.get(reverse("dashboard", args=[org_a.slug])).content.decode()
    assert reverse("quality:cycle_create", args=[org_a.slug]) in text


def test_dashboard_query_count_is_fixed(client_qm, org_a, qm_a):
    """The same number of queries for 10 and 500 requirements (each due-date provider adds a fixed few)."""
    url = reverse("dashboard", args=[org_a.slug])
    counts = []
    for size in (10, 500):
        model = import_catalogue(synthetic_catalogue(size, code=f"s{size}"))
        cycle = make_cycle(org_a, model, start_date=date(2026, 2, 1) if size == 500 else date(2026, 1, 1))
        Assessment.objects.filter(cycle=cycle).update(
            status="missing", responsible=qm_a, due_date=timezone.localdate() - timedelta(1)
        )
        client_qm.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client_qm.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 25, counts
