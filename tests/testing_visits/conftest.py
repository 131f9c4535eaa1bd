"""A procedure with its Gutachten sent (Auflagen in two areas), a first and a second reviewer, and a
fake Auflagen source standing in for the Gutachten app."""

from __future__ import annotations

from datetime import date

import pytest

from gelingen.accounts.roles import REVIEWER
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment
from gelingen.testing.transitions import advance
from gelingen.testing.visits import auflagen
from tests.conftest import add_member
from tests.testing import conftest as testing_fixtures
from tests.testing.conftest import submit
from tests.testing_gutachten.factories import approved_gutachten

# the testing app's fixtures, shared here
body = testing_fixtures.body
other_body = testing_fixtures.other_body
officer = testing_fixtures.officer
body_reader = testing_fixtures.body_reader
procedure = testing_fixtures.procedure

S = Procedure.Status
SENT = date(2026, 1, 12)
AUFLAGEN = [
    ("req-3-1", "QB 3 Prozesse", "3.1 Schlüsselprozesse", "Beschreibung der Schlüsselprozesse vorlegen"),
    ("req-7-2", "QB 7 Führung", "7.2 Führungsleitlinien", "Beschlossene Führungsleitlinien zeigen"),
]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Protocols and letters are written below a temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_auflagen():
    def source(procedure):
        return list(AUFLAGEN)

    auflagen.register_source(source)
    yield source
    auflagen._sources.remove(source)


@pytest.fixture
def sent(procedure, officer, qm_a):
    """The procedure with its Gutachten sent on 12.01.2026 (outcome: Auflagen)."""
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    submit(procedure.cycle, qm_a, on=date(2025, 11, 3))
    procedure.refresh_from_db()
    approved_gutachten(procedure, officer)  # sending needs an approved Gutachten
    advance(procedure, S.GUTACHTEN, by=officer, on=SENT, outcome=Procedure.Outcome.AUFLAGEN)
    return procedure


def assign(procedure, user, role=Assignment.Role.FIRST) -> Assignment:
    return Assignment.objects.create(
        procedure=procedure, reviewer=user, role=role, notified_on=date(2025, 11, 5)
    )


@pytest.fixture
def first(sent, body):
    user = add_member(body, REVIEWER, "erst@tnord.example")
    assign(sent, user)
    return user


@pytest.fixture
def second(sent, body):
    user = add_member(body, REVIEWER, "zweit@tnord.example")
    assign(sent, user, Assignment.Role.SECOND)
    return user


@pytest.fixture
def stranger_reviewer(body):
    return add_member(body, REVIEWER, "fremd@tnord.example")
