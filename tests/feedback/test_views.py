import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gelingen.core import deadlines
from gelingen.quality.feedback.deadlines import complaint_due_items
from gelingen.quality.feedback.models import Feedback

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"feedback:{name}", args=[org.slug, *args])


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make(org, days_ago=0, kind="suggestion", status="new", **kwargs):
    kwargs.setdefault("text", f"{kind} vor {days_ago} Tagen")
    return Feedback.objects.create(
        organisation=org,
        kind=kind,
        status=status,
        received_on=timezone.localdate() - timedelta(days_ago),
        **kwargs,
    )


def entry_data(**change):
    return {
        "kind": "complaint",
        "source": "institutional",
        "channel": "email",
        "received_on": timezone.localdate().isoformat(),
        "area": "",
        "text": "Das Jugendamt bittet um schnellere Berichte.",
        "status": "new",
        **change,
    }


# list ------------------------------------------------------------------------------------------


def test_list_shows_entries_flags_and_public_link(client_qm, org_a, org_b):
    make(org_a, 40, "complaint")
    make(org_a, 3, "praise", text="Danke für die Hilfe")
    make(org_b, 1, text="fremd")
    response = client_qm.get(url("list", org_a))
    text = response.content.decode()
    assert "2 Rückmeldungen" in text
    assert "Danke für die Hilfe" in text and "fremd" not in text
    assert "über 30 Tage offen" in text
    assert "1 Beschwerde ist seit mehr als 30 Tagen offen." in text
    assert f"http://testserver/feedback/{org_a.slug}/" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=complaint", {"alte Beschwerde", "neue Beschwerde", "erledigte Beschwerde"}),
        ("status=done", {"erledigte Beschwerde"}),
        ("source=staff", {"Idee aus dem Team"}),
        ("overdue=on", {"alte Beschwerde"}),
        ("channel=online", {"neue Beschwerde"}),
    ],
)
def test_filters(client_qm, org_a, query, expected):
    make(org_a, 45, "complaint", text="alte Beschwerde")
    make(org_a, 2, "complaint", text="neue Beschwerde", channel="online")
    make(org_a, 60, "complaint", "done", text="erledigte Beschwerde", consequence="geklärt")
    make(org_a, 1, "suggestion", text="Idee aus dem Team", source="staff")
    response = client_qm.get(url("list", org_a) + "?" + query)
    rows = {e.text for e, _overdue in response.context["rows"]}
    assert rows == expected


def test_list_paginates_and_keeps_filters(client_qm, org_a):
    Feedback.objects.bulk_create(
        Feedback(organisation=org_a, kind="praise", received_on=timezone.localdate(), text=f"Lob {i}")
        for i in range(55)
    )
    text = client_qm.get(url("list", org_a) + "?kind=praise").content.decode()
    assert "55 Rückmeldungen" in text and "Seite 1 von 2" in text
    assert "?kind=praise&amp;page=2" in text
    assert "Seite 2 von 2" in client_qm.get(url("list", org_a) + "?kind=praise&page=2").content.decode()
    # the CSV link keeps the filter but not the page
    assert url("export", org_a) + "?kind=praise" in text
    page_2 = client_qm.get(url("list", org_a) + "?page=2&kind=praise").content.decode()
    assert url("export", org_a) + "?kind=praise" in page_2 and "export/?page" not in page_2
    assert len(client_qm.get(url("list", org_a) + "?page=2").context["rows"]) == 5


@pytest.mark.parametrize("n", [3, 60])
def test_list_query_count_is_fixed(client_qm, org_a, qm_a, n, django_assert_num_queries):
    Feedback.objects.bulk_create(
        Feedback(
            organisation=org_a,
            kind="complaint",
            received_on=timezone.localdate() - timedelta(40),
            text=f"Beschwerde {i}",
            handler=qm_a,
        )
        for i in range(n)
    )
    client_qm.get(url("list", org_a))
    # session, user, membership, count, page with handlers, overdue count
    with django_assert_num_queries(6):
        client_qm.get(url("list", org_a))


# create, detail, edit, delete --------------------------------------------------------------------


def test_create_entry(client_qm, org_a, qm_a, cycle_a):
    response = client_qm.post(url("create", org_a), entry_data(area="11", handler=qm_a.pk, contact="0511 1"))
    entry = Feedback.objects.get(organisation=org_a)
    assert response.status_code == 302 and response.url == url("detail", org_a, entry.pk)
    assert (entry.kind, entry.area, entry.handler, entry.created_by) == ("complaint", 11, qm_a, qm_a)
    detail = client_qm.get(response.url).content.decode()
    assert "QB11 Kundenkommunikation" in detail and "0511 1" in detail


