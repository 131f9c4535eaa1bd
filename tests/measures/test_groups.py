"""Steering group, quality circles, meetings with decisions."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.catalogue.models import Area
from gelingen.quality.measures.models import Decision, Group, Meeting, Task

from .factories import make_decision, make_group, make_measure, make_meeting

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"measures:{name}", args=[org.slug, *args])


def group_data(**overrides):
    data = {
        "kind": "circle",
        "name": "Qualitätszirkel Beratung",
        "purpose": "",
        "lead": "",
        "guests": "",
        "reports_to": "",
        "rhythm_count": "4",
        "rhythm_unit": "weeks",
        "rhythm_note": "",
        "next_meeting": "",
    }
    data.update(overrides)
    return data


def test_create_circle_reporting_to_steering_group(client_qm, org_a, qm_a, staff_a, cycle_a):
    steering = make_group(org_a)
    area = Area.objects.get(model=cycle_a.model, number=4)
    response = client_qm.post(
        url("group_create", org_a),
        group_data(members=[qm_a.pk, staff_a.pk], areas=[area.pk], reports_to=steering.pk, lead=qm_a.pk),
    )
    circle = Group.objects.get(kind="circle")
    assert response.url == url("group_detail", org_a, circle.pk)
    assert circle.reports_to == steering and set(circle.members.all()) == {qm_a, staff_a}
    assert list(circle.areas.all()) == [area]
    content = client_qm.get(url("group_detail", org_a, steering.pk)).content.decode()
    assert "Qualitätszirkel Beratung" in content


def test_vague_rhythm_is_refused_with_a_hint(client_qm, org_a):
    response = client_qm.post(
        url("group_create", org_a), group_data(rhythm_note="Wir treffen uns regelmäßig.")
    )
    assert "„regelmäßig“ ohne konkretes Intervall oder Datum" in response.content.decode()
    assert not Group.objects.exists()


def test_concrete_rhythm_text_is_accepted(client_qm, org_a):
    client_qm.post(url("group_create", org_a), group_data(rhythm_note="Regelmäßig alle 4 Wochen dienstags."))
    assert Group.objects.get().rhythm_note.startswith("Regelmäßig")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rhythm_count": "0"}, "Bitte geben Sie einen Abstand zwischen 1 und 52 an."),
        ({"rhythm_count": "60"}, "Bitte geben Sie einen Abstand zwischen 1 und 52 an."),
        (
            {"kind": "steering", "reports_to": "STEERING"},
            "Die Steuerungsgruppe berichtet an kein anderes Gremium.",
        ),
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_bad_group_input(client_qm, org_a, data, message):
    steering = make_group(org_a)
    if data.get("reports_to") == "STEERING":
        data["reports_to"] = steering.pk
    response = client_qm.post(url("group_create", org_a), group_data(**data))
    assert message in response.content.decode()
    assert Group.objects.count() == 1


def test_group_cannot_report_to_a_circle(client_qm, org_a):
    circle = make_group(org_a, kind="circle", name="Zirkel")
    response = client_qm.post(url("group_create", org_a), group_data(reports_to=circle.pk))
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()


def test_staff_cannot_create_groups_but_can_record_meetings(client, org_a, staff_a):
    group = make_group(org_a)
    client.force_login(staff_a)
    assert client.post(url("group_create", org_a), group_data()).status_code == 403
    assert client.post(url("group_edit", org_a, group.pk), group_data()).status_code == 403
    response = client.post(
        url("meeting_create", org_a, group.pk),
        {"date": "2026-03-03", "participants": [staff_a.pk], "notes": "Protokoll", **formset()},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().created_by == staff_a


def formset(*decisions, initial=0, prefix="decisions"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(max(len(decisions), 1)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, decision in enumerate(decisions):
        data.update({f"{prefix}-{i}-{key}": value for key, value in decision.items()})
    return data


def test_meeting_with_decisions_moves_next_meeting(client_qm, org_a, qm_a, staff_a):
    group = make_group(org_a, rhythm_count=6, rhythm_unit="weeks")
    group.members.set([qm_a, staff_a])
    form = client_qm.get(url("meeting_create", org_a, group.pk)).context["form"]
    assert set(form.initial["participants"]) == {qm_a.pk, staff_a.pk}
    response = client_qm.post(
        url("meeting_create", org_a, group.pk),
        {
            "date": "2026-03-03",
            "participants": [qm_a.pk],
            "guests": "Frau Gast",
            "notes": "1. Bericht",
            **formset(
                {"text": "Zeitplan verschicken", "responsible": staff_a.pk, "due_date": "2026-03-10"},
                {"text": "", "responsible": "", "due_date": ""},
            ),
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == url("meeting_detail", org_a, meeting.pk)
    decision = meeting.decisions.get()
    assert (decision.text, decision.responsible, decision.due_date) == (
        "Zeitplan verschicken",
        staff_a,
        date(2026, 3, 10),
    )
    group.refresh_from_db()
    assert group.next_meeting == date(2026, 4, 14)


def test_meeting_with_bad_decision_saves_nothing(client_qm, org_a, qm_b):
    group = make_group(org_a)
    response = client_qm.post(
        url("meeting_create", org_a, group.pk),
        {
            "date": "2026-03-03",
            **formset({"text": "Etwas", "responsible": qm_b.pk, "due_date": "kein Datum"}),
        },
    )
    content = response.content.decode()
    assert "Bitte wählen Sie eine Person aus Ihrer Organisation." in content
    assert "Bitte ein gültiges Datum eingeben." in content
    assert not Meeting.objects.exists() and not Decision.objects.exists()


def test_edit_meeting_and_delete_a_decision(client_qm, org_a):
    meeting = make_meeting(make_group(org_a))
    decision = make_decision(meeting)
    assert client_qm.get(url("meeting_edit", org_a, meeting.pk)).status_code == 200
    client_qm.post(
        url("meeting_edit", org_a, meeting.pk),
        {
            "date": "2026-02-02",
            "notes": "Neu",
            **formset({"id": decision.pk, "text": decision.text, "DELETE": "on"}, initial=1),
        },
    )
    meeting.refresh_from_db()
    assert meeting.notes == "Neu" and meeting.date == date(2026, 2, 2)
    assert not Decision.objects.exists()


def test_decision_done_and_reopen(client_qm, org_a):
    decision = make_decision(make_meeting(make_group(org_a)))
    client_qm.post(url("decision_done", org_a, decision.pk), {"done": "1"})
    decision.refresh_from_db()
    assert decision.done and not decision.is_open
    client_qm.post(url("decision_done", org_a, decision.pk), {"done": "0"})
    decision.refresh_from_db()
    assert not decision.done


def test_decision_becomes_a_task(client_qm, org_a, staff_a):
    measure = make_measure(org_a, status="running")
    decision = make_decision(
        make_meeting(make_group(org_a)),
        responsible=staff_a,
        due_date=date(2026, 5, 1),
        text="Bogen entwerfen",
    )
    response = client_qm.post(
        url("decision_task", org_a, decision.pk), {"measure": measure.pk, "planned_hours": "3"}, follow=True
    )
    assert "ist jetzt eine Aufgabe" in response.content.decode()
    task = Task.objects.get()
    assert (task.measure, task.title, task.responsible, task.due_date) == (
        measure,
        "Bogen entwerfen",
        staff_a,
        date(2026, 5, 1),
    )
    decision.refresh_from_db()
    assert decision.task == task and decision.is_open
    task.status = Task.Status.DONE
    task.save()
    decision.refresh_from_db()
    assert not decision.is_open
    again = client_qm.post(url("decision_task", org_a, decision.pk), {"measure": measure.pk}, follow=True)
    assert "bereits eine Aufgabe" in again.content.decode()
    assert Task.objects.count() == 1


def test_second_submit_of_decision_task_creates_nothing(client_qm, org_a, monkeypatch):
    """Two submits at once: the second one read the decision before the first one saved its task."""
    measure = make_measure(org_a, status="running")
    decision = make_decision(make_meeting(make_group(org_a)))
    stale = Decision.objects.select_related("meeting__group", "responsible", "task").get(pk=decision.pk)
    client_qm.post(url("decision_task", org_a, decision.pk), {"measure": measure.pk})
    assert Task.objects.count() == 1
    monkeypatch.setattr("gelingen.quality.measures.views._decision", lambda request, pk: stale)
    response = client_qm.post(url("decision_task", org_a, decision.pk), {"measure": measure.pk}, follow=True)
    assert "Dieser Beschluss ist bereits eine Aufgabe." in response.content.decode()
    assert Task.objects.count() == 1
    decision.refresh_from_db()
    assert decision.task == Task.objects.get()


def test_decision_task_needs_a_measure_of_the_organisation(client_qm, org_a, org_b):
    decision = make_decision(make_meeting(make_group(org_a)))
    foreign = make_measure(org_b)
    finished = make_measure(org_a, status="done")
    for measure in (foreign, finished):
        response = client_qm.post(
            url("decision_task", org_a, decision.pk), {"measure": measure.pk}, follow=True
        )
        assert "Bitte wählen Sie eine Maßnahme Ihrer Organisation." in response.content.decode()
    assert not Task.objects.exists()


def test_group_detail_lists_open_decisions(client_qm, org_a):
    group = make_group(org_a, next_meeting=timezone.localdate() - timedelta(days=2))
    meeting = make_meeting(group)
    make_decision(meeting, text="Offen und alt", due_date=timezone.localdate() - timedelta(days=1))
    make_decision(meeting, text="Schon erledigt", done=True)
    response = client_qm.get(url("group_detail", org_a, group.pk))
    content = response.content.decode()
    assert "Offen und alt" in content and [d.text for d in response.context["open_decisions"]] == [
        "Offen und alt"
    ]
    assert "überfällig" in content


def test_reader_sees_groups_without_write_controls(client_reader, org_a):
    group = make_group(org_a)
    content = client_reader.get(url("group_detail", org_a, group.pk)).content.decode()
    assert group.name in content and "Sitzung protokollieren" not in content
    assert (
        client_reader.post(url("meeting_create", org_a, group.pk), {"date": "2026-01-01"}).status_code == 403
    )
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("rows", [3, 60])
def test_group_list_query_count_is_bounded(client_qm, org_a, qm_a, cycle_a, django_assert_num_queries, rows):
    steering = make_group(org_a)
    areas = list(Area.objects.filter(model=cycle_a.model, number__in=[3, 4]))
    for i in range(rows):
        circle = make_group(org_a, kind="circle", name=f"Zirkel {i}", reports_to=steering, lead=qm_a)
        circle.members.set([qm_a])
        circle.areas.set(areas)
    client_qm.get(url("group_list", org_a))
    with django_assert_num_queries(7):
        client_qm.get(url("group_list", org_a))


@pytest.mark.parametrize("rows", [3, 60])
def test_group_detail_query_count_is_bounded(client_qm, org_a, qm_a, django_assert_num_queries, rows):
    group = make_group(org_a)
    for i in range(rows):
        meeting = make_meeting(group, date=date(2026, 1, 1) + timedelta(days=i))
        meeting.participants.set([qm_a])
        make_decision(meeting, responsible=qm_a)
    client_qm.get(url("group_detail", org_a, group.pk))
    with django_assert_num_queries(12):
        client_qm.get(url("group_detail", org_a, group.pk))


def test_group_list_names_the_areas_as_text(client_qm, org_a, cycle_a):
    group = make_group(org_a)
    area = Area.objects.get(model=cycle_a.model, number=4)
    group.areas.set([area])
    content = client_qm.get(url("group_list", org_a)).content.decode()
    assert f"QB4 {area.display_name}" in content
    assert "<abbr" not in content


@pytest.mark.parametrize("name", ["group_create", "meeting_create"])
def test_empty_group_or_meeting_post_shows_required_errors(client_qm, org_a, name):
    args = [make_group(org_a, name="Vorhanden").pk] if name == "meeting_create" else []
    response = client_qm.post(url(name, org_a, *args), {})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert Group.objects.count() == len(args) and not Meeting.objects.exists()


@pytest.mark.parametrize("rows", [2, 30])
def test_meeting_minutes_show_attendance_and_decision_numbers(
    client_qm, org_a, qm_a, staff_a, django_assert_num_queries, rows
):
    group = make_group(org_a)
    group.members.set([qm_a, staff_a])
    january = make_meeting(group, date=date(2026, 1, 10))
    make_decision(january, text="Im Januar")
    meeting = make_meeting(group, date=date(2026, 2, 1), guests="Herr Gast")
    meeting.participants.set([qm_a])
    for i in range(rows):
        make_decision(meeting, text=f"Beschluss {i}", responsible=qm_a)
    client_qm.get(url("meeting_detail", org_a, meeting.pk))
    with django_assert_num_queries(7):  # as before the attendance and the decision numbers
        response = client_qm.get(url("meeting_detail", org_a, meeting.pk))
    content = response.content.decode()
    assert "<td>2026/2</td>" in content and f"<td>2026/{rows + 1}</td>" in content
    assert response.context["attendance"].absent == [staff_a]
    assert "Herr Gast" in content
