"""The Testat: its number, its validity at the boundaries, its creation at `certify`, its PDF with QR code."""

from __future__ import annotations

import io
from datetime import date
from unittest.mock import patch

import pytest
from pypdf import PdfReader

from gelingen.testing import deadlines
from gelingen.testing.models import Procedure
from gelingen.testing.testat import certificate, numbers
from gelingen.testing.testat.goals import complete_if_ready, issue_version, sign
from gelingen.testing.testat.models import Goal, Testat
from gelingen.testing.testat.signals import issue
from gelingen.testing.transitions import advance

from .conftest import WORKSHOP, add_goal

S = Procedure.Status
pytestmark = pytest.mark.django_db


def make_testat(procedure, number="TN1-2026-0001", testat_on=date(2026, 4, 10), **fields):
    fields.setdefault("valid_until", deadlines.testat_expires(testat_on))
    return Testat.objects.create(
        number=number,
        procedure=procedure,
        organisation=procedure.organisation,
        testing_body=procedure.testing_body,
        organisation_name=procedure.organisation.name,
        model_name="KQS",
        model_version="3",
        testat_on=testat_on,
        issued_on=testat_on,
        **fields,
    )


def test_numbers_count_per_body_and_year(body, other_body):
    first = numbers.next_number(body, 2026)
    second = numbers.next_number(body, 2026)
    assert first == f"TNO{body.pk}-2026-0001" and second == f"TNO{body.pk}-2026-0002"
    assert numbers.next_number(body, 2027) == f"TNO{body.pk}-2027-0001"  # a new year starts again
    assert numbers.next_number(other_body, 2026) == f"TSU{other_body.pk}-2026-0001"  # ids keep bodies apart


def test_a_number_is_never_given_twice(body):
    given = {numbers.next_number(body, 2026) for _ in range(25)}
    assert len(given) == 25


def test_prefix_is_readable(body):
    assert numbers.prefix_for(body) == f"TNO{body.pk}"


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2030, 4, 9), Testat.Status.VALID),  # the day before expiry
        (date(2030, 4, 10), Testat.Status.VALID),  # the day itself still counts
        (date(2030, 4, 11), Testat.Status.EXPIRED),  # the day after
    ],
)
def test_validity_at_the_boundary(procedure, today, status):
    testat = make_testat(procedure)
    assert testat.valid_until == date(2030, 4, 10)
    assert testat.status(today) == status


def test_validity_from_29_february():
    # four years from a leap day end on a leap day, except where the century skips it
    assert deadlines.testat_expires(date(2028, 2, 29)) == date(2032, 2, 29)
    assert deadlines.testat_expires(date(2096, 2, 29)) == date(2100, 2, 28)


def test_validity_from_29_february_boundary(procedure):
    testat = make_testat(procedure, testat_on=date(2096, 2, 29))
    assert testat.status(date(2100, 2, 27)) == Testat.Status.VALID
    assert testat.status(date(2100, 2, 28)) == Testat.Status.VALID
    assert testat.status(date(2100, 3, 1)) == Testat.Status.EXPIRED


def test_withdrawn_from_its_date(procedure):
    testat = make_testat(procedure, withdrawn_on=date(2027, 5, 1), withdrawal_reason="Auflage verletzt")
    assert testat.status(date(2027, 4, 30)) == Testat.Status.VALID
    assert testat.status(date(2027, 5, 1)) == Testat.Status.WITHDRAWN
    assert testat.status(date(2031, 1, 1)) == Testat.Status.WITHDRAWN  # withdrawn wins over expired


def test_certify_creates_the_testat(held, officer, leitung_a, django_capture_on_commit_callbacks):
    add_goal(held, status=Goal.Status.APPROVED)
    issue_version(held, officer)
    with django_capture_on_commit_callbacks(execute=True):
        sign(held, officer)
        sign(held, leitung_a)
        held.refresh_from_db()
        assert held.agreement_returned_on is not None
        advance(held, S.CERTIFIED, by=officer, on=date(2026, 5, 6))
    testat = Testat.objects.get(procedure=held)
    assert testat.number.endswith("-2026-0001")
    assert (testat.testat_on, testat.valid_until, testat.issued_on) == (
        WORKSHOP,
        date(2030, 4, 10),
        date(2026, 5, 6),
    )
    assert testat.organisation_name == held.organisation.name
    assert (testat.model_name, testat.model_version) == (held.cycle.model.name, held.cycle.model.version)
    assert issue(held) == testat  # once only


def test_certificate_pdf_holds_number_organisation_dates_and_address(procedure):
    testat = make_testat(procedure)
    url = "https://gelingen.example/testat/TN1-2026-0001/"
    with patch.object(certificate.segno, "make", wraps=certificate.segno.make) as make:
        pdf = certificate.render_certificate(testat)
    make.assert_called_once()
    assert make.call_args.args[0] == url  # the QR code encodes the verification address
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "TN1-2026-0001" in text
    assert procedure.organisation.name in text
    assert "10.04.2026" in text and "10.04.2030" in text
    assert url in text


def test_qr_is_an_svg_of_the_address():
    with patch.object(certificate.segno, "make", wraps=certificate.segno.make) as make:
        uri = certificate.qr_data_uri("https://gelingen.example/testat/X/")
    assert make.call_args.args[0] == "https://gelingen.example/testat/X/"
    assert uri.startswith("data:image/svg+xml")


def test_complete_if_ready_is_harmless_without_an_agreement(held, officer):
    complete_if_ready(held, officer)
    held.refresh_from_db()
    assert held.status == S.WORKSHOP_HELD