def test_area_choices_without_cycle_are_all_catalogue_areas(client_qm, org_a, kqs):
    response = client_qm.get(url("create", org_a))
    choices = response.context["form"].fields["area"].choices
    assert choices[0] == ("", "– ohne Zuordnung –")
    assert [number for number, _label in choices[1:]] == list(range(1, 16))
    response = client_qm.post(url("create", org_a), entry_data(area="16"))
    assert "Bitte wählen Sie einen Qualitätsbereich." in response.content.decode()
    assert not Feedback.objects.exists()


def test_area_choices_follow_the_cycles_including_chosen_optional_areas(client_qm, org_a, cycle_a, kqs):
    response = client_qm.get(url("create", org_a))
    numbers = [number for number, _label in response.context["form"].fields["area"].choices[1:]]
    assert numbers == list(range(1, 13))
    response = client_qm.post(url("create", org_a), entry_data(area="14"))
    assert "Bitte wählen Sie einen Qualitätsbereich." in response.content.decode()
    assert not Feedback.objects.exists()

    cycle_a.optional_areas.add(kqs.areas.get(number=14))
    response = client_qm.get(url("create", org_a))
    choices = response.context["form"].fields["area"].choices
    assert [number for number, _label in choices[1:]] == [*range(1, 13), 14]
    assert choices[-1] == (14, "QB14 Projektmanagement")
    response = client_qm.post(url("create", org_a), entry_data(area="14"))
    entry = Feedback.objects.get(organisation=org_a)
    assert entry.area == 14
    assert "QB14 Projektmanagement" in client_qm.get(url("detail", org_a, entry.pk)).content.decode()


def test_handler_choices_are_the_members(client_qm, org_a, qm_a, staff_a, qm_b):
    handlers = list(client_qm.get(url("create", org_a)).context["form"].fields["handler"].queryset)
    assert set(handlers) == {qm_a, staff_a}


def test_empty_post_shows_required_fields_and_saves_nothing(client_qm, org_a):
    response = client_qm.post(url("create", org_a), {})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie den Inhalt der Rückmeldung ein." in text
    assert "Dieses Feld ist zwingend erforderlich." in text
    assert not Feedback.objects.exists()
    entry = make(org_a, text="bleibt")
    text = client_qm.post(url("edit", org_a, entry.pk), {}).content.decode()
    assert "Bitte geben Sie den Inhalt der Rückmeldung ein." in text
    entry.refresh_from_db()
    assert entry.text == "bleibt"


def test_detail_names_the_public_form_only_for_online_entries(client_qm, org_a, staff_a):
    public = make(org_a, text="öffentlich", channel="online")
    orphan = make(org_a, text="Person gelöscht", channel="phone")  # creator's account was removed
    staff = make(org_a, text="vom Team", channel="online", created_by=staff_a)
    assert "über das öffentliche Formular" in client_qm.get(url("detail", org_a, public.pk)).content.decode()
    assert (
        "über das öffentliche Formular" not in client_qm.get(url("detail", org_a, orphan.pk)).content.decode()
    )
    text = client_qm.get(url("detail", org_a, staff.pk)).content.decode()
    assert "über das öffentliche Formular" not in text and staff_a.name in text


