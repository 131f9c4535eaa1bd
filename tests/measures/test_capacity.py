from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gelingen.quality.measures import capacity
from gelingen.quality.measures.models import Capacity

from .factories import make_measure, make_task, set_capacity

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("due", "month"),
    [
        (None, date(2026, 3, 1)),  # no due date: still to be done now
        (date(2026, 1, 10), date(2026, 3, 1)),  # overdue: counts now
        (date(2026, 3, 1), date(2026, 3, 1)),
        (date(2026, 3, 31), date(2026, 3, 1)),
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2027, 2, 28), date(2027, 2, 1)),
    ],
)
def test_load_month(due, month):
    assert capacity.load_month(due, TODAY) == month


@pytest.mark.parametrize(
    ("planned", "available", "over"),
    [
        (Decimal(6), Decimal(10), False),  # exactly 60 % is fine
        (Decimal("6.5"), Decimal(10), True),
        (Decimal(0), Decimal(0), False),
        (Decimal(1), Decimal(0), True),  # no time at all
        (Decimal(50), None, False),  # unknown availability: no verdict
    ],
)
def test_is_over_limit(planned, available, over):
    assert capacity.is_over_limit(planned, available) is over


@pytest.mark.django_db
def test_horizon_rolls_over_the_year(org_a, qm_a):
    months = [load.month for load in capacity.workloads(org_a, today=date(2026, 11, 30), months=4)[0].months]
    assert months == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    assert capacity.load_month(date(2027, 1, 31), date(2026, 11, 30)) == date(2027, 1, 1)
    assert capacity.load_month(date(2026, 10, 31), date(2026, 11, 30)) == date(2026, 11, 1)


def test_load_percent():
    assert capacity.Load(date(2026, 3, 1), Decimal(7), Decimal(10)).percent == 70
    assert capacity.Load(date(2026, 3, 1), Decimal(7), None).percent is None


def test_hours_label():
    assert capacity.hours_label(Decimal("7.0")) == "7"
    assert capacity.hours_label(Decimal("2.5")) == "2,5"


@pytest.mark.django_db
def test_workloads_count_open_tasks_of_active_measures(org_a, qm_a, staff_a):
    set_capacity(org_a, staff_a, 10)
    running = make_measure(org_a, status="running")
    make_task(running, responsible=staff_a, due_date=date(2026, 3, 20), planned_hours=Decimal(4))
    make_task(running, responsible=staff_a, due_date=date(2026, 2, 1), planned_hours=Decimal(3))  # overdue
    make_task(running, responsible=staff_a, due_date=date(2026, 5, 2), planned_hours=Decimal(2))
    make_task(
        running, responsible=staff_a, status="done", due_date=date(2026, 3, 2), planned_hours=Decimal(9)
    )
    make_task(
        running, responsible=staff_a, due_date=date(2027, 3, 2), planned_hours=Decimal(9)
    )  # beyond horizon
    finished = make_measure(org_a, status="discarded")
    make_task(finished, responsible=staff_a, due_date=date(2026, 3, 2), planned_hours=Decimal(9))
    loads = {p.user: p for p in capacity.workloads(org_a, TODAY)}
    staff = loads[staff_a]
    assert [m.planned for m in staff.months] == [Decimal(7), 0, Decimal(2), 0, 0, 0]
    assert staff.months[0].over_limit and staff.over_limit and not staff.months[2].over_limit
    assert loads[qm_a].available is None and not loads[qm_a].over_limit
    assert capacity.overloaded_months(org_a, staff_a, TODAY) == [staff.months[0]]
    assert capacity.load_of(org_a, staff_a, date(2026, 5, 1), TODAY).planned == Decimal(2)


@pytest.mark.django_db
def test_warning_texts(org_a, staff_a):
    load = capacity.Load(date(2026, 3, 1), Decimal(7), Decimal(10))
    assert "mit 7 von 10 Stunden verplant (70 %)" in capacity.warning(staff_a, load)
    none = capacity.Load(date(2026, 3, 1), Decimal(2), Decimal(0))
    assert "keine verfügbare Zeit" in capacity.warning(staff_a, none)


@pytest.mark.django_db
def test_capacity_page_flags_people_above_sixty_percent(client_qm, org_a, qm_a, staff_a):
    from django.utils import timezone

    set_capacity(org_a, staff_a, 10)
    set_capacity(org_a, qm_a, 20)
    measure = make_measure(org_a)
    make_task(measure, responsible=staff_a, due_date=timezone.localdate(), planned_hours=Decimal(8))
    make_task(measure, responsible=qm_a, due_date=timezone.localdate(), planned_hours=Decimal(5))
    response = client_qm.get(reverse("measures:capacity", args=[org_a.slug]))
    content = response.content.decode()
    assert [p.user for p in response.context["overloaded"]] == [staff_a]
    assert "8 h (80 %)" in content and "über 60 %" in content and "5 h (25 %)" in content


@pytest.mark.django_db
def test_capacity_settings(client_qm, org_a, qm_a, staff_a):
    set_capacity(org_a, staff_a, 10)
    url = reverse("measures:capacity_edit", args=[org_a.slug])
    assert client_qm.get(url).status_code == 200
    response = client_qm.post(url, {f"hours_{qm_a.pk}": "20", f"hours_{staff_a.pk}": ""})
    assert response.url == reverse("measures:capacity", args=[org_a.slug])
    assert dict(Capacity.objects.values_list("user", "hours_per_month")) == {qm_a.pk: Decimal(20)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"), [("-3", "Bitte keine negativen Stunden."), ("300", "Mehr als 250")]
)
def test_capacity_settings_bad_input(client_qm, org_a, qm_a, value, message):
    response = client_qm.post(
        reverse("measures:capacity_edit", args=[org_a.slug]), {f"hours_{qm_a.pk}": value}
    )
    assert message in response.content.decode()
    assert not Capacity.objects.exists()


@pytest.mark.django_db
def test_capacity_settings_need_manage_level(client, org_a, staff_a, qm_a):
    client.force_login(staff_a)
    url = reverse("measures:capacity_edit", args=[org_a.slug])
    assert client.post(url, {f"hours_{staff_a.pk}": "99"}).status_code == 403
    assert client.get(reverse("measures:capacity", args=[org_a.slug])).status_code == 200
    assert not Capacity.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 60])
def test_capacity_page_query_count_is_bounded(client_qm, org_a, qm_a, django_assert_num_queries, rows):
    from tests.conftest import add_member

    measure = make_measure(org_a)
    for i in range(rows):
        person = add_member(org_a, "staff", f"p{i}@alpha.example")
        set_capacity(org_a, person, 10)
        make_task(measure, responsible=person, planned_hours=Decimal(3))
    url = reverse("measures:capacity", args=[org_a.slug])
    client_qm.get(url)
    with django_assert_num_queries(6):
        client_qm.get(url)
