"""Milestones and tasks of a measure: small forms on the measure page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.quality.measures.models import Milestone, Task

from .factories import make_measure, make_milestone, make_task, set_capacity

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"measures:{name}", args=[org.slug, *args])


def test_add_milestone(client_qm, org_a):
    measure = make_measure(org_a)
    response = client_qm.post(
        url("milestone_create", org_a, measure.pk), {"title": "Konzept", "date": "2026-04-01"}
    )
    assert response.url.endswith("#milestones")
    assert measure.milestones.get().title == "Konzept"


def test_milestone_without_date_is_refused(client_qm, org_a):
    measure = make_measure(org_a)
    response = client_qm.post(url("milestone_create", org_a, measure.pk), {"title": "Konzept", "date": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Milestone.objects.exists()


def test_edit_toggle_and_delete_milestone(client_qm, org_a):
    milestone = make_milestone(make_measure(org_a))
    assert client_qm.get(url("milestone_edit", org_a, milestone.pk)).status_code == 200
    client_qm.post(url("milestone_edit", org_a, milestone.pk), {"title": "Neu", "date": "2026-05-02"})
    client_qm.post(url("milestone_reached", org_a, milestone.pk), {"reached": "1"})
    milestone.refresh_from_db()
    assert milestone.title == "Neu" and milestone.reached
    client_qm.post(url("milestone_reached", org_a, milestone.pk), {"reached": "0"})
    milestone.refresh_from_db()
    assert not milestone.reached
    assert client_qm.get(url("milestone_reached", org_a, milestone.pk)).status_code == 405
    client_qm.post(url("milestone_delete", org_a, milestone.pk), {"confirm": "1"})
    assert not Milestone.objects.exists()


def test_staff_adds_a_task(client, org_a, staff_a):
    measure = make_measure(org_a)
    client.force_login(staff_a)
    response = client.post(
        url("task_create", org_a, measure.pk),
        {
            "title": "Aushang",
            "responsible": staff_a.pk,
            "due_date": "2026-04-01",
            "status": "open",
            "planned_hours": "2.5",
        },
    )
    assert response.status_code == 302
    task = measure.tasks.get()
    assert (task.responsible, task.planned_hours) == (staff_a, Decimal("2.5"))


@pytest.mark.parametrize(
    ("hours", "message"),
    [("-1", "Bitte geben Sie zwischen 0 und 500 Stunden an."), ("zwei", "Bitte eine Zahl eingeben.")],
)
def test_task_with_bad_hours_is_refused(client_qm, org_a, hours, message):
    measure = make_measure(org_a)
    response = client_qm.post(
        url("task_create", org_a, measure.pk), {"title": "Aushang", "status": "open", "planned_hours": hours}
    )
    assert message in response.content.decode()
    assert not Task.objects.exists()


def test_task_for_a_stranger_is_refused(client_qm, org_a, qm_b):
    measure = make_measure(org_a)
    response = client_qm.post(
        url("task_create", org_a, measure.pk), {"title": "Aushang", "status": "open", "responsible": qm_b.pk}
    )
    assert "Bitte wählen Sie eine Person aus Ihrer Organisation." in response.content.decode()
    assert not Task.objects.exists()


def test_assigning_above_sixty_percent_warns(client_qm, org_a, staff_a):
    set_capacity(org_a, staff_a, 10)
    measure = make_measure(org_a)
    today = timezone.localdate()
    make_task(measure, responsible=staff_a, due_date=today, planned_hours=Decimal(4))
    response = client_qm.post(
        url("task_create", org_a, measure.pk),
        {
            "title": "Noch mehr",
            "status": "open",
            "responsible": staff_a.pk,
            "due_date": today.isoformat(),
            "planned_hours": "3",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "mit 7 von 10 Stunden verplant (70 %)" in content
    assert Task.objects.count() == 2  # saved all the same


def test_assigning_within_the_limit_does_not_warn(client_qm, org_a, staff_a):
    set_capacity(org_a, staff_a, 10)
    measure = make_measure(org_a)
    response = client_qm.post(
        url("task_create", org_a, measure.pk),
        {"title": "Kurz", "status": "open", "responsible": staff_a.pk, "planned_hours": "6"},
        follow=True,
    )
    assert "verplant" not in response.content.decode()


def test_edit_task_status_and_delete(client_qm, org_a, qm_a):
    task = make_task(make_measure(org_a))
    assert client_qm.get(url("task_edit", org_a, task.pk)).status_code == 200
    client_qm.post(
        url("task_edit", org_a, task.pk),
        {"title": "Geändert", "status": "in_progress", "responsible": qm_a.pk, "due_date": "2026-07-01"},
    )
    task.refresh_from_db()
    assert (task.title, task.status, task.responsible) == ("Geändert", "in_progress", qm_a)
    client_qm.post(url("task_status", org_a, task.pk), {"status": "done"})
    task.refresh_from_db()
    assert task.status == "done"
    response = client_qm.post(url("task_status", org_a, task.pk), {"status": "kaputt"}, follow=True)
    assert "Der Status ist ungültig." in response.content.decode()
    task.refresh_from_db()
    assert task.status == "done"
    client_qm.post(url("task_delete", org_a, task.pk), {"confirm": "1"})
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("name", "make", "model", "question"),
    [
        (
            "milestone_delete",
            make_milestone,
            Milestone,
            "Soll der Meilenstein „Konzept beschlossen“ gelöscht werden?",
        ),
        ("task_delete", make_task, Task, "Soll die Aufgabe „Aushang schreiben“ gelöscht werden?"),
    ],
)
def test_deleting_an_item_needs_a_confirmation(client_qm, org_a, name, make, model, question):
    measure = make_measure(org_a)
    item = make(measure)
    detail = client_qm.get(measure.get_absolute_url()).content.decode()
    delete_url = url(name, org_a, item.pk)
    # the detail page links to the confirmation page instead of deleting with one click
    assert f'<a href="{delete_url}">löschen' in detail
    assert f'action="{delete_url}"' not in detail
    page = client_qm.get(delete_url)
    content = page.content.decode()
    assert page.status_code == 200 and question in content
    assert 'name="confirm" value="1"' in content and "Endgültig löschen" in content
    # a POST without the confirmation (an old one-click form, a stray request) only asks
    response = client_qm.post(delete_url)
    assert response.status_code == 200 and question in response.content.decode()
    assert model.objects.filter(pk=item.pk).exists()
    response = client_qm.post(delete_url, {"confirm": "1"})
    assert response.url == f"{measure.get_absolute_url()}#{'milestones' if model is Milestone else 'tasks'}"
    assert not model.objects.filter(pk=item.pk).exists()


def test_reader_gets_no_delete_confirmation(client_reader, org_a):
    measure = make_measure(org_a)
    assert client_reader.get(url("task_delete", org_a, make_task(measure).pk)).status_code == 403
    assert client_reader.get(url("milestone_delete", org_a, make_milestone(measure).pk)).status_code == 403


def test_detail_flags_overdue_items(client_qm, org_a):
    measure = make_measure(org_a)
    yesterday = timezone.localdate() - timedelta(days=1)
    make_task(measure, title="Alt", due_date=yesterday)
    make_milestone(measure, title="Verpasst", date=yesterday)
    content = client_qm.get(measure.get_absolute_url()).content.decode()
    assert content.count("überfällig") >= 2


def test_reader_cannot_touch_items(client_reader, org_a):
    measure = make_measure(org_a)
    task, milestone = make_task(measure), make_milestone(measure)
    for name, pk in [
        ("task_create", measure.pk),
        ("task_status", task.pk),
        ("task_delete", task.pk),
        ("milestone_create", measure.pk),
        ("milestone_reached", milestone.pk),
        ("milestone_delete", milestone.pk),
    ]:
        data = {"title": "x", "status": "done", "confirm": "1"}
        assert client_reader.post(url(name, org_a, pk), data).status_code == 403
    assert Task.objects.get().status == "open" and Milestone.objects.count() == 1


@pytest.mark.parametrize("name", ["milestone_create", "task_create"])
def test_empty_item_post_shows_required_errors(client_qm, org_a, name):
    measure = make_measure(org_a)
    response = client_qm.post(url(name, org_a, measure.pk), {})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Milestone.objects.exists() and not Task.objects.exists()
