"""Re-testing: the strategic goals agreed at the last Testat are extra requirements in part C of the
Gutachten. The reviewer rates each one; the ratings count in progress and outcome, block the hand-over
while missing, appear in the reading page and the exports, and their Auflagen go to the visit.

The agreed goals come through `selfreport.sources` (the testat app fills it); here a stand-in provides
them, so these tests do not depend on how a Testat is reached."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gelingen.selfreport import sources
from gelingen.testing.gutachten import rules
from gelingen.testing.gutachten.auflagen import auflagen_for_visit
from gelingen.testing.gutachten.models import GoalRating, Gutachten, Rating
from gelingen.testing.models import Procedure

from .conftest import CONTENT, finish, make_submission
from .test_views import released

pytestmark = pytest.mark.django_db

GOALS = [
    sources.AgreedGoal("testat-goal:7", "Wirkung sichtbar machen", ["Drei Wirkungsziele je Team"]),
    sources.AgreedGoal("testat-goal:8", "Beteiligung ausbauen", ["Beirat tagt zweimal im Jahr"]),
]
CONTENT_12A = {
    **CONTENT,
    "chapters": [
        *CONTENT["chapters"],
        {
            "key": "qb12a",
            "part": 3,
            "title": "12a Bericht zu den vereinbarten strategischen Zielen",
            "texts": {"body": ""},
            "requirements": [],
            "goal_reports": [
                {
                    "goal": "Wirkung sichtbar machen",
                    "indicators": ["Drei Wirkungsziele je Team"],
                    "outcome": "achieved",
                    "text": "Alle Teams haben ihre Wirkungsziele 2028 ausgewertet.",
                    "changed_goal": "",
                }
            ],
        },
    ],
}


@pytest.fixture
def submission(procedure, cycle_a, qm_a):  # overrides the conftest's: this one carries a 12a chapter
    made = make_submission(cycle_a, qm_a, content=CONTENT_12A)
    procedure.refresh_from_db()
    return made


@pytest.fixture
def agreed(monkeypatch, cycle_a):
    """The testat app's answer for the cycle: two agreed goals (for every other cycle none)."""
    real = sources.agreed_goals
    monkeypatch.setattr(
        sources, "agreed_goals", lambda cycle: GOALS if cycle.pk == cycle_a.pk else real(cycle)
    )
    return GOALS


@pytest.fixture
def retest(staffed, agreed):
    Procedure.objects.filter(pk=staffed.pk).update(kind=Procedure.Kind.RETEST)
    staffed.refresh_from_db()
    return staffed


@pytest.fixture
def goal_gutachten(retest, first) -> Gutachten:
    return rules.start(retest, first)


def url(name, org, procedure, *args):
    return reverse(f"testing_gutachten:{name}", args=[org.slug, procedure.pk, *args])


def rate_goals(gutachten, partly: bool = False) -> None:
    rules.save_goal_ratings(
        gutachten,
        GOALS,
        {
            "testat-goal:7": (Rating.Value.MET, ""),
            "testat-goal:8": (Rating.Value.PARTLY, "Beirat einberufen") if partly else (Rating.Value.MET, ""),
        },
    )


def goal_data(gutachten, values: dict[int, tuple[str, str]]) -> dict:
    data = {"lock_version": str(gutachten.lock_version)}
    for n in range(len(GOALS)):
        data[f"g{n}"], data[f"ga{n}"] = values.get(n, ("", ""))
    return data


# --- the rules -----------------------------------------------------------------------------------


def test_a_first_testing_has_no_goal_section(client, gutachten, agreed, first, body):
    assert gutachten.procedure.kind == Procedure.Kind.FIRST
    assert rules.agreed_goals(gutachten.procedure) == []
    assert rules.goal_rows(gutachten) == []
    assert rules.progress(gutachten).goals_total == 0
    client.force_login(first)
    assert client.get(url("goals", body, gutachten.procedure)).status_code == 404
    assert (
        "Vereinbarte strategische Ziele"
        not in client.get(url("detail", body, gutachten.procedure)).content.decode()
    )


def test_partial_or_missed_goal_needs_an_auflage(goal_gutachten):
    for value in (Rating.Value.PARTLY, Rating.Value.NOT_MET):
        with pytest.raises(rules.GutachtenRefused, match="Auflage"):
            rules.save_goal_ratings(goal_gutachten, GOALS, {"testat-goal:7": (value, "  ")})
    assert not GoalRating.objects.exists()
    rules.save_goal_ratings(goal_gutachten, GOALS, {"testat-goal:7": (Rating.Value.NOT_MET, " Nachweis ")})
    saved = GoalRating.objects.get()
    assert (saved.title, saved.indicators, saved.auflage) == (
        "Wirkung sichtbar machen",
        "Drei Wirkungsziele je Team",
        "Nachweis",
    )
    rules.save_goal_ratings(goal_gutachten, GOALS, {"testat-goal:7": ("", "")})  # "" takes it back
    assert not GoalRating.objects.exists()


def test_progress_and_outcome_count_the_goals(goal_gutachten):
    finish(goal_gutachten)  # every requirement met
    done = rules.progress(goal_gutachten)
    assert (done.goals_total, done.goals_rated) == (2, 0)
    assert done.total == done.rated + 2 and done.outcome is None
    rate_goals(goal_gutachten)
    assert rules.progress(goal_gutachten).outcome == Procedure.Outcome.ALL_MET
    rate_goals(goal_gutachten, partly=True)
    done = rules.progress(goal_gutachten)
    assert done.outcome == Procedure.Outcome.AUFLAGEN and done.auflagen == 1


