"""Strategic development goals, the agreement document and its signatures (KQS steps 12-13).

After the final workshop the organisation words its goals like requirements, each with test indicators,
starting from the proposals of its Selbstreport (QB12). The testing body checks the wording of each goal
(approves it or asks for a change with a comment). Once every goal is approved, the agreement is laid
out as a PDF (`AgreementVersion`, with the SHA-256 of its bytes). It is signed in the app by a Leitung
member of the organisation and by the testing body's officer, or both signatures come as one uploaded
scan. A signature counts only while its version is the current one: changing a goal makes the goals
differ from what was signed, so the signature is void and the new version must be signed again. When
the agreement is complete, the procedure's `agreement_returned` step is recorded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML

from gelingen.accounts.models import Membership, User
from gelingen.accounts.roles import LEITUNG, OFFICER
from gelingen.core.pdf import StaticOnlyFetcher
from gelingen.quality.models import Cycle
from gelingen.testing import transitions
from gelingen.testing.models import Procedure

from .models import AgreementVersion, Closing, Goal, Signature, Testat

S = Procedure.Status
EDITABLE = (S.WORKSHOP_HELD, S.AGREEMENT_SENT)


class GoalRefused(Exception):
    """A goal or agreement action is not possible now; `message` says why, in German."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def goals_open(procedure: Procedure) -> bool:
    """Goals may be drafted and changed after the final workshop until the signed agreement is back."""
    return (
        procedure.status in EDITABLE
        and procedure.workshop_held_on is not None
        and not procedure.agreement_returned_on
    )


def _require_open(procedure: Procedure) -> None:
    if not goals_open(procedure):
        raise GoalRefused(
            _(
                "Die strategischen Ziele werden nach dem Abschlussworkshop vereinbart und sind nach der "
                "Rückgabe der unterschriebenen Vereinbarung nicht mehr änderbar."
            )
        )


def goals_of(procedure: Procedure) -> list[Goal]:
    return list(Goal.objects.filter(procedure=procedure).order_by("position", "pk"))


def fingerprint(goals: list[Goal]) -> str:
    """What a signature binds: every goal's wording and indicators, in order."""
    data = [[g.title.strip(), g.description.strip(), g.indicator_list()] for g in goals]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


# --- starting from the Selbstreport's proposals -------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    title: str
    indicators: list[str]
    proposal_id: int | None


