from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gelingen.quality.leitbild import drafts
from gelingen.quality.leitbild.current import current_version
from gelingen.quality.leitbild.models import SECTION_KEYS, LeitbildVersion, Participation, RevisionPlan

pytestmark = pytest.mark.django_db
ALL = {key: f"Text zu {key}" for key, _label in SECTION_KEYS}


def url(name, org, *args):
    return reverse(f"leitbild:{name}", args=[org.slug, *args])


def publish_version(org, user, texts=ALL, note="Erste Fassung"):
    draft = drafts.start_draft(org, user, copy_current=False)
    drafts.save_draft(draft, user, "", texts, draft.edit_count)
    return drafts.publish(draft, user, note)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(draft, **texts):
    return {"edit_count": draft.edit_count, "preamble": "", **dict.fromkeys(ALL, ""), **texts}


# overview --------------------------------------------------------------------------------------


def test_overview_without_leitbild_invites_to_start(client_qm, org_a):
    text = client_qm.get(url("overview", org_a)).content.decode()
    assert "Es ist noch keine Version des Leitbilds veröffentlicht." in text
    assert "Leeren Entwurf anlegen" in text


def test_overview_shows_current_version_completeness_and_records(client_qm, org_a, qm_a):
    publish_version(org_a, qm_a, {**ALL, "resources": "", "capabilities": ""})
    Participation.objects.create(
        organisation=org_a, held_on=timezone.localdate(), participants="gesamtes Team, 2 Ehrenamtliche"
    )
    RevisionPlan.objects.create(
        organisation=org_a, responsible=qm_a, next_revision_on=timezone.localdate() + timedelta(30)
    )
    text = client_qm.get(url("overview", org_a)).content.decode()
    assert "6 von 8 Spezifikationen beschrieben; es fehlen: Fähigkeiten, Ressourcen" in text
    assert "Text zu dgd" in text
    assert "gesamtes Team, 2 Ehrenamtliche" in text
    assert qm_a.name in text
    assert "Stand zu den Anforderungen in QB1" in text


def test_reader_sees_everything_but_no_write_controls(client_reader, org_a, qm_a):
    publish_version(org_a, qm_a)
    drafts.start_draft(org_a, qm_a)
    text = client_reader.get(url("overview", org_a)).content.decode()
    assert "Text zu identity" in text and "Entwurf ansehen" in text
    assert url("publish", org_a) not in text and url("participation_add", org_a) not in text
    draft_page = client_reader.get(url("draft_edit", org_a)).content.decode()
    assert "<textarea" not in draft_page and "Text zu identity" in draft_page


# drafts ----------------------------------------------------------------------------------------


def test_start_edit_and_save_a_draft(org_a, staff_a):
    client = as_user(staff_a)
    response = client.post(url("draft_start", org_a), {"base": "blank"})
    assert response.status_code == 302 and response.url == url("draft_edit", org_a)
    draft = drafts.draft_of(org_a)
    page = client.get(url("draft_edit", org_a)).content.decode()
    assert "Leitfragen:" not in page  # no catalogue in this test
    assert "0 von 8 Spezifikationen beschrieben" in page
    response = client.post(url("draft_edit", org_a), form_data(draft, values="Respekt", dgd="Gelungen ist …"))
    assert response.status_code == 302
    assert drafts.section_texts(drafts.draft_of(org_a))["values"] == "Respekt"
    # saving again works (the counter moved on)
    draft.refresh_from_db()
    client.post(url("draft_edit", org_a), form_data(draft, values="Respekt und Vertrauen"))
    assert drafts.section_texts(draft)["values"] == "Respekt und Vertrauen"
    assert current_version(org_a) is None  # nothing published yet


def test_draft_page_shows_guiding_questions(client_qm, org_a, qm_a, cycle_a):
    drafts.start_draft(org_a, qm_a)
    text = client_qm.get(url("draft_edit", org_a)).content.decode()
    assert "Leitfragen: Woran erkennen wir" in text