def test_done_without_consequence_is_refused(client_qm, org_a):
    response = client_qm.post(url("create", org_a), entry_data(status="done"))
    assert response.status_code == 200
    assert (
        "Eine Rückmeldung kann erst als erledigt markiert werden, wenn die gezogene Konsequenz "
        "eingetragen ist." in response.content.decode()
    )
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": ""}, "Bitte geben Sie den Inhalt der Rückmeldung ein."),
        ({"received_on": "2999-01-01"}, "Das Eingangsdatum darf nicht in der Zukunft liegen."),
        ({"kind": "spam"}, "Bitte eine gültige Auswahl treffen."),
        ({"handler": "foreign"}, "Bitte wählen Sie eine Person aus Ihrer Organisation."),
        ({"informed_on": "2000-01-01"}, "Das Datum kann nicht vor dem Eingang der Rückmeldung liegen."),
    ],
)
def test_create_bad_input(client_qm, org_a, qm_b, change, message):
    if change.get("handler") == "foreign":
        change = {"handler": qm_b.pk}
    response = client_qm.post(url("create", org_a), entry_data(**change))
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_mark_done_with_consequence_sets_the_date(org_a, staff_a):
    entry = make(org_a, 10, "complaint")
    client = as_user(staff_a)
    data = entry_data(
        received_on=entry.received_on.isoformat(),
        status="done",
        consequence="Rückrufliste eingeführt",
        informed="Beschwerdeführerin telefonisch",
        informed_on=timezone.localdate().isoformat(),
    )
    assert client.post(url("edit", org_a, entry.pk), data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "done" and entry.done_on == timezone.localdate()
    assert entry.informed == "Beschwerdeführerin telefonisch"
    # reopening clears the date
    data.update(status="in_progress", done_on="")
    client.post(url("edit", org_a, entry.pk), data)
    entry.refresh_from_db()
    assert entry.done_on is None


def test_contact_is_only_shown_to_members_who_may_write(client_reader, org_a, staff_a):
    entry = make(org_a, contact_name="Erika Muster", contact="erika@example.org")
    hidden = client_reader.get(url("detail", org_a, entry.pk)).content.decode()
    assert "erika@example.org" not in hidden and "Erika Muster" not in hidden
    assert "nur für Mitarbeitende mit Schreibrecht sichtbar" in hidden
    shown = as_user(staff_a).get(url("detail", org_a, entry.pk)).content.decode()
    assert "erika@example.org" in shown
    listing = as_user(staff_a).get(url("list", org_a)).content.decode()
    assert "erika@example.org" not in listing and "Erika Muster" not in listing


def test_reader_cannot_create_or_edit(client_reader, org_a):
    entry = make(org_a)
    assert client_reader.get(url("detail", org_a, entry.pk)).status_code == 200
    assert client_reader.post(url("create", org_a), entry_data()).status_code == 403
    assert client_reader.post(url("edit", org_a, entry.pk), entry_data()).status_code == 403
    assert Feedback.objects.count() == 1
    text = client_reader.get(url("list", org_a)).content.decode()
    assert url("create", org_a) not in text
    form_page = client_reader.get(url("edit", org_a, entry.pk)).content.decode()
    assert "Ihre Rolle erlaubt hier nur das Lesen." in form_page


def test_delete_needs_manage_level(org_a, qm_a, staff_a):
    entry = make(org_a)
    assert as_user(staff_a).post(url("delete", org_a, entry.pk)).status_code == 403
    assert as_user(qm_a).get(url("delete", org_a, entry.pk)).status_code == 200
    assert as_user(qm_a).post(url("delete", org_a, entry.pk)).status_code == 302
    assert not Feedback.objects.exists()


# evaluation, export, deadlines -----------------------------------------------------------------


def test_evaluation_page(client_qm, org_a):
    make(org_a, 0, "praise", channel="sheet")
    make(org_a, 40, "complaint", channel="phone", text="Lange Wartezeit")
    make(org_a, 500, "suggestion")  # outside the 12 months
    text = client_qm.get(url("evaluation", org_a)).content.decode()
    assert "2 Rückmeldungen in 12 Monaten" in text
    assert "<svg" in text and "Zahlen als Tabelle" in text
    assert "Rückmeldungen nach Art, letzte 12 Monate" in text
    assert "Rückmeldungen nach Weg, letzte 12 Monate" in text
    assert "Lange Wartezeit" in text and "40 Tagen" in text
    assert "Beschwerden: 1, davon 0 erledigt" in text


def test_evaluation_without_overdue_complaints(client_qm, org_a):
    text = client_qm.get(url("evaluation", org_a)).content.decode()
    assert "Keine Beschwerde ist länger als 30 Tage offen." in text


def test_csv_export_follows_filters_and_leaves_out_contacts(client_qm, org_a):
    make(org_a, 40, "complaint", text="=SUMME(A1)", contact="geheim@example.org", area=11)
    make(org_a, 1, "praise", text="Lob")
    response = client_qm.get(url("export", org_a) + "?kind=complaint")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["eingegangen am", "Art", "Herkunft"]
    assert len(rows) == 2
    assert rows[1][1] == "Beschwerde" and rows[1][4] == "QB11" and rows[1][5] == "'=SUMME(A1)"
    assert rows[1][-1] == "ja"
    received = timezone.localdate() - timedelta(40)
    assert rows[1][0] == received.strftime("%d.%m.%Y")  # short German date
    assert rows[1][10] == "" and rows[1][11] == ""  # not informed, not done
    assert "geheim@example.org" not in content


def test_open_complaints_are_due_30_days_after_receipt(org_a, org_b, qm_a):
    today = timezone.localdate()
    late = make(org_a, 35, "complaint", handler=qm_a)
    soon = make(org_a, 20, "complaint")
    make(org_a, 50, "complaint", "done", consequence="x")
    make(org_a, 50, "suggestion")
    make(org_b, 50, "complaint")
    items = list(complaint_due_items([org_a.pk], today + timedelta(14)))
    assert {i.key for i in items} == {f"feedback.complaint:{late.pk}", f"feedback.complaint:{soon.pk}"}
    by_key = {i.key: i for i in items}
    first = by_key[f"feedback.complaint:{late.pk}"]
    assert first.due == late.received_on + timedelta(30) and first.overdue and first.owner_id == qm_a.pk
    assert first.url == url("detail", org_a, late.pk)
    assert by_key[f"feedback.complaint:{soon.pk}"].owner_id is None
    assert {i.key for i in deadlines.due_items([org_a.pk], today)} >= {f"feedback.complaint:{late.pk}"}


def test_navigation_entry(client_qm, org_a):
    text = client_qm.get(url("evaluation", org_a)).content.decode()
    assert f'<a href="/o/{org_a.slug}/feedback/" aria-current="page">Rückmeldungen</a>' in text