def proposals_for(procedure: Procedure) -> list[Proposal]:
    """The QB12 goal proposals of the procedure's Selbstreport, with their proposed indicators.

    The titles come from the latest submission (what the testing body read); the indicators from the
    organisation's proposal of the same title in the idea store, when it still exists."""
    from gelingen.quality.ideas.models import GoalProposal
    from gelingen.selfreport.models import Submission

    latest = (
        Submission.objects.filter(report__cycle_id=procedure.cycle_id)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    titles: list[str] = list(latest.content.get("strategic_goals", [])) if latest else []
    live = {
        p.title: p
        for p in GoalProposal.objects.filter(organisation_id=procedure.organisation_id).prefetch_related(
            "indicators"
        )
    }
    if not titles:  # no submission lists any: the proposals meant for this cycle's report
        titles = [
            p.title
            for p in live.values()
            if p.status == "selfreport" and p.cycle_id in (None, procedure.cycle_id)
        ]
    found = []
    for title in titles:
        proposal = live.get(title)
        indicators = [i.text for i in proposal.indicators.all()] if proposal else []
        found.append(Proposal(title, indicators, proposal.pk if proposal else None))
    return found


def untaken_proposals(procedure: Procedure) -> list[Proposal]:
    taken = {g.title for g in goals_of(procedure)}
    return [p for p in proposals_for(procedure) if p.title not in taken]


@transaction.atomic
def take_proposals(procedure: Procedure) -> int:
    """Copy the proposals not yet taken as draft goals; the number copied."""
    _require_open(procedure)
    start = Goal.objects.filter(procedure=procedure).count()
    new = [
        Goal(
            procedure=procedure,
            position=start + i,
            title=p.title[:300],
            indicators="\n".join(p.indicators),
            proposal_id=p.proposal_id,
        )
        for i, p in enumerate(untaken_proposals(procedure))
    ]
    Goal.objects.bulk_create(new)
    return len(new)


# --- the testing body's check of the wording ------------------------------------------------------------


def after_edit(goal: Goal) -> None:
    """An edited goal goes back to draft: its earlier approval covered other words."""
    goal.status = Goal.Status.DRAFT
    goal.checked_by, goal.checked_at = None, None


@transaction.atomic
def submit_for_check(procedure: Procedure) -> int:
    _require_open(procedure)
    goals = goals_of(procedure)
    if not goals:
        raise GoalRefused(_("Bitte legen Sie zuerst mindestens ein strategisches Ziel an."))
    missing = [g.title for g in goals if not g.indicator_list()]
    if missing:
        raise GoalRefused(
            _("Jedes Ziel braucht mindestens einen Prüfindikator; es fehlen welche bei: %(goals)s.")
            % {"goals": ", ".join(missing)}
        )
    return Goal.objects.filter(
        procedure=procedure, status__in=[Goal.Status.DRAFT, Goal.Status.CHANGES]
    ).update(status=Goal.Status.SUBMITTED)


def check(goal: Goal, user: User, approve: bool, comment: str = "") -> None:
    """The testing body approves the wording of a submitted goal, or asks for a change (with a comment)."""
    _require_open(goal.procedure)
    if goal.status != Goal.Status.SUBMITTED:
        raise GoalRefused(_("Dieses Ziel liegt der Testierungsstelle nicht zur Prüfung vor."))
    if not approve and not comment.strip():
        raise GoalRefused(_("Bitte schreiben Sie dazu, was an der Formulierung geändert werden soll."))
    goal.status = Goal.Status.APPROVED if approve else Goal.Status.CHANGES
    goal.body_comment = comment.strip()
    goal.checked_by, goal.checked_at = user, timezone.now()
    goal.save(update_fields=["status", "body_comment", "checked_by", "checked_at"])


def all_approved(goals: list[Goal]) -> bool:
    return bool(goals) and all(g.status == Goal.Status.APPROVED for g in goals)


# --- the agreement document and its signatures ------------------------------------------------------------


def current_version(procedure: Procedure, goals: list[Goal] | None = None) -> AgreementVersion | None:
    """The latest agreement version if it still lists exactly today's approved goals, else None."""
    goals = goals_of(procedure) if goals is None else goals
    if not all_approved(goals):
        return None
    latest = AgreementVersion.objects.filter(procedure=procedure).defer("pdf").order_by("-number").first()
    if latest is None or latest.goals_fingerprint != fingerprint(goals):
        return None
    return latest


def render_agreement(procedure: Procedure, goals: list[Goal], number: int) -> bytes:
    html = render_to_string(
        "testing_testat/agreement_pdf.html",
        {"procedure": procedure, "goals": goals, "number": number, "today": timezone.localdate()},
    )
    return HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=StaticOnlyFetcher()).write_pdf()


