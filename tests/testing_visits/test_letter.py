"""The decision letter: issued once per decision by the officer, frozen with its hash, downloadable by the
organisation and the testing body; its text names the decision, the Auflagen with their state, the
resubmission deadline (6 months from the letter, month ends included) and the right to appeal."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gelingen.testing.models import Procedure
from gelingen.testing.transitions import advance
from gelingen.testing.visits import letter
from gelingen.testing.visits.models import DecisionLetter
from tests.testing_visits.factories import report_visit

S = Procedure.Status
pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def not_met(sent, officer):
    report_visit(sent, date(2026, 7, 1), met=1, not_met=1)
    advance(sent, S.VISITED, by=officer, on=date(2026, 7, 1))
    advance(sent, S.NOT_MET, by=officer, on=date(2026, 8, 31))  # the letter at a month end
    return sent


def test_not_met_letter_names_the_deadline_at_a_month_end_and_the_appeal(not_met, officer):
    made = letter.issue(not_met, by=officer)
    assert made.resubmission_due == date(2027, 2, 28)  # 31.08. + 6 months: the last day of February
    assert made.letter_on == date(2026, 8, 31)
    with made.pdf.open("rb") as f:
        text = pdf_text(f.read())
    assert "Suchtberatung Alpha e.V." in text and "Hauptstr. 1" in text and "10115 Berlin" in text
    assert "31.08.2026" in text
    assert "Auflagen sind noch nicht erfüllt" in text
    assert "bis spätestens 28.02.2027" in text
    assert "Anforderung 1.1" in text and "Anforderung 2.1" in text
    assert "nicht erfüllt" in text and "Widerspruch" in text
    assert "Visitation vom 01.07.2026" in text
    assert letter.verify(made)


def test_a_letter_is_frozen_and_issued_once_per_decision(not_met, officer):
    made = letter.issue(not_met, by=officer)
    with pytest.raises(letter.LetterRefused, match="keine Entscheidung ohne Schreiben"):
        letter.issue(not_met, by=officer)
    with pytest.raises(TypeError):
        made.save()
    assert DecisionLetter.objects.count() == 1


def test_met_letter_has_no_deadline(sent, officer):
    report_visit(sent, date(2026, 7, 1), met=2)
    advance(sent, S.VISITED, by=officer, on=date(2026, 7, 1))
    with pytest.raises(letter.LetterRefused):
        letter.issue(sent, by=officer)  # no decision yet
    advance(sent, S.DECIDED, by=officer, on=date(2026, 7, 8))
    made = letter.issue(sent, by=officer)
    assert made.resubmission_due is None and made.decision == "met"
    with made.pdf.open("rb") as f:
        text = pdf_text(f.read())
    assert "empfiehlt das Testat" in text and "bis spätestens" not in text


def test_letter_pages_for_each_side(
    client, not_met, officer, first, body, org_a, qm_a, reader_a, body_reader, qm_b, org_b
):
    issue_url = reverse("visits:issue_letter", args=[body.slug, not_met.pk])
    for user, org in ((qm_a, org_a), (body_reader, body), (first, body)):
        client.force_login(user)
        assert client.post(reverse("visits:issue_letter", args=[org.slug, not_met.pk])).status_code == 403
    assert not DecisionLetter.objects.exists()
    client.force_login(officer)
    record = client.get(reverse("testing:procedure", args=[body.slug, not_met.pk])).content.decode()
    assert "Entscheidungsschreiben ausstellen" in record
    assert client.post(issue_url).status_code == 302
    made = DecisionLetter.objects.get()
    record = client.get(reverse("testing:procedure", args=[body.slug, not_met.pk])).content.decode()
    assert (
        "Schreiben vom 31.08.2026 (PDF)" in record and "überarbeiteter Selbstreport bis 28.02.2027" in record
    )
    for user, org, status in (
        (officer, body, 200),
        (body_reader, body, 200),
        (qm_a, org_a, 200),
        (reader_a, org_a, 200),
        (first, body, 404),
        (qm_b, org_b, 404),
    ):
        client.force_login(user)
        response = client.get(reverse("visits:letter_pdf", args=[org.slug, not_met.pk, made.pk]))
        assert response.status_code == status, user.email
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_met_after_a_revised_selfreport_without_a_new_visit(not_met, officer, qm_a):
    from tests.testing.conftest import submit

    submit(not_met.cycle, qm_a, number=2, on=date(2026, 10, 1))
    not_met.refresh_from_db()
    advance(not_met, S.DECIDED, by=officer, on=date(2026, 10, 20))
    made = letter.issue(not_met, by=officer)
    assert made.decision == "met" and made.resubmission_due is None
    states = {a["requirement"]: a["state"] for a in made.content["auflagen"]}
    assert states["Anforderung 2.1"] == "nach Prüfung des überarbeiteten Selbstreports erfüllt"
    assert made.content["visit_on"] == ""  # the decision followed the revision, not a visit
