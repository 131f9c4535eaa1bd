"""The personal iCalendar feed: writer, secret address, scope, and its management on the Fällig page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.accounts.models import Membership
from gelingen.accounts.roles import STAFF
from gelingen.quality.activities import ical
from gelingen.quality.activities.models import Activity, CalendarFeed
from tests.conftest import add_member

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    """Parse content lines back (RFC 5545 3.1): lines end in CRLF, continuation lines start with a space."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def events(text: str) -> list[dict[str, str]]:
    """The VEVENTs as {property name with parameters: value}."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


# --- writer --------------------------------------------------------------------------------------


def test_escape_text():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_fold_long_lines_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Überprüfung der Räume " * 10
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_calendar_round_trip():
    text = ical.calendar(
        [
            ical.Event(
                uid=ical.uid_for("activities.activity:7", date(2026, 3, 31)),
                day=date(2026, 3, 31),
                summary="Begehung; Räume, Flure",
                url="https://gelingen.example/o/x/activities/7/",
                description="Zeile 1\nZeile 2 " + "lang " * 30,
                categories="Wiederkehrende Tätigkeit",
            )
        ],
        name="Test",
        now=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )
    [event] = events(text)
    assert event["UID"] == "activities.activity-7-20260331@gelingen"
    assert event["DTSTART;VALUE=DATE"] == "20260331" and event["DTEND;VALUE=DATE"] == "20260401"
    assert event["DTSTAMP"] == "20260301T120000Z"
    assert unescape(event["SUMMARY"]) == "Begehung; Räume, Flure"
    assert unescape(event["DESCRIPTION"]).startswith("Zeile 1\nZeile 2 lang")
    assert event["URL"] == "https://gelingen.example/o/x/activities/7/"


def test_uid_is_stable_and_changes_with_the_due_date():
    assert ical.uid_for("measures.task:3", date(2026, 1, 2)) == ical.uid_for(
        "measures.task:3", date(2026, 1, 2)
    )
    assert ical.uid_for("measures.task:3", date(2026, 1, 2)) != ical.uid_for(
        "measures.task:3", date(2026, 1, 3)
    )


# --- feed view ------------------------------------------------------------------------------------------


def activity(org, owner, due_in, title):
    return Activity.objects.create(
        organisation=org,
        type="evaluation",
        title=title,
        interval_count=1,
        interval_unit="years",
        owner=owner,
        next_due=timezone.localdate() + timedelta(days=due_in),
    )


@pytest.fixture
def calendar_world(org_a, org_b, qm_a, leitung_a, qm_b):
    Membership.objects.create(user=qm_a, organisation=org_b, role=STAFF)  # qm_a works in two organisations
    activity(org_a, qm_a, -10, "Überfällige Begehung")
    activity(org_a, qm_a, 200, "Audit, alle Bereiche")
    activity(org_a, qm_a, 400, "Zu weit weg")
    activity(org_a, leitung_a, 5, "Zielvereinbarungen")
    activity(org_b, qm_a, 30, "Beta-Evaluation")
    activity(org_b, qm_b, 30, "Beta-Workshop")


def test_feed_lists_own_items_of_all_organisations(client, settings, calendar_world, qm_a):
    settings.SITE_URL = "https://gelingen.example"
    _feed, token = CalendarFeed.issue(qm_a)
    response = client.get(reverse("activities_public:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode("utf-8")
    found = {unescape(e["SUMMARY"]): e for e in events(text)}
    assert set(found) == {
        "überfällig: Überfällige Begehung (Suchtberatung Alpha e.V.)",
        "Audit, alle Bereiche (Suchtberatung Alpha e.V.)",
        "Beta-Evaluation (Jugendhilfe Beta gGmbH)",
    }
    event = found["Audit, alle Bereiche (Suchtberatung Alpha e.V.)"]
    audit = Activity.objects.get(title="Audit, alle Bereiche")
    assert event["URL"] == f"https://gelingen.example{audit.get_absolute_url()}"
    assert event["UID"] == f"activities.activity-{audit.pk}-{audit.next_due:%Y%m%d}@gelingen"
    assert CalendarFeed.objects.get(user=qm_a).last_used_at is not None


def test_feed_with_all_items_of_the_organisations(client, calendar_world, qm_a, leitung_a):
    _feed, token = CalendarFeed.issue(qm_a, include_all=True)
    text = client.get(reverse("activities_public:feed", args=[token])).content.decode()
    summaries = {unescape(e["SUMMARY"]) for e in events(text)}
    assert "Zielvereinbarungen (Suchtberatung Alpha e.V.)" in summaries
    assert "Beta-Workshop (Jugendhilfe Beta gGmbH)" in summaries
    assert f"verantwortlich: {leitung_a.name}" in unescape(text.replace("\r\n ", ""))


def test_feed_of_a_single_organisation_has_no_suffix(client, org_a, qm_a):
    activity(org_a, qm_a, 3, "Befragung")
    _feed, token = CalendarFeed.issue(qm_a)
    [event] = events(client.get(reverse("activities_public:feed", args=[token])).content.decode())
    assert unescape(event["SUMMARY"]) == "Befragung"


def test_unknown_or_old_token_is_404_and_head_works(client, qm_a):
    _feed, old = CalendarFeed.issue(qm_a)
    _feed, new = CalendarFeed.issue(qm_a)
    assert client.get(reverse("activities_public:feed", args=[old])).status_code == 404
    assert client.get(reverse("activities_public:feed", args=["x" * 43])).status_code == 404
    assert client.get("/calendar/kurz.ics").status_code == 404
    assert client.head(reverse("activities_public:feed", args=[new])).status_code == 200
    assert client.post(reverse("activities_public:feed", args=[new])).status_code == 405


def test_feed_of_inactive_user_is_404(client, qm_a):
    _feed, token = CalendarFeed.issue(qm_a)
    qm_a.is_active = False
    qm_a.save()
    assert client.get(reverse("activities_public:feed", args=[token])).status_code == 404


def test_feed_query_count_is_fixed(client, org_a, qm_a, django_assert_num_queries, monkeypatch):
    from gelingen.core import deadlines
    from gelingen.quality.activities.deadlines import activity_due_items

    monkeypatch.setattr(deadlines, "_providers", [activity_due_items])
    _feed, token = CalendarFeed.issue(qm_a, include_all=True)
    for i in range(30):
        activity(org_a, qm_a, i, f"T{i}")
    client.get(reverse("activities_public:feed", args=[token]))
    # feed + user, memberships, activities, owner names
    with django_assert_num_queries(4):
        client.get(reverse("activities_public:feed", args=[token]))


# --- managing the feed from the Fällig page ----------------------------------------------------------------


def due_url(org):
    return reverse("activities:due", args=[org.slug])


def test_create_feed_shows_the_address_once(client_qm, org_a, qm_a, settings):
    settings.SITE_URL = "http://192.0.2.10:8080"  # make run HOST=192.0.2.10:8080
    response = client_qm.post(
        reverse("activities_public:feed_manage"), {"action": "new", "next": due_url(org_a)}, follow=True
    )
    text = response.content.decode()
    assert "Ihre Kalender-Adresse wurde erzeugt." in text
    feed = CalendarFeed.objects.get(user=qm_a)
    shown = response.context["feed_url"]
    token = shown.rsplit("/", 1)[1].removesuffix(".ics")
    assert shown.startswith("http://192.0.2.10:8080/calendar/") and shown in text
    assert CalendarFeed.objects.by_token(token).get() == feed
    assert not feed.include_all
    again = client_qm.get(due_url(org_a)).content.decode()
    assert token not in again and "nur einmal angezeigt" in again


def test_renew_invalidates_the_old_address(client_qm, org_a, qm_a):
    _feed, old = CalendarFeed.issue(qm_a)
    response = client_qm.post(
        reverse("activities_public:feed_manage"),
        {"action": "new", "include_all": "on", "next": due_url(org_a)},
        follow=True,
    )
    assert "die bisherige gilt nicht mehr" in response.content.decode()
    assert not CalendarFeed.objects.by_token(old).exists()
    assert CalendarFeed.objects.get(user=qm_a).include_all
    assert client_qm.get(reverse("activities_public:feed", args=[old])).status_code == 404


def test_change_scope_and_delete(client_qm, org_a, qm_a):
    _feed, token = CalendarFeed.issue(qm_a)
    manage = reverse("activities_public:feed_manage")
    client_qm.post(manage, {"action": "save", "include_all": "on", "next": due_url(org_a)})
    feed = CalendarFeed.objects.get(user=qm_a)
    assert feed.include_all and CalendarFeed.objects.by_token(token).exists()
    client_qm.post(manage, {"action": "delete", "next": due_url(org_a)})
    assert not CalendarFeed.objects.exists()


def test_feed_manage_bad_input_and_foreign_redirect(client_qm, org_a, qm_a):
    manage = reverse("activities_public:feed_manage")
    response = client_qm.post(manage, {"action": "steal", "next": due_url(org_a)}, follow=True)
    assert "konnte nicht gespeichert werden" in response.content.decode()
    assert not CalendarFeed.objects.exists()
    response = client_qm.post(manage, {"action": "new", "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_feed_manage_needs_login_and_post(client, qm_a):
    manage = reverse("activities_public:feed_manage")
    assert client.post(manage, {"action": "new"}).status_code == 302
    assert not CalendarFeed.objects.exists()
    client.force_login(qm_a)
    assert client.get(manage).status_code == 405


def test_reader_may_have_a_personal_feed(client_reader, org_a, reader_a):
    response = client_reader.post(
        reverse("activities_public:feed_manage"), {"action": "new", "next": due_url(org_a)}, follow=True
    )
    assert response.status_code == 200 and CalendarFeed.objects.filter(user=reader_a).exists()


def test_feed_items_of_a_left_organisation_disappear(client, org_a, qm_a):
    other = add_member(org_a, STAFF, "weg@alpha.example")
    activity(org_a, other, 3, "Befragung")
    _feed, token = CalendarFeed.issue(other)
    assert events(client.get(reverse("activities_public:feed", args=[token])).content.decode())
    Membership.objects.filter(user=other).delete()
    assert events(client.get(reverse("activities_public:feed", args=[token])).content.decode()) == []
