"""The visit pages from every side: the first reviewer reports and records, the officer and the second
reviewer read, the organisation sees date, agenda and participants (the protocol only after the
decision); other reviewers, organisations and testing bodies get 404, read-only members 403 on writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gelingen.accounts.roles import OFFICER, READONLY
from gelingen.testing.models import Notification, Procedure
from gelingen.testing.transitions import advance
from gelingen.testing.visits.models import Visit
from tests.conftest import add_member
from tests.testing_gutachten.factories import approved_gutachten

S = Procedure.Status
pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% Protokoll der Visitation\n"

REPORT = {
    "on": "2026-02-10",
    "hours": "4",
    "place": "Hauptstelle, Lindenweg 3",
    "agenda": "Rundgang durch die Einrichtung\nNachweise und Auflagen\nGespräch über das Gutachten",
    "participants": "A. Muster, Leitung\nB. Beispiel, Qualitätsbeauftragte",
    "lock_version": "0",
}


def url(name, org, procedure, *args):
    return reverse(f"visits:{name}", args=[org.slug, procedure.pk, *args])


def reported(client, first, body, sent):
    client.force_login(first)
    response = client.post(url("report", body, sent), REPORT)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Visit.objects.get(procedure=sent)


def test_first_reviewer_reports_the_date_and_the_officers_are_told(
    client, sent, first, officer, body, django_capture_on_commit_callbacks
):
    client.force_login(first)
    page = client.get(url("visit", body, sent)).content.decode()
    assert "Vereinbarten Termin melden" in page and "Gespräch über das Gutachten" in page  # default agenda
    assert "spätestens am 23.02.2026" in page  # 6 weeks after sending the Gutachten, a hard limit here
    with django_capture_on_commit_callbacks(execute=True):
        visit = reported(client, first, body, sent)
    assert (visit.on, visit.hours, visit.reported_by) == (date(2026, 2, 10), 4, first)
    assert visit.agenda_items[0] == "Rundgang durch die Einrichtung"
    assert Notification.objects.filter(user=officer, procedure=sent).count() == 1
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "10.02.2026" in mail.outbox[0].body


def test_bad_report_is_refused_in_german_and_nothing_saved(client, sent, first, body):
    client.force_login(first)
    for bad in ({"place": ""}, {"hours": "0"}, {"on": "2026-01-05"}, {"agenda": ""}):
        response = client.post(url("report", body, sent), {**REPORT, **bad})
        assert response.status_code == 400, bad
        html = response.content.decode()
        assert any(
            text in html
            for text in ("Dieses Feld ist zwingend", "größer oder gleich 1", "vor dem Versand des Gutachtens")
        ), bad
    assert not Visit.objects.exists()


def test_who_sees_the_visit_page(
    client, sent, first, second, stranger_reviewer, officer, body, other_body, org_a, org_b, qm_a, qm_b
):
    reported(client, first, body, sent)
    for user, org, status in [
        (second, body, 200),
        (officer, body, 200),
        (qm_a, org_a, 200),
        (stranger_reviewer, body, 404),  # a reviewer of the same body, not assigned
        (qm_b, org_b, 404),  # another organisation
        (add_member(other_body, OFFICER), other_body, 404),  # another testing body
    ]:
        client.force_login(user)
        assert client.get(url("visit", org, sent)).status_code == status, user.email
    client.force_login(qm_b)
    assert client.get(url("visit", org_a, sent)).status_code == 404  # not a member there at all


def test_nobody_but_the_first_reviewer_writes(
    client, sent, first, second, officer, body, org_a, qm_a, reader_a
):
    client.force_login(second)
    assert client.post(url("report", body, sent), REPORT).status_code == 403
    client.force_login(officer)
    assert client.post(url("report", body, sent), REPORT).status_code == 403
    client.force_login(add_member(body, READONLY, "lesend@tnord.example"))
    assert client.post(url("report", body, sent), REPORT).status_code == 403
    client.force_login(reader_a)
    assert client.post(url("report", org_a, sent), REPORT).status_code == 403
    client.force_login(qm_a)
    assert client.post(url("report", org_a, sent), REPORT).status_code == 403
    assert not Visit.objects.exists()


def test_findings_protocol_and_what_the_organisation_sees(
    client, sent, first, officer, body, org_a, qm_a, fake_auflagen
):
    visit = reported(client, first, body, sent)
    page = client.get(url("visit", body, sent)).content.decode()
    assert "Beschreibung der Schlüsselprozesse vorlegen" in page
    ids = list(visit.findings.order_by("position").values_list("pk", flat=True))
    response = client.post(
        url("findings", body, sent),
        {f"evidence_{ids[0]}": "Prozesshandbuch, Kap. 2", f"met_{ids[0]}": "yes", f"met_{ids[1]}": "no"},
    )
    assert response.status_code == 302
    assert list(visit.findings.order_by("position").values_list("met", flat=True)) == [True, False]
    # "Testat" does not fit an Auflage that is not met: refused, nothing frozen
    response = client.post(
        url("protocol", body, sent), {"protocol": "Rundgang gemacht.", "recommendation": "testat"}
    )
    assert response.status_code == 400 and "nicht „Testat“ lauten" in response.content.decode()
    upload = SimpleUploadedFile("protokoll.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url("protocol", body, sent), {"protocol": "", "recommendation": "not_met", "protocol_upload": upload}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.is_submitted and visit.protocol_file_name == "protokoll.pdf"
    assert client.get(url("protocol_file", body, sent, visit.pk)).status_code == 200

    # the officer: sees the protocol and records the visit step with its date filled in
    client.force_login(officer)
    record = client.get(reverse("testing:procedure", args=[body.slug, sent.pk])).content.decode()
    assert "Visitation als durchgeführt eintragen" in record and 'value="2026-02-10"' in record
    assert "Auflagen nicht erfüllt" in record

    # the organisation: date, agenda and participants; no findings, protocol or file before the decision
    client.force_login(qm_a)
    page = client.get(url("visit", org_a, sent)).content.decode()
    assert (
        "10.02.2026" in page
        and "Nachweise und Auflagen" in page
        and "B. Beispiel, Qualitätsbeauftragte" in page
    )
    assert "Prozesshandbuch" not in page and "protokoll.pdf" not in page
    assert client.get(url("protocol_file", org_a, sent, visit.pk)).status_code == 404
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    advance(sent, S.NOT_MET, by=officer, on=date(2026, 2, 20))
    page = client.get(url("visit", org_a, sent)).content.decode()
    assert "Prozesshandbuch" in page and "protokoll.pdf" in page
    assert client.get(url("protocol_file", org_a, sent, visit.pk)).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("protokoll.pdf", b"nur Text, kein PDF", "Dieser Dateityp ist nicht erlaubt"),
        ("protokoll.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40, "Dieser Dateityp ist nicht erlaubt"),
        ("protokoll.docx", PDF, "passt nicht zum Inhalt"),
    ],
)
def test_protocol_upload_rules(client, sent, first, body, name, content, message):
    visit = reported(client, first, body, sent)
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        url("protocol", body, sent), {"recommendation": "testat", "protocol_upload": upload}
    )
    assert response.status_code == 400 and message in response.content.decode()
    visit.refresh_from_db()
    assert not visit.is_submitted and not visit.protocol_file


def test_protocol_upload_size_limit(client, settings, sent, first, body):
    settings.GELINGEN_MAX_UPLOAD_MB = 1
    visit = reported(client, first, body, sent)
    upload = SimpleUploadedFile("protokoll.pdf", PDF + b"0" * (1024 * 1024))
    response = client.post(
        url("protocol", body, sent), {"recommendation": "testat", "protocol_upload": upload}
    )
    assert response.status_code == 400 and "zu groß" in response.content.decode()
    visit.refresh_from_db()
    assert not visit.is_submitted


def test_visit_page_queries_are_bounded(
    client, sent, first, body, officer, fake_auflagen, django_assert_max_num_queries
):
    reported(client, first, body, sent)
    client.get(url("visit", body, sent))  # creates the findings once
    with django_assert_max_num_queries(16):
        assert client.get(url("visit", body, sent)).status_code == 200
    client.force_login(officer)
    # the record with every section: reviewers, Gutachten, visit, Testat
    with django_assert_max_num_queries(27):
        assert client.get(reverse("testing:procedure", args=[body.slug, sent.pk])).status_code == 200


def test_a_new_gutachten_gets_a_new_visit_and_the_old_one_stays(client, sent, first, officer, body, qm_a):
    from tests.testing.conftest import submit
    from tests.testing_visits.factories import report_visit

    old = report_visit(sent, date(2026, 2, 10), not_met=1)
    Visit.objects.filter(pk=old.pk).update(submitted_at=old.reported_at, recommendation="not_met")
    advance(sent, S.VISITED, by=officer, on=date(2026, 2, 10))
    advance(sent, S.NOT_MET, by=officer, on=date(2026, 2, 20))
    submit(sent.cycle, qm_a, number=2, on=date(2026, 4, 1))
    sent.refresh_from_db()
    approved_gutachten(sent, officer)  # sending needs an approved Gutachten
    advance(sent, S.GUTACHTEN, by=officer, on=date(2026, 4, 20), outcome=Procedure.Outcome.AUFLAGEN)
    client.force_login(first)
    page = client.get(url("visit", body, sent)).content.decode()
    assert "Vereinbarten Termin melden" in page and "Befunde speichern" not in page
    response = client.post(url("report", body, sent), {**REPORT, "on": "2026-05-04"})
    assert response.status_code == 302
    assert list(Visit.objects.filter(procedure=sent).values_list("round", "on")) == [
        (1, date(2026, 2, 10)),
        (2, date(2026, 5, 4)),
    ]


def test_a_stale_date_report_is_refused(client, sent, first, body):
    visit = reported(client, first, body, sent)
    Visit.objects.filter(pk=visit.pk).update(lock_version=4)  # changed in between
    response = client.post(url("report", body, sent), {**REPORT, "on": "2026-02-12", "lock_version": "0"})
    assert response.status_code == 400 and "Jemand anderes hat" in response.content.decode()
    visit.refresh_from_db()
    assert visit.on == date(2026, 2, 10)
    response = client.post(url("report", body, sent), {**REPORT, "on": "2026-02-12", "lock_version": "4"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.on, visit.lock_version) == (date(2026, 2, 12), 5)
