"""The workshop at the start of a cycle: introductory (first testing) or follow-up (re-testing).

The introductory workshop is scheduled by the testing body's officer once the registration is
confirmed; the follow-up workshop of a re-testing is scheduled by the organisation itself (Leitung or
quality manager), which chooses the moderator freely from the accredited pool (decided rule 11).
Either way the moderator is an active profile of that testing body accredited for the cycle's model on
the workshop date. Moderating is no conflict of interest (decided rule 9), so nothing is recorded in the
pool; existing conflicts are shown so the choice is informed.

Recording the result records the self-assessment's first stock-taking as done at this workshop:
`first_stocktaking(cycle)` answers when and with which counts per state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation, User
from gelingen.quality.models import Assessment, Cycle
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.conflicts import conflict_applies, conflict_reason
from gelingen.testing.reviewers.models import (
    Accreditation,
    ConflictOfInterest,
    ReviewerProfile,
    lookback_years,
)

from .models import Workshop

S = Procedure.Status
OPEN_STATUSES = [S.REGISTERED, S.DECLINED, S.WITHDRAWN]


class WorkshopRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def kind_for(cycle: Cycle) -> str:
    return Workshop.Kind.FOLLOW_UP if cycle.kind == Cycle.Kind.RETEST else Workshop.Kind.INTRO


def testing_body_for(cycle: Cycle) -> Organisation | None:
    """Whose pool moderates: the body of the cycle's confirmed procedure; at re-testing before the
    registration, the body of the organisation's latest Testat."""
    procedure = (
        Procedure.objects.filter(cycle=cycle)
        .exclude(status__in=OPEN_STATUSES)
        .select_related("testing_body")
        .first()
    )
    if procedure is not None:
        return procedure.testing_body
    if cycle.kind != Cycle.Kind.RETEST:
        return None
    latest = (
        Procedure.objects.filter(organisation_id=cycle.organisation_id, status=S.CERTIFIED)
        .select_related("testing_body")
        .order_by("-valid_until")
        .first()
    )
    return latest.testing_body if latest else None


def pool(body: Organisation, cycle: Cycle, on: date | None = None) -> QuerySet[ReviewerProfile]:
    """The active profiles of the body accredited for the cycle's model (valid on `on`, default today)."""
    on = on or timezone.localdate()
    accredited = Accreditation.objects.filter(model_id=cycle.model_id, valid_until__gte=on).values(
        "profile_id"
    )
    return (
        ReviewerProfile.objects.filter(testing_body=body, active=True, pk__in=accredited)
        .select_related("user")
        .order_by("user__name", "pk")
    )


def conflicts_shown(
    profiles: list[ReviewerProfile], organisation: Organisation, on: date
) -> dict[int, list[str]]:
    """Per profile the conflicts of interest with the organisation that apply (shown, not blocking)."""
    if not profiles:
        return {}
    lookback = lookback_years(profiles[0].testing_body_id)
    by_person: dict[int, list[str]] = {}
    for conflict in ConflictOfInterest.objects.filter(
        reviewer_id__in=[p.user_id for p in profiles], organisation=organisation
    ).select_related("organisation"):
        if conflict_applies(conflict, on, lookback):
            by_person.setdefault(conflict.reviewer_id, []).append(conflict_reason(conflict, lookback))
    return {p.pk: by_person.get(p.user_id, []) for p in profiles}


@dataclass
class WorkshopDetails:
    moderator: ReviewerProfile
    on: date
    hours: int
    format: str
    call_on: date | None
    participants: str


def may_schedule(cycle: Cycle, side: str) -> bool:
    """Who schedules: the testing body the introductory workshop, the organisation the follow-up one."""
    from gelingen.testing import access

    if kind_for(cycle) == Workshop.Kind.INTRO:
        return side == access.TESTING_BODY
    return side == access.ORGANISATION


