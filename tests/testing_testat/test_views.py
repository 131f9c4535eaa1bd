"""The agreement page and its files: who sees what (organisation, testing body, reviewer, stranger), who may
write, the upload rules, bounded queries; and the section on the procedure record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gelingen.accounts.roles import READONLY, REVIEWER
from gelingen.testing.reviewers.models import Assignment
from gelingen.testing.testat import goals
from gelingen.testing.testat.models import Closing, Goal, Testat
from tests.conftest import add_member

from .conftest import add_goal
from .test_goals import SCAN
from .test_testat import make_testat

pytestmark = pytest.mark.django_db
DOCX_LIKE_TEXT = b"just some text, not a document"


def page(org, procedure, name="procedure", *args):
    return reverse(f"testing_testat:{name}", args=[org.slug, procedure.pk, *args])


def test_organisation_and_testing_body_open_the_page(client, held, qm_a, officer, org_a, body):
    add_goal(held)
    client.force_login(qm_a)
    response = client.get(page(org_a, held))
    assert response.status_code == 200 and "Alle Teams arbeiten mit Wirkungszielen" in response.text
    client.force_login(officer)
    assert client.get(page(body, held)).status_code == 200


def test_assigned_reviewer_reads_without_files(client, held, body, officer):
    reviewer = add_member(body, REVIEWER)
    unassigned = add_member(body, REVIEWER, "zweite@tnord.example")
    Assignment.objects.create(procedure=held, reviewer=reviewer, notified_on=date(2025, 11, 5))
    Closing.objects.create(procedure=held, protocol_name="p.pdf")
    client.force_login(reviewer)
    assert client.get(page(body, held)).status_code == 200
    assert client.get(page(body, held, "protocol")).status_code == 404
    assert client.get(page(body, held, "testat_pdf")).status_code == 404
    assert client.post(page(body, held, "sign")).status_code == 403
    client.force_login(unassigned)
    assert client.get(page(body, held)).status_code == 404


def test_strangers_get_404(client, held, qm_b, org_b, other_body):
    client.force_login(qm_b)
    assert client.get(page(org_b, held)).status_code == 404
    assert client.get(page(org_b, held, "protocol")).status_code == 404
    stranger_officer = add_member(other_body, "officer", "fremd@tsued.example")
    client.force_login(stranger_officer)
    assert client.get(page(other_body, held)).status_code == 404
    assert client.get(page(other_body, held, "testat_pdf")).status_code == 404


def test_read_only_members_may_not_write(client, held, reader_a, org_a, body):
    client.force_login(reader_a)
    assert client.get(page(org_a, held)).status_code == 200
    assert (
        client.post(page(org_a, held, "goal_add"), {"new-title": "X", "new-indicators": "Y"}).status_code
        == 403
    )
    assert client.post(page(org_a, held, "upload_protocol")).status_code == 403
    body_reader = add_member(body, READONLY)
    goal = add_goal(held, status=Goal.Status.SUBMITTED)
    client.force_login(body_reader)
    assert client.post(page(body, held, "goal_check", goal.pk), {"decision": "approve"}).status_code == 403
    assert Goal.objects.get(pk=goal.pk).status == Goal.Status.SUBMITTED


def test_the_wrong_side_may_not_act(client, held, officer, qm_a, org_a, body):
    goal = add_goal(held, status=Goal.Status.SUBMITTED)
    client.force_login(qm_a)  # the organisation does not check its own goals
    assert client.post(page(org_a, held, "goal_check", goal.pk), {"decision": "approve"}).status_code == 403
    client.force_login(officer)  # the testing body does not draft them
    assert (
        client.post(page(body, held, "goal_add"), {"new-title": "X", "new-indicators": "Y"}).status_code
        == 403
    )


def test_goal_drafting_and_check_through_the_pages(client, held, qm_a, officer, org_a, body, mailoutbox):
    client.force_login(qm_a)
    response = client.post(
        page(org_a, held, "goal_add"), {"new-title": "Ziel ohne Indikator", "new-indicators": ""}
    )
    assert response.status_code == 400 and "zwingend erforderlich" in response.text
    assert not Goal.objects.exists()
    response = client.post(
        page(org_a, held, "goal_add"),
        {
            "new-title": "Wirkungsorientiert arbeiten",
            "new-indicators": "- Drei Ziele je Team\n\n- Auswertung",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.indicator_list() == ["Drei Ziele je Team", "Auswertung"]
    assert client.post(page(org_a, held, "submit_goals")).status_code == 302
    assert any("prüfen" in m.subject for m in mailoutbox)
    client.force_login(officer)
    client.post(page(body, held, "goal_check", goal.pk), {"decision": "change", "comment": ""})
    assert Goal.objects.get().status == Goal.Status.SUBMITTED  # no comment, no request for change
    client.post(page(body, held, "goal_check", goal.pk), {"decision": "approve"})
    assert Goal.objects.get().status == Goal.Status.APPROVED
    client.force_login(qm_a)
    edit = page(org_a, held, "goal_edit", goal.pk)
    response = client.post(
        edit,
        {
            "title": "Wirkungsorientiert arbeiten, überall",
            "indicators": "Eins",
            "lock_version": goal.lock_version,
        },
    )
    assert response.status_code == 302
    assert Goal.objects.get().status == Goal.Status.DRAFT  # edited: checked again


def test_protocol_upload_rules(client, held, qm_a, officer, org_a, body, settings):
    client.force_login(qm_a)
    url = page(org_a, held, "upload_protocol")
    wrong = client.post(url, {"protocol-file": _file("protokoll.pdf", DOCX_LIKE_TEXT)})
    assert wrong.status_code == 400 and "Dateityp ist nicht erlaubt" in wrong.text
    settings.GELINGEN_MAX_UPLOAD_MB = 1
    big = client.post(url, {"protocol-file": _file("protokoll.pdf", SCAN + b"0" * (1024 * 1024 + 1))})
    assert big.status_code == 400 and "zu groß" in big.text
    assert not Closing.objects.filter(protocol__gt="").exists()
    ok = client.post(url, {"protocol-file": _file("Protokoll Abschluss.pdf", SCAN)})
    assert ok.status_code == 302
    record = client.get(reverse("testing:procedure", args=[org_a.slug, held.pk]))
    assert "Protokoll Abschluss.pdf" in record.text and page(org_a, held, "protocol") in record.text
    closing = Closing.objects.get(procedure=held)
    assert closing.protocol_name == "Protokoll Abschluss.pdf"
    download = client.get(page(org_a, held, "protocol"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == SCAN
    client.force_login(officer)
    assert client.get(page(body, held, "protocol")).status_code == 200


def test_scan_upload_is_pdf_only(client, held, officer, body):
    add_goal(held, status=Goal.Status.APPROVED)
    goals.issue_version(held, officer)
    client.force_login(officer)
    url = page(body, held, "upload_scan")
    docx = client.post(url, {"scan-file": _file("scan.docx", b"PK\x03\x04 not really")})
    assert docx.status_code == 400 and "nicht erlaubt" in docx.text
    held.refresh_from_db()
    assert held.agreement_returned_on is None
    assert client.post(url, {"scan-file": _file("scan.pdf", SCAN)}).status_code == 302
    held.refresh_from_db()
    assert held.agreement_returned_on is not None
    assert client.get(page(body, held, "scan")).status_code == 200


def test_signing_through_the_page(client, held, officer, leitung_a, org_a, body):
    add_goal(held, status=Goal.Status.APPROVED)
    client.force_login(officer)
    assert client.post(page(body, held, "issue_agreement")).status_code == 302
    version = goals.current_version(held)
    pdf = client.get(page(body, held, "agreement_pdf", version.number))
    assert pdf.status_code == 200 and pdf.content == bytes(version.pdf)
    client.post(page(body, held, "sign"))
    client.force_login(leitung_a)
    response = client.get(page(org_a, held))
    assert "Vereinbarung unterschreiben" in response.text
    client.post(page(org_a, held, "sign"))
    held.refresh_from_db()
    assert held.agreement_returned_on is not None


def test_testat_pdf_and_withdrawal(client, procedure, officer, qm_a, org_a, body):
    testat = make_testat(procedure, number="TNO1-2026-0009")
    client.force_login(qm_a)
    response = client.get(page(org_a, procedure, "testat_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.post(page(org_a, procedure, "withdraw"), {"withdraw-on": "2026-05-01"}).status_code == 403
    client.force_login(officer)
    future = client.post(
        page(body, procedure, "withdraw"), {"withdraw-on": "2999-01-01", "withdraw-reason": "x"}
    )
    assert future.status_code == 400 and "Zukunft" in future.text
    no_reason = client.post(
        page(body, procedure, "withdraw"), {"withdraw-on": "2026-05-01", "withdraw-reason": ""}
    )
    assert no_reason.status_code == 400
    ok = client.post(
        page(body, procedure, "withdraw"), {"withdraw-on": "2026-05-01", "withdraw-reason": "Verstoß"}
    )
    assert ok.status_code == 302
    testat.refresh_from_db()
    assert testat.withdrawn_on == date(2026, 5, 1) and testat.withdrawn_by == officer


def test_record_shows_the_section(client, held, qm_a, org_a, django_assert_max_num_queries):
    make_testat(held, number="TNO1-2026-0003")
    client.force_login(qm_a)
    response = client.get(reverse("testing:procedure", args=[org_a.slug, held.pk]))
    assert "TNO1-2026-0003" in response.text and "Testat als PDF herunterladen" in response.text


def test_agreement_page_queries_are_bounded(client, held, officer, body, django_assert_max_num_queries):
    for i in range(6):
        add_goal(held, title=f"Ziel {i}", status=Goal.Status.APPROVED)
    goals.issue_version(held, officer)
    client.force_login(officer)
    client.get(page(body, held))
    with django_assert_max_num_queries(22):
        assert client.get(page(body, held)).status_code == 200


def test_index_lists_own_testate_only(client, procedure, qm_a, qm_b, org_a, org_b, officer, body):
    make_testat(procedure, number="TNO1-2026-0004")
    client.force_login(qm_a)
    assert "TNO1-2026-0004" in client.get(reverse("testing_testat:index", args=[org_a.slug])).text
    client.force_login(officer)
    assert "TNO1-2026-0004" in client.get(reverse("testing_testat:index", args=[body.slug])).text
    client.force_login(qm_b)
    assert "TNO1-2026-0004" not in client.get(reverse("testing_testat:index", args=[org_b.slug])).text
    assert Testat.objects.count() == 1


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_reviewer_page_shows_the_section_without_download(client, held, body):
    reviewer = add_member(body, REVIEWER)
    Assignment.objects.create(procedure=held, reviewer=reviewer, notified_on=date(2025, 11, 5))
    make_testat(held, number="TNO1-2026-0005")
    client.force_login(reviewer)
    response = client.get(reverse("testing_reviewers:my_procedure", args=[body.slug, held.pk]))
    assert response.status_code == 200 and "TNO1-2026-0005" in response.text
    assert "Testat als PDF herunterladen" not in response.text
    assert page(body, held) in response.text


def test_record_of_a_certified_procedure_issues_a_missing_testat(client, held, officer, body, leitung_a):
    from gelingen.testing.transitions import advance

    add_goal(held, status=Goal.Status.APPROVED)
    goals.issue_version(held, officer)
    goals.sign(held, officer)
    goals.sign(held, leitung_a)
    advance(held, "certified", by=officer, on=date(2026, 5, 6))  # on_commit not run: no signal here
    assert not Testat.objects.exists()
    client.force_login(officer)
    response = client.get(reverse("testing:procedure", args=[body.slug, held.pk]))
    assert Testat.objects.get().number in response.text