def test_stale_draft_form_is_refused_with_a_clear_message(client_qm, org_a, qm_a, staff_a):
    draft = drafts.start_draft(org_a, qm_a, copy_current=False)
    stale = form_data(draft, values="meine Fassung")
    drafts.save_draft(draft, staff_a, "", {"values": "andere Fassung"}, draft.edit_count)
    response = client_qm.post(url("draft_edit", org_a), stale)
    assert response.status_code == 200
    assert "inzwischen von einer anderen Person gespeichert" in response.content.decode()
    assert drafts.section_texts(draft)["values"] == "andere Fassung"


def test_too_long_text_is_refused(client_qm, org_a, qm_a):
    draft = drafts.start_draft(org_a, qm_a, copy_current=False)
    response = client_qm.post(url("draft_edit", org_a), form_data(draft, values="x" * 20001))
    assert "höchstens 20000 Zeichen" in response.content.decode()
    assert drafts.section_texts(draft)["values"] == ""


def test_draft_page_without_draft_offers_to_start(client_qm, org_a):
    text = client_qm.get(url("draft_edit", org_a)).content.decode()
    assert "Zurzeit gibt es keinen Entwurf." in text


def test_reader_cannot_start_or_save(client_reader, org_a, qm_a):
    assert client_reader.post(url("draft_start", org_a), {"base": "blank"}).status_code == 403
    draft = drafts.start_draft(org_a, qm_a)
    assert client_reader.post(url("draft_edit", org_a), form_data(draft, values="x")).status_code == 403
    assert drafts.section_texts(draft)["values"] == ""


def test_discard_needs_manage_level(org_a, qm_a, staff_a):
    drafts.start_draft(org_a, qm_a)
    assert as_user(staff_a).post(url("draft_discard", org_a)).status_code == 403
    assert as_user(qm_a).get(url("draft_discard", org_a)).status_code == 200
    assert as_user(qm_a).post(url("draft_discard", org_a)).status_code == 302
    assert drafts.draft_of(org_a) is None


# publish ---------------------------------------------------------------------------------------


def test_publish_with_change_note(client_qm, org_a, qm_a):
    v1 = publish_version(org_a, qm_a)
    draft = drafts.start_draft(org_a, qm_a)
    drafts.save_draft(draft, qm_a, "", {**ALL, "dgd": "neue DgD"}, draft.edit_count)
    page = client_qm.get(url("publish", org_a)).content.decode()
    assert "Alle 8 Spezifikationen sind beschrieben." in page
    response = client_qm.post(url("publish", org_a), {"change_note": "DgD überarbeitet"})
    v2 = current_version(org_a)
    assert response.status_code == 302 and response.url == url("communication", org_a, v2.pk)
    assert v2.pk == draft.pk and v2.change_note == "DgD überarbeitet" and v2.published_by == qm_a
    assert drafts.section_texts(v1)["dgd"] == "Text zu dgd"


def test_publish_without_change_note_saves_nothing(client_qm, org_a, qm_a):
    draft = drafts.start_draft(org_a, qm_a)
    drafts.save_draft(draft, qm_a, "", ALL, draft.edit_count)
    response = client_qm.post(url("publish", org_a), {"change_note": "  "})
    assert "Bitte beschreiben Sie kurz, was sich geändert hat." in response.content.decode()
    assert current_version(org_a) is None


def test_publish_empty_post_asks_for_the_change_note(client_qm, org_a, qm_a):
    draft = drafts.start_draft(org_a, qm_a)
    drafts.save_draft(draft, qm_a, "", ALL, draft.edit_count)
    response = client_qm.post(url("publish", org_a), {})
    assert response.status_code == 200
    assert "Bitte beschreiben Sie kurz, was sich geändert hat." in response.content.decode()
    assert current_version(org_a) is None