def test_hand_over_refused_while_a_goal_is_unrated(goal_gutachten, first, second):
    finish(goal_gutachten)
    rules.save_goal_ratings(goal_gutachten, GOALS, {"testat-goal:7": (Rating.Value.MET, "")})
    with pytest.raises(rules.GutachtenRefused, match="1 von 2 vereinbarten strategischen Zielen"):
        rules.hand_over(goal_gutachten, first)
    goal_gutachten.refresh_from_db()
    assert goal_gutachten.status == Gutachten.Status.DRAFT
    rate_goals(goal_gutachten)
    assert rules.hand_over(goal_gutachten, first).status == Gutachten.Status.SECOND_CHECK


def test_visit_checks_the_goal_auflage(
    goal_gutachten, first, second, officer, django_capture_on_commit_callbacks
):
    rate_goals(goal_gutachten, partly=True)
    assert auflagen_for_visit(goal_gutachten.procedure) == []  # nothing before it is sent
    released(goal_gutachten, first, second, officer, django_capture_on_commit_callbacks)
    found = auflagen_for_visit(goal_gutachten.procedure)
    assert found[-1] == (
        f"g{goal_gutachten.pk}-testat-goal:8",
        "Vereinbarte strategische Ziele",
        "Beteiligung ausbauen",
        "Beirat einberufen",
    )
    assert len(found) == 2  # the requirement Auflage of finish(partly=1) and the goal's


# --- the pages -----------------------------------------------------------------------------------


def test_goal_page_shows_indicators_and_the_12a_report_and_saves(client, goal_gutachten, first, body):
    client.force_login(first)
    procedure = goal_gutachten.procedure
    detail = client.get(url("detail", body, procedure)).content.decode()
    assert url("goals", body, procedure) in detail and "0 von 2" in detail
    page = client.get(url("goals", body, procedure)).content.decode()
    for expected in ("Wirkung sichtbar machen", "Drei Wirkungsziele je Team", "2028 ausgewertet", "erreicht"):
        assert expected in page, expected
    assert f'{url("selfreport", body, procedure)}#ch-qb12a"' in page
    response = client.post(
        url("goals", body, procedure),
        goal_data(goal_gutachten, {0: ("met", ""), 1: ("not_met", "Beirat gründen")}),
    )
    assert response.status_code == 302
    assert dict(GoalRating.objects.values_list("key", "value")) == {
        "testat-goal:7": "met",
        "testat-goal:8": "not_met",
    }


def test_goal_page_refuses_a_partial_rating_without_auflage(client, goal_gutachten, first, body):
    client.force_login(first)
    response = client.post(
        url("goals", body, goal_gutachten.procedure), goal_data(goal_gutachten, {1: ("partly", "")})
    )
    assert response.status_code == 400
    assert "formulieren Sie bitte die Auflage" in response.content.decode()
    assert not GoalRating.objects.exists()


def test_only_the_first_reviewer_rates_goals_and_the_organisation_sees_nothing_before_release(
    client, goal_gutachten, second, officer, qm_a, org_a, body
):
    procedure = goal_gutachten.procedure
    for user in (second, officer):
        client.force_login(user)
        assert client.get(url("goals", body, procedure)).status_code == 403
        assert (
            client.post(
                url("goals", body, procedure), goal_data(goal_gutachten, {0: ("met", "")})
            ).status_code
            == 403
        )
    client.force_login(qm_a)
    assert client.get(url("goals", org_a, procedure)).status_code == 404
    assert client.get(url("detail", org_a, procedure)).status_code == 404
    assert not GoalRating.objects.exists()


def test_reading_page_and_exports_hold_the_goal_ratings(
    client, goal_gutachten, first, second, officer, qm_a, org_a, body, django_capture_on_commit_callbacks
):
    rate_goals(goal_gutachten, partly=True)
    released(goal_gutachten, first, second, officer, django_capture_on_commit_callbacks)
    procedure = goal_gutachten.procedure
    client.force_login(qm_a)
    page = client.get(url("detail", org_a, procedure)).content.decode()
    assert "Vereinbarte strategische Ziele" in page and "Beirat einberufen" in page
    assert client.get(url("goals", org_a, procedure)).status_code == 404  # the editor stays the reviewer's
    pdf = client.get(url("export", org_a, procedure, "pdf"))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("Vereinbarte strategische Ziele", "Beteiligung ausbauen", "Beirat einberufen"):
        assert expected in text, expected
    document = Document(io.BytesIO(client.get(url("export", org_a, procedure, "docx")).content))
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Beteiligung ausbauen" in cells and "Beirat einberufen" in cells and "teilweise erfüllt" in cells


def test_goal_and_detail_pages_have_bounded_queries(
    client, goal_gutachten, first, body, django_assert_max_num_queries
):
    finish(goal_gutachten, partly=2)
    rate_goals(goal_gutachten, partly=True)
    client.force_login(first)
    review = goal_gutachten.areas.first()
    for target in (
        url("goals", body, goal_gutachten.procedure),
        url("detail", body, goal_gutachten.procedure),
        url("area", body, goal_gutachten.procedure, review.area_id),
    ):
        with django_assert_max_num_queries(25):
            assert client.get(target).status_code == 200
