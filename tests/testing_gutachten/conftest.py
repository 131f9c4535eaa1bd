"""A submitted procedure of org_a at a testing body with a first and a second reviewer, and a frozen
submission whose content has real chapters (paragraphs to comment on)."""

from __future__ import annotations

from datetime import date

import pytest

from gelingen.accounts.roles import OFFICER, READONLY
from gelingen.selfreport.models import Submission
from gelingen.testing.gutachten import rules
from gelingen.testing.gutachten.models import Gutachten, Rating
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment
from tests.conftest import add_member
from tests.selfreport.factories import frozen_submission
from tests.testing.conftest import make_procedure
from tests.testing_reviewers.factories import make_body, make_profile

CONTENT = {
    "organisation": {"name": "Suchtberatung Alpha e.V."},
    "chapters": [
        {
            "key": "structure",
            "part": 1,
            "title": "Struktur der Organisation",
            "texts": {"body": "Wir beraten seit 1990 in Berlin.\n\nUnser Team hat zwölf Fachkräfte."},
        },
        {
            "key": "qb1",
            "part": 3,
            "title": "QB 1 Leitbild",
            "texts": {
                "answer_a": "Das Leitbild wurde 2024 mit allen Mitarbeitenden überarbeitet.\n\n- Werte\n- Ziele",
                "answer_b": "",
            },
        },
    ],
    "evidence": [
        {
            "identifier": "QB1-01",
            "title": "Leitbild 2024",
            "kind": "Dokument",
            "location": "Ordner QM",
            "period": "",
        }
    ],
}


def make_submission(cycle, user, number: int = 1, content: dict | None = None, day: date = date(2026, 2, 2)):
    """A frozen submission with real chapters, chained to the cycle's newest one."""
    previous = Submission.objects.filter(report__cycle=cycle).order_by("-number").first()
    return frozen_submission(cycle, user, number, content or CONTENT, day, previous)


def assign(procedure: Procedure, user, role: str, by) -> Assignment:
    return Assignment.objects.create(
        procedure=procedure, reviewer=user, role=role, assigned_by=by, notified_on=date(2026, 2, 3)
    )


@pytest.fixture
def body(db):
    return make_body("tnord")


@pytest.fixture
def officer(body):
    return add_member(body, OFFICER, "officer@tnord.example")


@pytest.fixture
def body_reader(body):
    return add_member(body, READONLY, "lesend@tnord.example")


@pytest.fixture
def first(body, kqs):
    return make_profile(body, "erst@tnord.example", model=kqs).user


@pytest.fixture
def second(body, kqs):
    return make_profile(body, "zweit@tnord.example", model=kqs).user


@pytest.fixture
def other_reviewer(body, kqs):
    return make_profile(body, "andere@tnord.example", model=kqs).user


@pytest.fixture
def procedure(cycle_a, body, qm_a, officer):
    made = make_procedure(
        cycle_a,
        body,
        qm_a,
        state="BE",
        status=Procedure.Status.CONFIRMED,
        confirmed_on=date(2026, 1, 20),
        officer=officer,
    )
    return made


@pytest.fixture
def submission(procedure, cycle_a, qm_a):
    made = make_submission(cycle_a, qm_a)
    procedure.refresh_from_db()
    return made


@pytest.fixture
def staffed(procedure, submission, first, second, officer):
    assign(procedure, first, Assignment.Role.FIRST, officer)
    assign(procedure, second, Assignment.Role.SECOND, officer)
    procedure.refresh_from_db()
    return procedure


@pytest.fixture
def gutachten(staffed, first) -> Gutachten:
    return rules.start(staffed, first)


def rate_all(gutachten: Gutachten, partly: int = 0) -> None:
    """Rate every requirement of the cycle; the first `partly` ones "teilweise erfüllt" with an Auflage."""
    requirements = list(rules.cycle_requirements(gutachten.procedure))
    for review in gutachten.areas.all():
        values = {}
        for requirement in (r for r in requirements if r.area_id == review.area_id):
            n = requirements.index(requirement)
            values[requirement.pk] = (
                (Rating.Value.PARTLY, f"Auflage {requirement.code}") if n < partly else (Rating.Value.MET, "")
            )
        rules.save_ratings(review, values)


def finish(gutachten: Gutachten, partly: int = 0) -> Gutachten:
    rate_all(gutachten, partly)
    Gutachten.objects.filter(pk=gutachten.pk).update(
        organisation_text="Eine Beratungsstelle.", selfreport_text="Gut lesbar."
    )
    gutachten.refresh_from_db()
    return gutachten