def test_publish_page_explains_why_an_unchanged_draft_cannot_be_published(client_qm, org_a, qm_a):
    publish_version(org_a, qm_a)
    drafts.start_draft(org_a, qm_a)
    response = client_qm.post(url("publish", org_a), {"change_note": "nichts"})
    assert "unterscheidet sich nicht von der geltenden Fassung" in response.content.decode()
    assert LeitbildVersion.objects.filter(organisation=org_a, published_at__isnull=False).count() == 1


def test_staff_cannot_publish(org_a, qm_a, staff_a):
    draft = drafts.start_draft(org_a, qm_a)
    drafts.save_draft(draft, qm_a, "", ALL, draft.edit_count)
    assert as_user(staff_a).post(url("publish", org_a), {"change_note": "x"}).status_code == 403
    assert current_version(org_a) is None


# versions and diff -----------------------------------------------------------------------------


def test_history_detail_and_diff(client_qm, org_a, qm_a):
    v1 = publish_version(org_a, qm_a)
    draft = drafts.start_draft(org_a, qm_a)
    drafts.save_draft(draft, qm_a, "", {**ALL, "values": "Text zu values und Respekt"}, draft.edit_count)
    history = client_qm.get(url("history", org_a)).content.decode()
    assert "Version 2 (Entwurf)" in history and "geltende Fassung" in history and "Erste Fassung" in history
    assert f"?old={v1.pk}&amp;new={draft.pk}" in history
    detail = client_qm.get(url("version", org_a, v1.pk)).content.decode()
    assert "Dies ist die geltende Fassung." in detail and "Text zu values" in detail
    diff = client_qm.get(url("diff", org_a) + f"?old={v1.pk}&new={draft.pk}").content.decode()
    assert "1 Abschnitt geändert" in diff
    assert '<ins><span class="visually-hidden">[eingefügt: </span> und Respekt' in diff
    assert "Legende" in diff
    default = client_qm.get(url("diff", org_a)).content.decode()
    assert "1 Abschnitt geändert" in default


def test_diff_of_a_foreign_version_is_404(client_qm, org_a, org_b, qm_a, qm_b):
    mine = publish_version(org_a, qm_a)
    theirs = publish_version(org_b, qm_b)
    assert client_qm.get(url("diff", org_a) + f"?old={mine.pk}&new={theirs.pk}").status_code == 404
    assert client_qm.get(url("diff", org_a) + "?old=x&new=1").status_code == 404


def test_diff_with_a_single_version(client_qm, org_a, qm_a):
    publish_version(org_a, qm_a)
    text = client_qm.get(url("diff", org_a)).content.decode()
    assert "mindestens zwei Versionen" in text


@pytest.mark.parametrize("n", [3, 60])
def test_history_query_count_is_fixed(client_qm, org_a, qm_a, n, django_assert_num_queries):
    now = timezone.now()
    versions = LeitbildVersion.objects.bulk_create(
        LeitbildVersion(organisation=org_a, number=i + 1, published_at=now, published_by=qm_a)
        for i in range(n)
    )
    assert len(versions) == n
    client_qm.get(url("history", org_a))
    # session, user, membership, count, page of versions, sections, numbers, current version
    with django_assert_num_queries(8):
        client_qm.get(url("history", org_a))


# communication and revision --------------------------------------------------------------------


def test_communication_flags(client_qm, org_a, qm_a):
    v1 = publish_version(org_a, qm_a)
    today = timezone.localdate()
    data = {
        "written_on": (today - timedelta(10)).isoformat(),
        "internal_on": (today - timedelta(5)).isoformat(),
        "internal_channel": "Teamsitzung",
        "external_on": today.isoformat(),
        "external_channel": "Website",
    }
    assert client_qm.post(url("communication", org_a, v1.pk), data).status_code == 302
    v1.refresh_from_db()
    assert v1.is_written and v1.is_communicated_internally and v1.is_published_externally
    text = client_qm.get(url("overview", org_a)).content.decode()
    assert "über Teamsitzung" in text and "über Website" in text


