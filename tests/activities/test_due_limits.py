"""Due items asked for one person and a limit: every provider narrows in SQL, the dashboard box stays
constant in queries however much the organisation has due."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gelingen.core.deadlines import due_items
from gelingen.quality.activities.models import Activity
from gelingen.quality.activities.templatetags.activities import BOX_LIMIT
from gelingen.quality.feedback.models import Feedback
from gelingen.quality.measures.models import Task
from tests.conftest import make_cycle
from tests.measures.factories import make_measure

pytestmark = pytest.mark.django_db


def fill(org, owner, other, n, kqs=None):
    """n items per kind due within the box's 14 days, half of them the owner's."""
    today = timezone.localdate()
    measure = make_measure(org, owner=owner)
    Task.objects.bulk_create(
        Task(
            measure=measure,
            title=f"Aufgabe {i}",
            responsible=owner if i % 2 else other,
            due_date=today + timedelta(days=i % 14),
        )
        for i in range(n)
    )
    Activity.objects.bulk_create(
        Activity(
            organisation=org,
            type=Activity.Type.EVALUATION,
            title=f"Tätigkeit {i}",
            interval_count=6,
            interval_unit="months",
            next_due=today + timedelta(days=i % 14 - 3),
            owner=owner if i % 2 else other,
        )
        for i in range(n)
    )
    Feedback.objects.bulk_create(
        Feedback(
            organisation=org,
            kind=Feedback.Kind.COMPLAINT,
            received_on=today - timedelta(days=40 + i),
            text=f"Beschwerde {i}",
            handler=owner if i % 2 else other,
        )
        for i in range(n)
    )
    if kqs is not None:
        cycle = make_cycle(org, kqs)
        rows = list(cycle.assessments.all()[:n])
        for i, row in enumerate(rows):
            row.responsible = owner if i % 2 else other
            row.due_date = today + timedelta(days=i % 10)
        type(rows[0]).objects.bulk_update(rows, ["responsible", "due_date"])


def test_every_provider_returns_only_the_owners_earliest(org_a, org_b, qm_a, staff_a, kqs):
    fill(org_a, qm_a, staff_a, 12, kqs)
    fill(org_b, qm_a, staff_a, 4)  # another organisation
    until = timezone.localdate() + timedelta(days=14)
    everything = due_items([org_a.pk], until)
    own = [i for i in everything if i.owner_id == qm_a.pk]
    limited = due_items([org_a.pk], until, owner_id=qm_a.pk, limit=5)
    assert [i.key for i in limited] == [i.key for i in own[:5]]
    assert all(i.organisation_id == org_a.pk for i in limited)
    assert due_items([org_a.pk], until, owner_id=qm_a.pk) == own


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_box_queries_do_not_grow(
    client_qm, org_a, qm_a, staff_a, kqs, django_assert_max_num_queries, n
):
    fill(org_a, qm_a, staff_a, n, kqs)
    client_qm.get(reverse("dashboard", args=[org_a.slug]))
    with django_assert_max_num_queries(32):
        page = client_qm.get(reverse("dashboard", args=[org_a.slug])).content.decode()
    box = page.split('id="due-box-heading"', 1)[1].split("</section>", 1)[0]
    assert box.count("<li") == min(BOX_LIMIT, 4 * (n // 2))
    assert ("Weitere Termine" in box) is (4 * (n // 2) > BOX_LIMIT)
    assert "Aufgabe 0" not in box  # staff_a's


def test_dashboard_needs_the_same_queries_with_3_and_30_items(client_qm, org_a, qm_a, staff_a, kqs):
    def count() -> int:
        client_qm.get(reverse("dashboard", args=[org_a.slug]))
        with CaptureQueriesContext(connection) as ctx:
            client_qm.get(reverse("dashboard", args=[org_a.slug]))
        return len(ctx.captured_queries)

    fill(org_a, qm_a, staff_a, 3, kqs)
    few = count()
    fill(org_a, qm_a, staff_a, 30)
    assert count() == few


def test_dashboard_box_of_a_stranger_is_404(client_qm, org_b):
    assert client_qm.get(reverse("dashboard", args=[org_b.slug])).status_code == 404


def test_due_list_shows_the_earliest_and_says_there_are_more(
    client_qm, org_a, qm_a, staff_a, monkeypatch, django_assert_max_num_queries
):
    from gelingen.quality.activities import views

    monkeypatch.setattr(views, "DUE_SHOWN", 10)
    fill(org_a, qm_a, staff_a, 8)  # 8 tasks, 8 activities, 8 complaints
    url = reverse("activities:due", args=[org_a.slug])
    client_qm.get(url)
    with django_assert_max_num_queries(20):
        page = client_qm.get(url).content.decode()
    assert page.count("<tr>") - page.count("<thead><tr>") == 10
    assert "gezeigt werden die 10 frühesten" in page
    mine = client_qm.get(url, {"mine": "on"}).content.decode()  # 12 of them are qm_a's
    assert "gezeigt werden die 10 frühesten" in mine
    monkeypatch.setattr(views, "DUE_SHOWN", 50)
    assert "frühesten" not in client_qm.get(url).content.decode()


def test_profile_lists_a_few_organisations_and_links_to_the_chooser(client, db):
    from gelingen.accounts.models import Membership, Organisation
    from gelingen.accounts.views import PROFILE_MEMBERSHIPS
    from tests.conftest import make_user

    user = make_user("viele@example.org")
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i:02d}", slug=f"verein-{i:02d}") for i in range(PROFILE_MEMBERSHIPS + 3)
    )
    Membership.objects.bulk_create(Membership(user=user, organisation=o, role="staff") for o in orgs)
    client.force_login(user)
    page = client.get(reverse("profile")).content.decode()
    assert page.count("– Mitarbeitende</li>") == PROFILE_MEMBERSHIPS
    assert reverse("choose_organisation") in page
