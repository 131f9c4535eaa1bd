from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from gelingen.accounts.roles import STAFF
from gelingen.core import deadlines
from gelingen.quality.activities.deadlines import activity_due_items
from gelingen.quality.activities.models import Activity, Occurrence
from gelingen.quality.models import Assessment
from tests.conftest import add_member, make_cycle

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def make_activity(org, owner=None, due_in=5, **kwargs) -> Activity:
    defaults = {
        "type": Activity.Type.EVALUATION,
        "title": "Klientenbefragung",
        "interval_count": 6,
        "interval_unit": "months",
        "next_due": today() + timedelta(days=due_in),
        "owner": owner,
    }
    return Activity.objects.create(organisation=org, **{**defaults, **kwargs})


def url(name, org, *args):
    return reverse(f"activities:{name}", args=[org.slug, *args])


def activity_data(**overrides):
    data = {
        "type": "material",
        "title": "Material prüfen",
        "area_number": "",
        "interval_count": "6",
        "interval_unit": "months",
        "rhythm_note": "jeweils im März und September",
        "owner": "",
        "next_due": (today() + timedelta(days=30)).isoformat(),
        "active": "on",
        "description": "Inventarliste abgleichen.",
    }
    return {**data, **overrides}


# --- list ---------------------------------------------------------------------------------------


def test_list_shows_active_activities_with_overdue_badge(client_qm, org_a, qm_a, org_b):
    make_activity(org_a, qm_a, due_in=-3, title="Begehung der Räume")
    make_activity(org_a, qm_a, title="Alte Sache", active=False)
    make_activity(org_b, title="Fremde Tätigkeit")
    text = client_qm.get(url("list", org_a)).content.decode()
    assert "Begehung der Räume" in text and "überfällig" in text
    assert "Alte Sache" not in text and "Fremde Tätigkeit" not in text
    assert "alle 6 Monate" in text
    assert url("create", org_a) in text and url("standard", org_a) in text
    assert "Alte Sache" in client_qm.get(url("list", org_a) + "?inactive=1").content.decode()


def test_list_for_reader_hides_write_controls(client_reader, org_a):
    make_activity(org_a)
    text = client_reader.get(url("list", org_a)).content.decode()
    assert "Klientenbefragung" in text
    assert url("create", org_a) not in text and url("standard", org_a) not in text


@pytest.mark.parametrize("rows", [3, 60])
def test_list_query_count_is_fixed(client_qm, org_a, qm_a, cycle_a, rows, django_assert_num_queries):
    for i in range(rows):
        activity = make_activity(org_a, qm_a, due_in=i, title=f"Tätigkeit {i}")
        Occurrence.objects.create(activity=activity, done_on=today(), result="r", conclusions="c")
    client_qm.get(url("list", org_a))
    # session, user, membership, count, page, newest cycle, its areas, existing types
    with django_assert_num_queries(8):
        response = client_qm.get(url("list", org_a))
    assert response.status_code == 200


def test_list_shows_the_area_name_as_text(client_qm, org_a, cycle_a):
    make_activity(org_a, type="material")
    text = client_qm.get(url("list", org_a)).content.decode()
    name = cycle_a.model.areas.get(number=7).display_name
    assert "<abbr" not in text
    assert f'QB7<br><span class="muted">{escape(name)}</span>' in text


def test_pagination_keeps_the_inactive_filter(client_qm, org_a):
    for i in range(55):
        make_activity(org_a, due_in=i, title=f"T{i:02d}", active=i % 2 == 0)
    text = client_qm.get(url("list", org_a) + "?inactive=1").content.decode()
    assert "?inactive=1&amp;page=2" in text
    assert "T53" in client_qm.get(url("list", org_a) + "?inactive=1&page=2").content.decode()


def test_list_is_paginated(client_qm, org_a):
    for i in range(55):
        make_activity(org_a, due_in=i, title=f"T{i:02d}")
    text = client_qm.get(url("list", org_a)).content.decode()
    assert "Seite 1 von 2" in text and "T49" in text and "T50" not in text
    assert "T54" in client_qm.get(url("list", org_a) + "?page=2").content.decode()


# --- create / edit / delete -----------------------------------------------------------------------


def test_create_activity(client_qm, org_a, qm_a):
    response = client_qm.post(url("create", org_a), activity_data(owner=qm_a.pk))
    activity = Activity.objects.get(organisation=org_a)
    assert response.status_code == 302 and response.url == url("detail", org_a, activity.pk)
    assert activity.area_number == 7 and activity.owner == qm_a and activity.interval_count == 6