def test_communication_bad_input_saves_nothing(client_qm, org_a, qm_a):
    v1 = publish_version(org_a, qm_a)
    today = timezone.localdate()
    response = client_qm.post(
        url("communication", org_a, v1.pk),
        {"written_on": (today + timedelta(1)).isoformat(), "internal_on": today.isoformat()},
    )
    text = response.content.decode()
    assert "Das Datum darf nicht in der Zukunft liegen." in text
    assert "Bitte nennen Sie den Weg" in text
    v1.refresh_from_db()
    assert v1.written_on is None and v1.internal_on is None


def test_communication_only_for_published_versions(client_qm, org_a, qm_a):
    draft = drafts.start_draft(org_a, qm_a)
    assert client_qm.get(url("communication", org_a, draft.pk)).status_code == 404


def test_staff_may_record_communication(org_a, qm_a, staff_a):
    v1 = publish_version(org_a, qm_a)
    data = {"written_on": timezone.localdate().isoformat()}
    assert as_user(staff_a).post(url("communication", org_a, v1.pk), data).status_code == 302


def test_revision_plan(client_qm, org_a, qm_a, staff_a):
    next_date = timezone.localdate() + timedelta(200)
    data = {"responsible": staff_a.pk, "next_revision_on": next_date.isoformat(), "rhythm": "alle 2 Jahre"}
    assert client_qm.post(url("revision", org_a), data).status_code == 302
    plan = RevisionPlan.objects.get(organisation=org_a)
    assert (plan.responsible, plan.next_revision_on, plan.updated_by) == (staff_a, next_date, qm_a)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"next_revision_on": "2000-01-01"}, "darf nicht in der Vergangenheit liegen"),
        ({"rhythm": "regelmäßig"}, "„regelmäßig“ ohne konkretes Intervall"),
        ({"responsible": "foreign"}, "Bitte wählen Sie eine Person aus Ihrer Organisation."),
        ({"next_revision_on": "31.02.2030"}, "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_revision_plan_bad_input(client_qm, org_a, qm_b, data, message):
    if data.get("responsible") == "foreign":
        data = {"responsible": qm_b.pk}
    response = client_qm.post(url("revision", org_a), data)
    assert message in response.content.decode()
    assert not RevisionPlan.objects.filter(organisation=org_a).exists()


def test_revision_plan_needs_manage_level(org_a, staff_a):
    assert as_user(staff_a).get(url("revision", org_a)).status_code == 200
    assert as_user(staff_a).post(url("revision", org_a), {"rhythm": "jährlich"}).status_code == 403


# participation ---------------------------------------------------------------------------------


def test_participation_add_edit_delete(org_a, qm_a, staff_a):
    client = as_user(staff_a)
    v1 = publish_version(org_a, qm_a)
    day = timezone.localdate() - timedelta(3)
    data = {
        "held_on": day.isoformat(),
        "format": "workshop",
        "participants": "gesamtes Team, 2 Ehrenamtliche",
        "version": v1.pk,
        "note": "Werte diskutiert",
    }
    assert client.post(url("participation_add", org_a), data).status_code == 302
    entry = Participation.objects.get(organisation=org_a)
    assert (entry.version, entry.created_by, entry.held_on) == (v1, staff_a, day)
    listing = client.get(url("participation_list", org_a)).content.decode()
    assert "gesamtes Team, 2 Ehrenamtliche" in listing and "Workshop" in listing
    data["format"] = "survey"
    assert client.post(url("participation_edit", org_a, entry.pk), data).status_code == 302
    entry.refresh_from_db()
    assert entry.format == "survey"
    assert client.get(url("participation_delete", org_a, entry.pk)).status_code == 200
    assert client.post(url("participation_delete", org_a, entry.pk)).status_code == 302
    assert not Participation.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_on": "2999-01-01"}, "Das Datum darf nicht in der Zukunft liegen."),
        ({"participants": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"format": "party"}, "Bitte eine gültige Auswahl treffen."),
        ({"version": "foreign"}, "Bitte wählen Sie eine Version Ihres Leitbilds."),
    ],
)
def test_participation_bad_input(client_qm, org_a, org_b, qm_b, change, message):
    if change.get("version") == "foreign":
        change = {"version": publish_version(org_b, qm_b).pk}
    data = {
        "held_on": timezone.localdate().isoformat(),
        "format": "meeting",
        "participants": "Team",
        **change,
    }
    response = client_qm.post(url("participation_add", org_a), data)
    assert message in response.content.decode()
    assert not Participation.objects.filter(organisation=org_a).exists()


