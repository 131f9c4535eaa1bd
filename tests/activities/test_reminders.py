"""send_reminders: per (item, due date, person) once ahead, once more when overdue; one e-mail per person."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from gelingen.accounts.models import Membership, Organisation
from gelingen.accounts.roles import READONLY, STAFF
from gelingen.core import deadlines
from gelingen.quality.activities import reminders
from gelingen.quality.activities.deadlines import activity_due_items
from gelingen.quality.activities.models import Activity, ReminderLog
from gelingen.quality.activities.reminders import plan
from gelingen.quality.deadlines import assessment_due_items
from gelingen.quality.models import Assessment
from tests.conftest import add_member

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", "--now", TODAY.isoformat(), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def activity(org, owner, due: date, title: str = "Begehung") -> Activity:
    return Activity.objects.create(
        organisation=org,
        type="infrastructure",
        title=title,
        interval_count=1,
        interval_unit="years",
        owner=owner,
        next_due=due,
    )


def test_owners_get_one_email_listing_their_items(settings, org_a, qm_a, leitung_a):
    settings.SITE_URL = "https://gelingen.example"
    first = activity(org_a, qm_a, TODAY + timedelta(days=3), "Räume begehen")
    activity(org_a, qm_a, TODAY - timedelta(days=2), "Material prüfen")
    activity(org_a, leitung_a, TODAY + timedelta(days=14), "Zielvereinbarungen")
    activity(org_a, qm_a, TODAY + timedelta(days=15), "Zu früh")
    activity(org_a, None, TODAY, "Ohne Verantwortliche")
    out = run()
    assert "2 E-Mails mit Erinnerungen gesendet (3 Termine)." in out
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {qm_a.email, leitung_a.email}
    body = by_to[qm_a.email].body
    assert "Überfällig:" in body and "Material prüfen" in body
    assert "In den nächsten 14 Tagen fällig:" in body and "Räume begehen" in body and "13.03.2026" in body
    assert "Zu früh" not in body and "Ohne Verantwortliche" not in body
    assert f"https://gelingen.example{first.get_absolute_url()}" in body
    assert "https://gelingen.example/o/alpha/activities/due/" in body
    assert "&amp;" not in body
    assert by_to[qm_a.email].subject == "Gelingen: 2 Termine fällig oder überfällig"
    assert by_to[leitung_a.email].subject == "Gelingen: 1 Termin in den nächsten Tagen"


def test_second_run_sends_nothing(org_a, qm_a):
    activity(org_a, qm_a, TODAY + timedelta(days=3))
    run()
    assert len(mail.outbox) == 1
    assert "0 E-Mails" in run()
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_changed_due_date_is_reminded_again(org_a, qm_a):
    item = activity(org_a, qm_a, TODAY + timedelta(days=3))
    run()
    item.next_due = TODAY + timedelta(days=10)
    item.save()
    run()
    assert len(mail.outbox) == 2
    assert "20.03.2026" in mail.outbox[1].body


def test_overdue_item_gets_exactly_one_more_reminder(org_a, qm_a):
    activity(org_a, qm_a, TODAY + timedelta(days=1))
    run()  # ahead
    call_command("send_reminders", "--now", (TODAY + timedelta(days=2)).isoformat(), stdout=StringIO())
    call_command("send_reminders", "--now", (TODAY + timedelta(days=3)).isoformat(), stdout=StringIO())
    assert len(mail.outbox) == 2
    assert "Überfällig:" not in mail.outbox[0].body and "Überfällig:" in mail.outbox[1].body
    assert set(ReminderLog.objects.values_list("stage", flat=True)) == {"upcoming", "overdue"}


def test_item_first_seen_overdue_is_reminded_once(org_a, qm_a):
    activity(org_a, qm_a, TODAY - timedelta(days=40))
    run()
    run()
    assert len(mail.outbox) == 1 and "Überfällig:" in mail.outbox[0].body


def test_done_items_are_not_reminded(org_a, qm_a):
    item = activity(org_a, qm_a, TODAY + timedelta(days=1))
    item.active = False
    item.save()
    run()
    assert mail.outbox == []


def test_items_without_owner_inactive_or_former_members_are_skipped(org_a, org_b, qm_a):
    former = add_member(org_a, STAFF, "ehemalig@alpha.example")
    inactive = add_member(org_a, STAFF, "inaktiv@alpha.example")
    inactive.is_active = False
    inactive.save()
    outsider = add_member(org_b, STAFF, "fremd@beta.example")
    activity(org_a, None, TODAY)
    activity(org_a, former, TODAY)
    activity(org_a, inactive, TODAY)
    activity(org_a, outsider, TODAY)  # owner is not a member of the item's organisation
    Membership.objects.filter(user=former).delete()
    run()
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_dry_run_sends_and_writes_nothing(org_a, qm_a):
    activity(org_a, qm_a, TODAY)
    out = run("--dry-run")
    assert "Probelauf: 1 E-Mails mit 1 Terminen würden gesendet." in out
    assert qm_a.email in out
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_recipient_language_is_used(org_a, qm_a, cycle_a):
    qm_a.language = "en"
    qm_a.save()
    row = cycle_a.assessments.select_related("requirement").first()
    Assessment.objects.filter(pk=row.pk).update(due_date=TODAY, responsible=qm_a)
    run()
    [message] = mail.outbox
    # the providers' titles and kinds are fetched again in the recipient's language
    assert "Self-assessment" in message.body and "not assessed" in message.body
    assert "Selbstbewertung" not in message.body and row.requirement.code in message.body


def test_works_across_organisations(org_a, org_b, qm_a, qm_b, cycle_a):
    activity(org_a, qm_a, TODAY + timedelta(days=2), "Alpha")
    activity(org_b, qm_b, TODAY + timedelta(days=2), "Beta")
    Assessment.objects.filter(pk=cycle_a.assessments.first().pk).update(due_date=TODAY, responsible=qm_a)
    run()
    assert {m.to[0] for m in mail.outbox} == {qm_a.email, qm_b.email}
    alpha = next(m for m in mail.outbox if m.to[0] == qm_a.email)
    assert "Alpha" in alpha.body and "Beta" not in alpha.body and "Selbstbewertung" in alpha.body


@pytest.mark.parametrize("people", [1, 8])
def test_query_count_is_bounded(org_a, people, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(deadlines, "_providers", [activity_due_items, assessment_due_items])
    for i in range(people):
        user = add_member(org_a, STAFF, f"p{i}@alpha.example")
        for j in range(3):
            activity(org_a, user, TODAY + timedelta(days=j), f"T{i}-{j}")
    # orgs, 2 providers, users, memberships, logs, org names, savepoint + insert + release
    with django_assert_num_queries(10):
        run()
    assert len(mail.outbox) == people


def test_only_organisations_of_kinds_with_due_items_and_active_members_are_asked(org_a, org_b, qm_a, qm_b):
    body = Organisation.objects.create(name="Testierungsstelle", slug="testat", kind="testing_body")
    add_member(body, READONLY)  # the testing procedure has due items for testing bodies
    network = Organisation.objects.create(name="Netzwerk", slug="netz", kind="municipality")
    add_member(network, STAFF)
    empty = Organisation.objects.create(name="Ohne Mitglieder", slug="leer")
    qm_b.is_active = False
    qm_b.save()
    add_member(empty, STAFF).delete()
    assert reminders.organisation_ids() == [org_a.pk, body.pk]


def test_organisations_are_handled_in_chunks(
    org_a, org_b, qm_a, qm_b, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(reminders, "CHUNK_SIZE", 1)
    asked = []
    monkeypatch.setattr(
        deadlines, "_providers", [lambda ids, until, **_: asked.append(list(ids)) or [], activity_due_items]
    )
    Membership.objects.create(user=qm_a, organisation=org_b, role=STAFF)  # in both chunks
    activity(org_a, qm_a, TODAY + timedelta(days=1), "Alpha")
    activity(org_b, qm_a, TODAY + timedelta(days=2), "Beta")
    activity(org_b, qm_b, TODAY + timedelta(days=3), "Beta QM")
    # orgs; per chunk: 2 providers (one without queries here), users, memberships, logs, org names;
    # savepoint + insert + release
    with django_assert_num_queries(1 + 2 * 5 + 3):
        run()
    assert asked == [[org_a.pk], [org_b.pk]]
    by_to = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    assert "Alpha" in by_to[qm_a.email].body and "Beta" in by_to[qm_a.email].body
    assert "Beta QM" in by_to[qm_b.email].body
    assert ReminderLog.objects.count() == 3


def test_failed_email_is_retried_next_run(org_a, qm_a, monkeypatch):
    activity(org_a, qm_a, TODAY)

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("gelingen.quality.activities.reminders.send_templated", broken)
    with pytest.raises(CommandError):
        run()
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    run()
    assert len(mail.outbox) == 1


def test_plan_marks_stages(org_a, qm_a):
    activity(org_a, qm_a, TODAY - timedelta(days=1), "alt")
    activity(org_a, qm_a, TODAY, "heute")
    [reminder] = plan(TODAY)
    assert [line.item.title for line in reminder.overdue] == ["alt"]
    assert [line.item.title for line in reminder.upcoming] == ["heute"]


def test_bad_now_option():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--now", "10.03.2026", stdout=StringIO())