@transaction.atomic
def issue_version(procedure: Procedure, user: User) -> AgreementVersion:
    """Lay out the agreement for signing (once per set of approved goals)."""
    _require_open(procedure)
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    goals = goals_of(procedure)
    if not all_approved(goals):
        raise GoalRefused(
            _(
                "Die Vereinbarung kann erst erstellt werden, wenn die Testierungsstelle jedes Ziel geprüft hat."
            )
        )
    existing = current_version(procedure, goals)
    if existing:
        return existing
    number = (
        AgreementVersion.objects.filter(procedure=procedure)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    pdf = render_agreement(procedure, goals, number)
    return AgreementVersion.objects.create(
        procedure=procedure,
        number=number,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        goals_fingerprint=fingerprint(goals),
        created_at=timezone.now(),
        created_by=user,
    )


def side_of_signer(procedure: Procedure, user: User) -> str | None:
    """Which side `user` may sign for: a Leitung member of the organisation, or an officer of the body."""
    roles = dict(
        Membership.objects.filter(
            user=user, organisation_id__in=[procedure.organisation_id, procedure.testing_body_id]
        ).values_list("organisation_id", "role")
    )
    if roles.get(procedure.organisation_id) == LEITUNG:
        return Signature.Side.ORGANISATION
    if roles.get(procedure.testing_body_id) == OFFICER:
        return Signature.Side.TESTING_BODY
    return None


def valid_signatures(procedure: Procedure, version: AgreementVersion | None) -> dict[str, Signature]:
    if version is None:
        return {}
    return {s.side: s for s in Signature.objects.filter(version=version, sha256=version.sha256)}


def scan_of(procedure: Procedure) -> Closing | None:
    return Closing.objects.filter(procedure=procedure).first()


def is_complete(procedure: Procedure) -> bool:
    """Both signatures, or a signed scan, on the current version of the agreement."""
    version = current_version(procedure)
    if version is None:
        return False
    closing = scan_of(procedure)
    if closing and closing.scan and closing.scan_version_id == version.pk:
        return True
    return set(valid_signatures(procedure, version)) == {
        Signature.Side.ORGANISATION,
        Signature.Side.TESTING_BODY,
    }


def sign(procedure: Procedure, user: User) -> Signature:
    _require_open(procedure)
    side = side_of_signer(procedure, user)
    if side is None:
        raise GoalRefused(
            _(
                "Unterschreiben dürfen eine Person mit der Rolle Leitung der Organisation und die "
                "Sachbearbeitung der Testierungsstelle."
            )
        )
    version = current_version(procedure)
    if version is None:
        raise GoalRefused(_("Es liegt keine aktuelle Fassung der Vereinbarung zur Unterschrift vor."))
    try:
        with transaction.atomic():  # a refused step takes the signature back with it
            signature, _created = Signature.objects.update_or_create(
                version=version,
                side=side,
                defaults={
                    "user": user,
                    "name": user.name,
                    "signed_at": timezone.now(),
                    "sha256": version.sha256,
                },
            )
            complete_if_ready(procedure, user)
    except transitions.StepRefused as refusal:
        raise GoalRefused(refusal.message) from refusal
    return signature


def attach_scan(procedure: Procedure, user: User, upload: Any) -> Closing:
    """Both signatures on paper: the scan of the signed current version (checked upload, PDF only)."""
    _require_open(procedure)
    version = current_version(procedure)
    if version is None:
        raise GoalRefused(_("Es liegt keine aktuelle Fassung der Vereinbarung zur Unterschrift vor."))
    try:
        with transaction.atomic():  # a refused step takes the scan back with it
            closing, _created = Closing.objects.get_or_create(procedure=procedure)
            old = closing.scan.name if closing.scan else ""
            closing.scan = upload
            closing.scan_name = upload.checked.original_name
            closing.scan_version = version
            closing.scan_uploaded_at, closing.scan_uploaded_by = timezone.now(), user
            closing.save()
            complete_if_ready(procedure, user)
    except transitions.StepRefused as refusal:
        raise GoalRefused(refusal.message) from refusal
    if old:
        closing.scan.storage.delete(old)
    return closing


def complete_if_ready(procedure: Procedure, user: User, on: date | None = None) -> None:
    """Move the procedure on: the body's signature sends the agreement; a complete one returns it."""
    procedure.refresh_from_db()
    version = current_version(procedure)
    signatures = valid_signatures(procedure, version)
    complete = is_complete(procedure)
    if procedure.status == S.WORKSHOP_HELD and (complete or Signature.Side.TESTING_BODY in signatures):
        transitions.advance(procedure, S.AGREEMENT_SENT, by=user, on=on)
    if procedure.status == S.AGREEMENT_SENT and complete and not procedure.agreement_returned_on:
        transitions.record(procedure, "agreement_returned", by=user, on=on)


def agreement_returned_guard(procedure: Procedure, on: date, values: dict[str, Any]) -> str | None:
    """When the goals are kept in the app, the agreement counts as back only once it is fully signed."""
    if Goal.objects.filter(procedure=procedure).exists() and not is_complete(procedure):
        return _(
            "Die Zielvereinbarung ist noch nicht von beiden Seiten unterschrieben (in der Anwendung oder "
            "als hochgeladener Scan)."
        )
    return None


# --- re-testing: the agreed goals become the next cycle's extra requirements --------------------------------


def agreed_goals(procedure: Procedure) -> list[Goal]:
    """The goals of a procedure whose agreement came back signed (empty otherwise)."""
    if not procedure.agreement_returned_on:
        return []
    goals = goals_of(procedure)
    return goals if all_approved(goals) else []


def testat_for_retest(cycle: Cycle) -> Testat | None:
    """The organisation's latest Testat from an earlier cycle: its goals bind a re-testing cycle."""
    if cycle.kind != Cycle.Kind.RETEST:
        return None
    return (
        Testat.objects.filter(
            organisation_id=cycle.organisation_id, procedure__cycle__start_date__lt=cycle.start_date
        )
        .exclude(procedure__cycle=cycle)
        .select_related("procedure")
        .order_by("-testat_on", "-pk")
        .first()
    )


def agreed_goals_for_cycle(cycle: Cycle) -> list[Any] | None:
    """For selfreport.sources: the agreed goals a re-testing cycle reports on in 12a; None if none exist."""
    from gelingen.selfreport.sources import AgreedGoal

    testat = testat_for_retest(cycle)
    if testat is None:
        return None
    goals = agreed_goals(testat.procedure)
    if not goals:
        return None
    return [
        AgreedGoal(key=f"testat-goal:{g.pk}", title=g.title, indicators=g.indicator_list()) for g in goals
    ]