def test_participation_empty_post_shows_required_fields(client_qm, org_a):
    response = client_qm.post(url("participation_add", org_a), {})
    text = response.content.decode()
    assert response.status_code == 200 and text.count("Dieses Feld ist zwingend erforderlich.") >= 2
    assert not Participation.objects.exists()
    entry = Participation.objects.create(
        organisation=org_a, held_on=timezone.localdate(), participants="Team"
    )
    text = client_qm.post(url("participation_edit", org_a, entry.pk), {}).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in text
    entry.refresh_from_db()
    assert entry.participants == "Team"


def test_revision_responsible_choices_are_the_members(client_qm, org_a, qm_a, staff_a, qm_b):
    field = client_qm.get(url("revision", org_a)).context["form"].fields["responsible"]
    assert set(field.queryset) == {qm_a, staff_a}


def test_lists_use_the_shared_pagination(client_qm, org_a, qm_a):
    now = timezone.now()
    LeitbildVersion.objects.bulk_create(
        LeitbildVersion(organisation=org_a, number=i + 1, published_at=now, published_by=qm_a)
        for i in range(55)
    )
    Participation.objects.bulk_create(
        Participation(organisation=org_a, held_on=timezone.localdate(), participants=f"Team {i}")
        for i in range(55)
    )
    for name in ("history", "participation_list"):
        response = client_qm.get(url(name, org_a) + "?page=2")
        text = response.content.decode()
        assert "core/_pagination.html" in [t.name for t in response.templates]
        assert "Seite 2 von 2" in text and 'href="?page=1"' in text


def test_reader_cannot_change_participation(client_reader, org_a):
    entry = Participation.objects.create(
        organisation=org_a, held_on=timezone.localdate(), participants="Team"
    )
    assert client_reader.get(url("participation_list", org_a)).status_code == 200
    assert client_reader.post(url("participation_delete", org_a, entry.pk)).status_code == 403
    assert Participation.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("n", [3, 60])
def test_participation_list_query_count_is_fixed(client_qm, org_a, qm_a, n, django_assert_num_queries):
    version = publish_version(org_a, qm_a)
    Participation.objects.bulk_create(
        Participation(
            organisation=org_a, version=version, held_on=timezone.localdate(), participants=f"Team {i}"
        )
        for i in range(n)
    )
    client_qm.get(url("participation_list", org_a))
    # session, user, membership, count, page of entries with versions
    with django_assert_num_queries(5):
        client_qm.get(url("participation_list", org_a))


def test_navigation_entry(client_qm, org_a):
    text = client_qm.get(url("overview", org_a)).content.decode()
    assert f'<a href="/o/{org_a.slug}/leitbild/" aria-current="page">Leitbild</a>' in text


def test_reader_sees_forms_only_as_a_note(client_reader, org_a, qm_a):
    v1 = publish_version(org_a, qm_a)
    for name, args in (("communication", [v1.pk]), ("participation_add", []), ("revision", [])):
        text = client_reader.get(url(name, org_a, *args)).content.decode()
        assert (
            "Ihre Rolle erlaubt hier nur das Lesen." in text
            and 'method="post"' not in text.split("<main")[1].split("</main>")[0]
        )