def test_create_without_title_uses_the_type(client_qm, org_a):
    client_qm.post(url("create", org_a), activity_data(type="development_talks", title=""))
    activity = Activity.objects.get(organisation=org_a)
    assert activity.title == "Entwicklungsgespräche" and activity.area_number == 9


def test_create_form_offers_the_cycle_areas(client_qm, org_a, cycle_a):
    text = client_qm.get(url("create", org_a)).content.decode()
    assert "QB7 " in text and "QB12 " in text


def test_form_offers_the_chosen_optional_areas_of_all_cycles(client_qm, org_a, cycle_a, kqs):
    newer = make_cycle(org_a, kqs, title="Retestierung", start_date=date(2027, 1, 1))
    cycle_a.optional_areas.add(kqs.areas.get(number=14))  # chosen in the older cycle
    field = client_qm.get(url("create", org_a)).context["form"].fields["area_number"]
    numbers = [number for number, _label in field.choices if number != ""]
    assert numbers == [*range(1, 13), 14]
    assert 13 not in numbers and newer.optional_areas.count() == 0
    response = client_qm.post(url("create", org_a), activity_data(area_number="13"))
    assert "13 ist keine gültige Auswahl" in response.content.decode()
    assert not Activity.objects.exists()
    client_qm.post(url("create", org_a), activity_data(area_number="14"))
    assert Activity.objects.get().area_number == 14


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rhythm_note", "regelmäßig", "„regelmäßig“ ohne konkretes Intervall oder Datum"),
        ("description", "Wir prüfen künftig die Räume.", "„künftig“ ohne konkretes Intervall oder Datum"),
        ("description", "Geeignete Checklisten werden genutzt.", "ohne konkretes Intervall oder Datum"),
        ("interval_count", "0", "Der Rhythmus muss mindestens 1 betragen."),
        ("next_due", "", "Dieses Feld ist zwingend erforderlich."),
        ("next_due", "31.02.2026", "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_create_with_bad_input_shows_the_error_and_saves_nothing(client_qm, org_a, field, value, message):
    response = client_qm.post(url("create", org_a), activity_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_internal_audit_longer_than_four_years_is_refused(client_qm, org_a):
    data = activity_data(type="internal_audit", interval_count="5", interval_unit="years")
    response = client_qm.post(url("create", org_a), data)
    assert "mindestens alle 4 Jahre (48 Monate)" in response.content.decode()
    assert not Activity.objects.exists()
    client_qm.post(url("create", org_a), {**data, "interval_count": "4"})
    assert Activity.objects.get().interval_unit == "years"


def test_owner_must_belong_to_the_organisation(client_qm, org_a, qm_b):
    response = client_qm.post(url("create", org_a), activity_data(owner=qm_b.pk))
    assert "Bitte wählen Sie eine Person aus Ihrer Organisation." in response.content.decode()
    assert not Activity.objects.exists()


def test_staff_may_create_reader_may_not(client, org_a, reader_a):
    staff = add_member(org_a, STAFF, "fachkraft@alpha.example")
    client.force_login(reader_a)
    assert client.post(url("create", org_a), activity_data()).status_code == 403
    client.force_login(staff)
    assert client.post(url("create", org_a), activity_data()).status_code == 302
    assert Activity.objects.count() == 1


def test_edit_activity(client_qm, org_a, qm_a):
    activity = make_activity(org_a)
    data = activity_data(type="evaluation", title="Befragung", interval_count="1", interval_unit="years")
    response = client_qm.post(url("edit", org_a, activity.pk), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Befragung" and activity.interval_unit == "years"


def test_edit_with_vague_text_keeps_the_old_values(client_qm, org_a):
    activity = make_activity(org_a, description="alt")
    response = client_qm.post(
        url("edit", org_a, activity.pk), activity_data(description="Das machen wir zukünftig besser.")
    )
    assert "„zukünftig“ ohne konkretes Intervall oder Datum" in response.content.decode()
    activity.refresh_from_db()
    assert activity.description == "alt"


def test_delete_needs_manage_level(client, org_a, qm_a):
    activity = make_activity(org_a)
    staff = add_member(org_a, STAFF, "fachkraft@alpha.example")
    client.force_login(staff)
    assert client.post(url("delete", org_a, activity.pk)).status_code == 403
    client.force_login(qm_a)
    assert "wird mit 0 festgehaltenen" in client.get(url("delete", org_a, activity.pk)).content.decode()
    response = client.post(url("delete", org_a, activity.pk))
    assert response.status_code == 302 and not Activity.objects.exists()


# --- detail and occurrences ------------------------------------------------------------------------


def test_detail_shows_occurrences_and_record_form(client_qm, org_a, qm_a):
    activity = make_activity(org_a, qm_a)
    Occurrence.objects.create(
        activity=activity,
        done_on=today() - timedelta(days=10),
        result="64 Rückläufe",
        conclusions="Telefonzeit",
    )
    text = client_qm.get(url("detail", org_a, activity.pk)).content.decode()
    assert "64 Rückläufe" in text and "Telefonzeit" in text
    assert url("occurrence_create", org_a, activity.pk) in text and url("edit", org_a, activity.pk) in text


def test_detail_for_reader_has_no_forms(client_reader, org_a):
    activity = make_activity(org_a)
    text = client_reader.get(url("detail", org_a, activity.pk)).content.decode()
    assert url("occurrence_create", org_a, activity.pk) not in text
    assert 'name="result"' not in text and url("edit", org_a, activity.pk) not in text


def test_record_occurrence_advances_due_date(client_qm, org_a, qm_a):
    activity = make_activity(org_a, interval_count=3, interval_unit="months")
    done = today() - timedelta(days=2)
    response = client_qm.post(
        url("occurrence_create", org_a, activity.pk),
        {
            "done_on": done.isoformat(),
            "participants": "Team",
            "result": "Alles vorhanden.",
            "conclusions": "Liste beibehalten.",
            "evidence_ref": "QB7-03",
        },
        follow=True,
    )
    activity.refresh_from_db()
    occurrence = activity.occurrences.get()
    assert occurrence.recorded_by == qm_a and occurrence.evidence_ref == "QB7-03"
    assert activity.next_due == activity.next_due_after(done)
    assert "Nächste Fälligkeit:" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("done_on", "future", "Das Datum der Durchführung darf nicht in der Zukunft liegen."),
        ("result", "", "Bitte halten Sie das Ergebnis fest."),
        ("conclusions", "", "Bitte halten Sie die Schlussfolgerungen fest"),
        ("conclusions", "Wir prüfen das künftig.", "„künftig“ ohne konkretes Intervall oder Datum"),
    ],
)
def test_record_occurrence_bad_input(client_qm, org_a, field, value, message):
    activity = make_activity(org_a)
    before = activity.next_due
    data = {"done_on": today().isoformat(), "result": "r", "conclusions": "c", field: value}
    if value == "future":
        data["done_on"] = (today() + timedelta(days=1)).isoformat()
    response = client_qm.post(url("occurrence_create", org_a, activity.pk), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Occurrence.objects.exists()
    activity.refresh_from_db()
    assert activity.next_due == before


def test_record_occurrence_page_without_javascript(client_qm, org_a):
    activity = make_activity(org_a)
    text = client_qm.get(url("occurrence_create", org_a, activity.pk)).content.decode()
    assert 'name="done_on"' in text and today().isoformat() in text


def test_edit_occurrence_keeps_due_date(client_qm, org_a):
    activity = make_activity(org_a)
    occurrence = Occurrence.objects.create(activity=activity, done_on=today(), result="r", conclusions="c")
    response = client_qm.post(
        url("occurrence_edit", org_a, activity.pk, occurrence.pk),
        {"done_on": today().isoformat(), "result": "neu", "conclusions": "c"},
    )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.result == "neu"
    assert Activity.objects.get().next_due == activity.next_due


def _occurrence_data(done_on, **overrides):
    return {"done_on": done_on.isoformat(), "result": "r", "conclusions": "c", **overrides}


def test_editing_the_date_of_the_latest_occurrence_moves_the_next_due_date(client_qm, org_a):
    activity = make_activity(org_a, interval_count=3, interval_unit="months")
    client_qm.post(url("occurrence_create", org_a, activity.pk), _occurrence_data(today()))
    occurrence = activity.occurrences.get()
    earlier = today() - timedelta(days=10)
    response = client_qm.post(
        url("occurrence_edit", org_a, activity.pk, occurrence.pk), _occurrence_data(earlier), follow=True
    )
    activity.refresh_from_db()
    assert activity.next_due == activity.next_due_after(earlier)
    occurrence.refresh_from_db()
    assert occurrence.done_on == earlier and occurrence.due_date == today() + timedelta(days=5)
    assert "Nächste Fälligkeit:" in response.content.decode()


def test_editing_an_occurrence_with_bad_input_changes_nothing(client_qm, org_a):
    activity = make_activity(org_a)
    client_qm.post(url("occurrence_create", org_a, activity.pk), _occurrence_data(today()))
    activity.refresh_from_db()
    before = activity.next_due
    occurrence = activity.occurrences.get()
    response = client_qm.post(
        url("occurrence_edit", org_a, activity.pk, occurrence.pk),
        _occurrence_data(today() + timedelta(days=1)),
    )
    assert "Das Datum der Durchführung darf nicht in der Zukunft liegen." in response.content.decode()
    response = client_qm.post(url("occurrence_edit", org_a, activity.pk, occurrence.pk), {})
    assert "Bitte halten Sie das Ergebnis fest." in response.content.decode()
    activity.refresh_from_db()
    occurrence.refresh_from_db()
    assert activity.next_due == before and occurrence.done_on == today() and occurrence.result == "r"


def test_delete_occurrence_asks_first_and_restores_the_schedule(client_qm, org_a):
    activity = make_activity(org_a, due_in=-3)
    due = activity.next_due
    client_qm.post(url("occurrence_create", org_a, activity.pk), _occurrence_data(today()))
    occurrence = activity.occurrences.get()
    delete_url = url("occurrence_delete", org_a, activity.pk, occurrence.pk)
    assert delete_url in client_qm.get(url("detail", org_a, activity.pk)).content.decode()
    assert (
        delete_url
        in client_qm.get(url("occurrence_edit", org_a, activity.pk, occurrence.pk)).content.decode()
    )
    page = client_qm.get(delete_url)  # a plain form, works without JavaScript
    text = page.content.decode()
    assert page.status_code == 200 and '<form method="post"' in text and "Endgültig löschen" in text
    assert f"wird auf den {due:%d.%m.%Y} zurückgesetzt" in text
    assert Occurrence.objects.exists()
    response = client_qm.post(delete_url, follow=True)
    assert not Occurrence.objects.exists()
    activity.refresh_from_db()
    assert activity.next_due == due
    assert f"Nächste Fälligkeit: {due:%d.%m.%Y}." in response.content.decode()


def test_delete_occurrence_needs_write_level_and_the_right_activity(client, org_a, reader_a, qm_a):
    one, other = make_activity(org_a), make_activity(org_a)
    occurrence = Occurrence.objects.create(activity=other, done_on=today(), result="r", conclusions="c")
    client.force_login(reader_a)
    assert client.post(url("occurrence_delete", org_a, other.pk, occurrence.pk)).status_code == 403
    assert (
        url("occurrence_delete", org_a, other.pk, occurrence.pk)
        not in client.get(url("detail", org_a, other.pk)).content.decode()
    )
    client.force_login(qm_a)
    assert client.post(url("occurrence_delete", org_a, one.pk, occurrence.pk)).status_code == 404
    assert Occurrence.objects.exists()


def test_occurrence_of_another_activity_is_404(client_qm, org_a):
    one, other = make_activity(org_a), make_activity(org_a)
    occurrence = Occurrence.objects.create(activity=other, done_on=today(), result="r", conclusions="c")
    assert client_qm.get(url("occurrence_edit", org_a, one.pk, occurrence.pk)).status_code == 404


# --- standard activities ---------------------------------------------------------------------------


def test_standard_page_creates_the_chosen_activities(client_qm, org_a, qm_a):
    make_activity(org_a, type="evaluation")
    text = client_qm.get(url("standard", org_a)).content.decode()
    assert "Kennzahlenbericht erstellen" in text and "Dienstleistungsprozesse evaluieren" not in text
    response = client_qm.post(url("standard", org_a), {"types": ["material", "internal_audit"]}, follow=True)
    assert "2 Tätigkeiten wurden angelegt." in response.content.decode()
    assert set(Activity.objects.values_list("type", flat=True)) == {
        "evaluation",
        "material",
        "internal_audit",
    }
    assert Activity.objects.get(type="material").owner == qm_a


def test_standard_page_bad_input(client_qm, org_a):
    response = client_qm.post(url("standard", org_a), {"types": ["nonsense"]})
    assert "nonsense ist keine gültige Auswahl" in response.content.decode()
    response = client_qm.post(url("standard", org_a), {})
    assert "Bitte wählen Sie mindestens eine Tätigkeit." in response.content.decode()
    assert not Activity.objects.exists()


def test_standard_page_when_everything_exists(client_qm, org_a, qm_a):
    client_qm.post(url("standard", org_a), {"types": [s for s in Activity.Type.values if s != "other"]})
    assert Activity.objects.count() == 11
    text = client_qm.get(url("standard", org_a)).content.decode()
    assert "Alle Standardtätigkeiten sind bereits angelegt." in text
    assert url("standard", org_a) not in client_qm.get(url("list", org_a)).content.decode()


def test_standard_page_needs_manage_level(client, org_a):
    staff = add_member(org_a, STAFF, "fachkraft@alpha.example")
    client.force_login(staff)
    assert client.post(url("standard", org_a), {"types": ["material"]}).status_code == 403
    assert not Activity.objects.exists()


# --- due page ----------------------------------------------------------------------------------------


def test_due_page_groups_items_of_all_apps(client_qm, org_a, qm_a, leitung_a, cycle_a, org_b):
    make_activity(org_a, qm_a, due_in=-2, title="Überfällige Begehung")
    sunday = today() + timedelta(days=6 - today().weekday())
    make_activity(org_a, leitung_a, due_in=(sunday - today()).days, title="Diese Woche fällig")
    make_activity(org_a, None, due_in=(sunday - today()).days + 1, title="Später fällig")
    make_activity(org_a, qm_a, due_in=15, title="Zu weit weg")
    make_activity(org_a, qm_a, due_in=-1, title="Inaktiv", active=False)
    make_activity(org_b, due_in=1, title="Andere Organisation")
    row = cycle_a.assessments.select_related("requirement").first()
    Assessment.objects.filter(pk=row.pk).update(due_date=today() + timedelta(days=3), responsible=qm_a)
    response = client_qm.get(url("due", org_a))
    text = response.content.decode()
    overdue, week, later = (items for _key, _label, items in response.context["groups"])
    assert [i.title for i in overdue] == ["Überfällige Begehung"]
    assert "Diese Woche fällig" in [i.title for i in week]
    assert "Später fällig" in [i.title for i in later]
    assert row.requirement.code in text  # from the self-assessment provider
    for absent in ("Zu weit weg", "Inaktiv", "Andere Organisation"):
        assert absent not in text
    assert leitung_a.name in text


def test_due_page_only_mine(client_qm, org_a, qm_a, leitung_a):
    make_activity(org_a, qm_a, title="Meine Aufgabe")
    make_activity(org_a, leitung_a, title="Aufgabe der Leitung")
    text = client_qm.get(url("due", org_a) + "?mine=on").content.decode()
    assert "Meine Aufgabe" in text and "Aufgabe der Leitung" not in text


@pytest.mark.parametrize("rows", [3, 60])
def test_due_page_query_count_is_fixed(
    client_qm, org_a, qm_a, leitung_a, rows, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(deadlines, "_providers", [activity_due_items])
    for i in range(rows):
        make_activity(org_a, qm_a if i % 2 else leitung_a, due_in=i % 20 - 5, title=f"T{i}")
    client_qm.get(url("due", org_a))
    # session, user, membership, activities, owners, calendar feed
    with django_assert_num_queries(6):
        response = client_qm.get(url("due", org_a))
    assert response.status_code == 200


def test_dashboard_box_shows_own_items(client_qm, org_a, qm_a, leitung_a):
    make_activity(org_a, qm_a, due_in=-1, title="Meine überfällige Tätigkeit")
    make_activity(org_a, qm_a, due_in=10, title="Meine bald fällige Tätigkeit")
    make_activity(org_a, leitung_a, due_in=2, title="Tätigkeit der Leitung")
    make_activity(org_a, qm_a, due_in=20, title="Noch lange hin")
    text = client_qm.get(reverse("dashboard", args=[org_a.slug])).content.decode()
    assert "Fällig in den nächsten 14 Tagen" in text
    assert "Meine überfällige Tätigkeit" in text and "Meine bald fällige Tätigkeit" in text
    assert "Tätigkeit der Leitung" not in text and "Noch lange hin" not in text
    assert url("due", org_a) in text