def schedule(
    cycle: Cycle, details: WorkshopDetails, *, by: User, side: str, expected_version: int | None = None
) -> Workshop:
    """Create or move the workshop of the cycle (not once its result is recorded)."""
    if not may_schedule(cycle, side):
        raise WorkshopRefused(
            _("Den Einführungsworkshop plant die Testierungsstelle.")
            if kind_for(cycle) == Workshop.Kind.INTRO
            else _("Den Folgeworkshop plant die Organisation selbst.")
        )
    body = testing_body_for(cycle)
    if body is None:
        raise WorkshopRefused(
            _("Der Einführungsworkshop folgt auf die bestätigte Anmeldung bei einer Testierungsstelle.")
        )
    if not pool(body, cycle, details.on).filter(pk=details.moderator.pk).exists():
        raise WorkshopRefused(
            _(
                "Die Moderation übernimmt eine aktive, für %(model)s akkreditierte Person aus dem Pool von %(body)s."
            )
            % {"model": cycle.model, "body": body.name}
        )
    if details.call_on and details.call_on > details.on:
        raise WorkshopRefused(_("Das Vorgespräch findet vor dem Workshop statt."))
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().filter(cycle=cycle).first()
        if workshop is not None and workshop.held_on:
            raise WorkshopRefused(_("Der Workshop ist schon durchgeführt; sein Termin bleibt."))
        if (
            workshop is not None
            and expected_version is not None
            and workshop.lock_version != expected_version
        ):
            raise WorkshopRefused(
                _("Jemand anderes hat den Workshop inzwischen geändert; bitte laden Sie die Seite neu.")
            )
        workshop = workshop or Workshop(cycle=cycle, kind=kind_for(cycle), scheduled_by=by)
        workshop.testing_body = body
        workshop.moderator = details.moderator
        workshop.chosen_by_organisation = workshop.kind == Workshop.Kind.FOLLOW_UP
        workshop.on, workshop.hours, workshop.format = details.on, details.hours, details.format
        workshop.call_on, workshop.participants = details.call_on, details.participants.strip()
        if workshop.pk:
            workshop.lock_version += 1
        workshop.save()
    return workshop


def stocktaking_counts(cycle: Cycle) -> dict[str, Any]:
    """How many requirements of the cycle stand in each state of the self-assessment right now."""
    counts = dict(
        cycle.current_assessments().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Assessment.Status.values}


def record_result(workshop: Workshop, *, held_on: date, result: str, participants: str, by: User) -> Workshop:
    """The workshop took place: its result, and the first stock-taking recorded as done at it."""
    if held_on > timezone.localdate():
        raise WorkshopRefused(_("Ein Workshop kann nicht in der Zukunft durchgeführt worden sein."))
    if not result.strip():
        raise WorkshopRefused(_("Bitte halten Sie das Ergebnis des Workshops fest."))
    if workshop.held_on:
        raise WorkshopRefused(_("Das Ergebnis ist schon festgehalten."))
    with transaction.atomic():
        workshop.cycle.sync_assessments()
        workshop.held_on, workshop.result, workshop.recorded_by = held_on, result.strip(), by
        if participants.strip():
            workshop.participants = participants.strip()
        workshop.stocktaking = {
            "on": held_on.isoformat(),
            "counts": stocktaking_counts(workshop.cycle),
            "recorded_at": timezone.now().isoformat(),
        }
        workshop.lock_version += 1
        workshop.save()
    return workshop


@dataclass(frozen=True)
class Stocktaking:
    on: date
    counts: dict[str, int]
    kind: str


def first_stocktaking(cycle: Cycle) -> Stocktaking | None:
    """The self-assessment's first stock-taking of the cycle, done at its workshop (None: not yet)."""
    workshop = Workshop.objects.filter(cycle=cycle, held_on__isnull=False).first()
    if workshop is None or not workshop.stocktaking:
        return None
    return Stocktaking(
        date.fromisoformat(workshop.stocktaking["on"]), dict(workshop.stocktaking["counts"]), workshop.kind
    )
