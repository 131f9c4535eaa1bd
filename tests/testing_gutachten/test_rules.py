"""The rules of the Gutachten: outcome, Auflage, start, second check, the send guard, release, Auflagen."""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

import pytest
from django.core import mail

from gelingen.testing import transitions
from gelingen.testing.gutachten import rules
from gelingen.testing.gutachten.auflagen import auflagen_for_visit
from gelingen.testing.gutachten.models import CheckEvent, Gutachten, Rating
from gelingen.testing.models import Notification, Procedure
from gelingen.testing.reviewers.models import Assignment

from .conftest import assign, finish, make_submission, rate_all

pytestmark = pytest.mark.django_db
S = Gutachten.Status
TODAY = date(2026, 3, 20)


def test_outcome_rule():
    assert rules.Progress(total=3, rated=2, auflagen=0).outcome is None  # incomplete: no outcome yet
    assert rules.Progress(total=3, rated=3, auflagen=0).outcome == Procedure.Outcome.ALL_MET
    assert rules.Progress(total=3, rated=3, auflagen=1).outcome == Procedure.Outcome.AUFLAGEN
    assert rules.Progress(total=0, rated=0, auflagen=0).outcome is None


def test_auflage_is_required_for_partly_and_not_met():
    assert rules.auflage_missing(Rating.Value.PARTLY, "  ")
    assert rules.auflage_missing(Rating.Value.NOT_MET, "")
    assert not rules.auflage_missing(Rating.Value.NOT_MET, "Konzept vorlegen")
    assert not rules.auflage_missing(Rating.Value.MET, "")
    assert not rules.auflage_missing("", "")


def test_save_ratings_refuses_a_partial_rating_without_auflage(gutachten):
    review = gutachten.areas.first()
    requirement = rules.cycle_requirements(gutachten.procedure).filter(area=review.area).first()
    with pytest.raises(rules.GutachtenRefused):
        rules.save_ratings(review, {requirement.pk: (Rating.Value.PARTLY, "")})
    assert not Rating.objects.exists()


def test_progress_and_outcome_follow_the_ratings(gutachten):
    total = rules.cycle_requirements(gutachten.procedure).count()
    assert rules.progress(gutachten) == rules.Progress(total, 0, 0)
    rate_all(gutachten)
    assert rules.progress(gutachten).outcome == Procedure.Outcome.ALL_MET
    rate_all(gutachten, partly=2)
    done = rules.progress(gutachten)
    assert (done.rated, done.auflagen, done.outcome) == (total, 2, Procedure.Outcome.AUFLAGEN)
    review = gutachten.areas.first()
    requirement = rules.cycle_requirements(gutachten.procedure).filter(area=review.area).first()
    rules.save_ratings(review, {requirement.pk: ("", "")})  # un-rate one
    assert rules.progress(gutachten).outcome is None


def test_start_needs_a_submission(procedure, first, second, officer):
    assign(procedure, first, Assignment.Role.FIRST, officer)
    with pytest.raises(rules.GutachtenRefused, match="Ohne eingereichten Selbstreport"):
        rules.start(procedure, first)
    assert not Gutachten.objects.exists()


def test_start_needs_a_first_reviewer(procedure, submission, first):
    with pytest.raises(rules.GutachtenRefused, match="keine Gutachter\\*in zugeordnet"):
        rules.start(procedure, first)
    assert not Gutachten.objects.exists()


def test_only_the_first_reviewer_starts(staffed, second):
    with pytest.raises(rules.GutachtenRefused):
        rules.start(staffed, second)


def test_start_builds_on_the_latest_submission_once(staffed, first, submission):
    made = rules.start(staffed, first)
    assert made.submission == submission and made.round == 1 and made.author == first
    assert made.areas.count() == len(rules.cycle_areas(staffed))
    assert rules.start(staffed, first) == made  # continuing, not a second round


def test_handover_needs_ratings_texts_and_a_different_second_reviewer(gutachten, first):
    problems = rules.handover_problems(gutachten)
    assert any("Anforderungen bewertet" in p for p in problems)
    assert any("Teil A" in p for p in problems) and any("Teil B" in p for p in problems)
    with pytest.raises(rules.GutachtenRefused):
        rules.hand_over(gutachten, first)
    finish(gutachten)
    assert rules.handover_problems(gutachten) == []


def test_second_reviewer_must_not_be_the_author(gutachten, first, officer):
    finish(gutachten)
    second = Assignment.objects.get(procedure=gutachten.procedure, role=Assignment.Role.SECOND)
    second.ended_on = TODAY
    second.save()
    assign(gutachten.procedure, first, Assignment.Role.SECOND, officer)  # mis-assigned: the author again
    assert any("andere Person" in p for p in rules.handover_problems(gutachten))
    with pytest.raises(rules.GutachtenRefused):
        rules.hand_over(gutachten, first)


