"""A procedure of org_a at the testing body, brought to the final workshop (the dates lie in 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from gelingen.testing.models import Procedure
from gelingen.testing.testat.models import Goal
from gelingen.testing.transitions import advance, record
from tests.testing import conftest as testing_fixtures
from tests.testing.conftest import make_procedure, submit
from tests.testing_gutachten.factories import approved_gutachten
from tests.testing_visits.factories import report_visit

# the testing app's fixtures, shared here
body = testing_fixtures.body
other_body = testing_fixtures.other_body
officer = testing_fixtures.officer
body_reader = testing_fixtures.body_reader
body_reviewer = testing_fixtures.body_reviewer
procedure = testing_fixtures.procedure
today = testing_fixtures.today

S = Procedure.Status
WORKSHOP = date(2026, 4, 10)


def to_workshop(procedure: Procedure, officer, qm) -> Procedure:
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 2, 1))
    submit(procedure.cycle, qm, on=date(2025, 11, 3))
    procedure.refresh_from_db()
    approved_gutachten(procedure, officer)  # sending needs an approved Gutachten (testing_gutachten)
    advance(procedure, S.GUTACHTEN, by=officer, on=date(2026, 1, 20), outcome=Procedure.Outcome.ALL_MET)
    report_visit(procedure, date(2026, 2, 20))  # the visit step needs a reported visit (testing_visits)
    advance(procedure, S.VISITED, by=officer, on=date(2026, 2, 20))
    advance(procedure, S.DECIDED, by=officer, on=date(2026, 3, 2))
    record(procedure, "workshop_reported", by=officer, on=date(2026, 3, 20), workshop_on=WORKSHOP)
    advance(procedure, S.WORKSHOP_HELD, by=officer, on=WORKSHOP)
    return procedure


def add_goal(
    procedure: Procedure, title: str = "Alle Teams arbeiten mit Wirkungszielen", status=Goal.Status.DRAFT
):
    return Goal.objects.create(
        procedure=procedure,
        title=title,
        indicators="Jedes Team hat drei Wirkungsziele\nJährliche Auswertung liegt vor",
        status=status,
        position=Goal.objects.filter(procedure=procedure).count(),
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.SITE_URL = "https://gelingen.example"


@pytest.fixture
def held(cycle_a, body, qm_a, officer):
    """A procedure whose final workshop was held on 10 April 2026."""
    return to_workshop(make_procedure(cycle_a, body, qm_a, state="BY"), officer, qm_a)
