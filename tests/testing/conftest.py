"""A testing body with an officer and a reviewer, and procedures of org_a's cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest.mock import patch

import pytest

from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import OFFICER, READONLY, REVIEWER
from gelingen.selfreport.models import SelfReport
from gelingen.testing.models import Procedure
from tests.conftest import add_member
from tests.selfreport import factories


def make_procedure(cycle, body, user, **fields) -> Procedure:
    fields.setdefault("registered_at", datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    return Procedure.objects.create(
        organisation=cycle.organisation, testing_body=body, cycle=cycle, registered_by=user, **fields
    )


def submit(cycle, user, number: int = 1, on: date = date(2025, 11, 3)):
    """A frozen submission of the cycle arriving on `on` (its signal moves a waiting procedure on)."""
    report, _created = SelfReport.objects.get_or_create(cycle=cycle, defaults={"created_by": user})
    at = datetime(on.year, on.month, on.day, 10, 0, tzinfo=UTC)
    with patch.object(factories, "datetime", lambda *a, **k: at):
        return factories.make_submission(report, user, number)


@pytest.fixture
def body(db):
    return Organisation.objects.create(
        name="Testierungsstelle Nord", slug="tnord", kind=Organisation.Kind.TESTING_BODY
    )


@pytest.fixture
def other_body(db):
    return Organisation.objects.create(
        name="Testierungsstelle Süd", slug="tsued", kind=Organisation.Kind.TESTING_BODY
    )


@pytest.fixture
def officer(body):
    return add_member(body, OFFICER)


@pytest.fixture
def body_reader(body):
    return add_member(body, READONLY)


@pytest.fixture
def body_reviewer(body):
    return add_member(body, REVIEWER)


@pytest.fixture
def procedure(cycle_a, body, qm_a):
    return make_procedure(cycle_a, body, qm_a, state="BY")


@pytest.fixture
def today():
    return date(2026, 3, 20)