def test_second_check_returns_and_approves(
    gutachten, first, second, officer, django_capture_on_commit_callbacks
):
    finish(gutachten, partly=1)
    with django_capture_on_commit_callbacks(execute=True):
        rules.hand_over(gutachten, first)
    gutachten.refresh_from_db()
    assert gutachten.status == S.SECOND_CHECK and gutachten.checker == second
    assert Notification.objects.filter(user=second).count() == 1
    (sent,) = [m for m in mail.outbox if second.email in m.to]
    assert "Zweitbegutachtung" in sent.subject and f"/gutachten/{gutachten.procedure_id}/" in sent.body
    assert not rules.may_edit(gutachten, first)
    with pytest.raises(rules.GutachtenRefused):
        rules.approve(gutachten, first)  # the author cannot check it
    with pytest.raises(rules.GutachtenRefused, match="überarbeitet"):
        rules.return_to_author(gutachten, second, "  ")  # returning needs a comment
    with django_capture_on_commit_callbacks(execute=True):
        rules.return_to_author(gutachten, second, "Bitte QB 1 begründen.")
    gutachten.refresh_from_db()
    assert gutachten.status == S.RETURNED and gutachten.check_comment == "Bitte QB 1 begründen."
    assert Notification.objects.filter(user=first).count() == 1
    assert rules.may_edit(gutachten, first)
    with django_capture_on_commit_callbacks(execute=True):
        rules.hand_over(gutachten, first)
        rules.approve(gutachten, second, "Passt.")
    gutachten.refresh_from_db()
    assert gutachten.status == S.APPROVED and gutachten.approved_at
    assert Notification.objects.filter(user=officer).count() == 1
    assert list(gutachten.events.values_list("action", flat=True)) == [
        CheckEvent.Action.HANDED_OVER,
        CheckEvent.Action.RETURNED,
        CheckEvent.Action.HANDED_OVER,
        CheckEvent.Action.APPROVED,
    ]


def _approved(gutachten, first, second, partly=1):
    finish(gutachten, partly=partly)
    rules.hand_over(gutachten, first)
    rules.approve(gutachten, second)
    gutachten.refresh_from_db()
    return gutachten


def _send(procedure, officer, **values):
    with patch("django.utils.timezone.localdate", return_value=TODAY):
        return transitions.advance(procedure, Procedure.Status.GUTACHTEN, by=officer, on=TODAY, **values)


def test_send_is_refused_without_an_approved_gutachten(staffed, first, second, officer):
    with pytest.raises(transitions.StepRefused, match="noch kein Gutachten"):
        _send(staffed, officer, outcome=Procedure.Outcome.ALL_MET)
    made = finish(rules.start(staffed, first))
    rules.hand_over(made, first)
    with pytest.raises(transitions.StepRefused, match="nicht von der Zweitgutachter\\*in freigegeben"):
        _send(staffed, officer, outcome=Procedure.Outcome.ALL_MET)
    staffed.refresh_from_db()
    assert staffed.status == Procedure.Status.SUBMITTED


def test_send_takes_the_outcome_from_the_gutachten_and_releases_it(
    gutachten, first, second, officer, django_capture_on_commit_callbacks
):
    approved = _approved(gutachten, first, second, partly=1)
    procedure = approved.procedure
    assert auflagen_for_visit(procedure) == []  # not sent yet
    with django_capture_on_commit_callbacks(execute=True):
        _send(procedure, officer, outcome=Procedure.Outcome.ALL_MET)  # the choice is overridden
    procedure.refresh_from_db()
    approved.refresh_from_db()
    assert procedure.outcome == Procedure.Outcome.AUFLAGEN
    assert approved.status == S.RELEASED and approved.released_on == TODAY
    ((key, area, requirement, text),) = auflagen_for_visit(procedure)
    first_requirement = rules.cycle_requirements(procedure).first()
    assert key == f"g{approved.pk}-{first_requirement.code}"
    assert area.startswith(first_requirement.area.code) and requirement.startswith(first_requirement.code)
    assert text == f"Auflage {first_requirement.code}"


def test_a_revised_submission_starts_a_new_round(
    gutachten, first, second, officer, cycle_a, qm_a, django_capture_on_commit_callbacks
):
    approved = _approved(gutachten, first, second)
    procedure = approved.procedure
    with django_capture_on_commit_callbacks(execute=True):
        _send(procedure, officer)
    Procedure.objects.filter(pk=procedure.pk).update(status=Procedure.Status.RESUBMITTED)
    procedure.refresh_from_db()
    revised = make_submission(cycle_a, qm_a, number=2, day=date(2026, 6, 1))
    again = rules.start(procedure, first)
    assert (again.round, again.submission) == (2, revised)
    assert auflagen_for_visit(procedure) == []  # the current round is not sent yet


def test_erasing_the_organisation_takes_its_gutachten_along(gutachten, org_a):
    from gelingen.selfreport.submission import purge

    assert purge(org_a) == 1
    assert not Gutachten.objects.exists()
