"""Goals and the agreement: the testing body checks the wording, both sides sign the PDF version, a change
of the goals voids a signature, a complete agreement records `agreement_returned`."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gelingen.core.uploads import validate_upload
from gelingen.quality.ideas.models import GoalProposal, Indicator
from gelingen.testing.models import Procedure
from gelingen.testing.testat import goals
from gelingen.testing.testat.models import Goal, Signature
from gelingen.testing.transitions import StepRefused, advance, record

from .conftest import add_goal

S = Procedure.Status
pytestmark = pytest.mark.django_db
SCAN = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def approved(procedure, n=2):
    for i in range(n):
        add_goal(procedure, title=f"Ziel {i + 1}", status=Goal.Status.APPROVED)
    return goals.goals_of(procedure)


def scan_upload():
    f = SimpleUploadedFile("unterschrieben.pdf", SCAN, content_type="application/pdf")
    f.checked = validate_upload(f, ("pdf",))
    return f


def test_goals_start_from_the_qb12_proposals(held, org_a, cycle_a):
    proposal = GoalProposal.objects.create(
        organisation=org_a,
        cycle=cycle_a,
        title="Beteiligung der Jugendlichen stärken",
        description="…",
        rationale="…",
        target_year=2029,
        status=GoalProposal.Status.SELFREPORT,
    )
    Indicator.objects.create(proposal=proposal, text="Jugendrat tagt viermal im Jahr")
    GoalProposal.objects.create(
        organisation=org_a, title="Nur ein Entwurf", description="…", rationale="…", target_year=2029
    )
    assert [p.title for p in goals.untaken_proposals(held)] == ["Beteiligung der Jugendlichen stärken"]
    assert goals.take_proposals(held) == 1
    goal = Goal.objects.get(procedure=held)
    assert goal.indicator_list() == ["Jugendrat tagt viermal im Jahr"] and goal.proposal_id == proposal.pk
    assert goals.untaken_proposals(held) == [] and goals.take_proposals(held) == 0


def test_goals_wait_for_the_final_workshop(procedure):
    with pytest.raises(goals.GoalRefused):
        goals.take_proposals(procedure)


def test_submit_needs_indicators(held):
    with pytest.raises(goals.GoalRefused, match="mindestens ein"):
        goals.submit_for_check(held)
    goal = add_goal(held)
    Goal.objects.filter(pk=goal.pk).update(indicators="")
    with pytest.raises(goals.GoalRefused, match="Prüfindikator"):
        goals.submit_for_check(held)
    Goal.objects.filter(pk=goal.pk).update(indicators="Eins")
    assert goals.submit_for_check(held) == 1


def test_the_testing_body_checks_the_wording(held, officer):
    goal = add_goal(held)
    with pytest.raises(goals.GoalRefused, match="nicht zur Prüfung"):
        goals.check(goal, officer, approve=True)
    goals.submit_for_check(held)
    goal.refresh_from_db()
    with pytest.raises(goals.GoalRefused, match="was an der Formulierung"):
        goals.check(goal, officer, approve=False, comment="  ")
    goals.check(goal, officer, approve=False, comment="Bitte messbar formulieren")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.CHANGES and goal.body_comment == "Bitte messbar formulieren"
    goals.submit_for_check(held)
    goal.refresh_from_db()
    goals.check(goal, officer, approve=True)
    goal.refresh_from_db()
    assert goal.status == Goal.Status.APPROVED and goal.checked_by == officer


def test_agreement_needs_every_goal_approved(held, officer):
    add_goal(held, status=Goal.Status.APPROVED)
    add_goal(held, title="Zweites", status=Goal.Status.SUBMITTED)
    with pytest.raises(goals.GoalRefused, match="jedes Ziel geprüft"):
        goals.issue_version(held, officer)


def test_version_keeps_the_hash_of_its_pdf(held, officer):
    approved(held)
    version = goals.issue_version(held, officer)
    assert version.sha256 == hashlib.sha256(bytes(version.pdf)).hexdigest()
    assert bytes(version.pdf).startswith(b"%PDF")
    assert goals.issue_version(held, officer) == version  # unchanged goals: the same version


def test_signatures_by_leitung_and_officer_return_the_agreement(held, officer, leitung_a, qm_a):
    approved(held)
    goals.issue_version(held, officer)
    with pytest.raises(goals.GoalRefused, match="Leitung"):
        goals.sign(held, qm_a)  # quality management may not sign for the organisation
    goals.sign(held, officer)
    held.refresh_from_db()
    assert held.status == S.AGREEMENT_SENT  # the body's signature sends it
    assert held.agreement_returned_on is None
    signature = goals.sign(held, leitung_a)
    held.refresh_from_db()
    assert held.agreement_returned_on is not None
    assert signature.name == leitung_a.name and signature.side == Signature.Side.ORGANISATION
    assert signature.sha256 == goals.current_version(held).sha256
    assert goals.is_complete(held)
    with pytest.raises(goals.GoalRefused):  # the agreement is back: the goals are fixed now
        goals.take_proposals(held)


def test_a_change_of_goals_after_one_signature_voids_it(held, officer, leitung_a):
    goal_list = approved(held)
    first = goals.issue_version(held, officer)
    goals.sign(held, leitung_a)
    assert set(goals.valid_signatures(held, goals.current_version(held))) == {Signature.Side.ORGANISATION}
    changed = goal_list[0]
    changed.indicators += "\nNeuer Indikator"
    goals.after_edit(changed)
    changed.save()
    assert goals.current_version(held) is None  # the signed version no longer lists these goals
    assert not goals.is_complete(held)
    with pytest.raises(goals.GoalRefused, match="keine aktuelle Fassung"):
        goals.sign(held, officer)
    changed.status = Goal.Status.APPROVED
    changed.save()
    second = goals.issue_version(held, officer)
    assert second.number == first.number + 1 and second.sha256 != first.sha256
    assert goals.valid_signatures(held, second) == {}  # Leitung must sign again
    goals.sign(held, officer)
    held.refresh_from_db()
    assert held.agreement_returned_on is None


def test_a_signed_scan_completes_the_agreement(held, officer):
    approved(held, n=1)
    goals.issue_version(held, officer)
    goals.attach_scan(held, officer, scan_upload())
    held.refresh_from_db()
    assert held.status == S.AGREEMENT_SENT and held.agreement_returned_on is not None


def test_agreement_returned_by_hand_is_refused_while_unsigned(held, officer):
    approved(held, n=1)
    advance(held, S.AGREEMENT_SENT, by=officer, on=date(2026, 4, 20))
    with pytest.raises(StepRefused, match="noch nicht von beiden Seiten"):
        record(held, "agreement_returned", by=officer, on=date(2026, 4, 30))


def test_without_goals_in_the_app_the_manual_path_stays(held, officer):
    advance(held, S.AGREEMENT_SENT, by=officer, on=date(2026, 4, 20))
    record(held, "agreement_returned", by=officer, on=date(2026, 4, 30))
    assert held.agreement_returned_on == date(2026, 4, 30)


def test_a_refused_step_takes_the_signature_back(held, officer, monkeypatch):
    approved(held, n=1)
    goals.issue_version(held, officer)

    def refuse(*args, **kwargs):
        raise StepRefused("Nein.")

    monkeypatch.setattr(goals.transitions, "advance", refuse)
    with pytest.raises(goals.GoalRefused, match="Nein"):
        goals.sign(held, officer)
    assert not Signature.objects.exists()
