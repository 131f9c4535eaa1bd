"""What keeps a reviewer from being assigned to an organisation's procedure (decided rule 9).

Advice and employment count when they ended within the testing body's look-back (default 3 years,
PoolSettings.lookback_years), counted back from the day of the assignment: an engagement that ended
exactly N years before still counts, one that ended the day before that does not. "Other" reasons
count while they are in effect. Moderating the introductory workshop is not advice: the procedure
wants that moderator as reviewer, so it is never recorded as a conflict.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import QualityModel

from .models import ConflictOfInterest, ReviewerProfile, lookback_years


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February becomes 28 February in a common year."""
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def conflict_applies(conflict: ConflictOfInterest, on: date, lookback: int) -> bool:
    if conflict.kind == ConflictOfInterest.Kind.OTHER:
        return conflict.period_from <= on and (conflict.period_to is None or conflict.period_to >= on)
    if conflict.period_to is None:
        return True
    return conflict.period_to >= years_before(on, lookback)


def conflict_reason(conflict: ConflictOfInterest, lookback: int) -> str:
    period = (
        _("seit %(start)s") % {"start": _day(conflict.period_from)}
        if conflict.period_to is None
        else _("%(start)s bis %(end)s")
        % {"start": _day(conflict.period_from), "end": _day(conflict.period_to)}
    )
    values = {"organisation": conflict.organisation.name, "period": period, "years": lookback}
    if conflict.kind == ConflictOfInterest.Kind.ADVISED:
        return (
            _(
                "Hat %(organisation)s beraten (%(period)s); das liegt innerhalb der Rückschau von "
                "%(years)s Jahren."
            )
            % values
        )
    if conflict.kind == ConflictOfInterest.Kind.EMPLOYMENT:
        return (
            _(
                "War bei %(organisation)s beschäftigt (%(period)s); das liegt innerhalb der Rückschau von "
                "%(years)s Jahren."
            )
            % values
        )
    note = f": {conflict.note}" if conflict.note else ""
    return _("Interessenkonflikt mit %(organisation)s (%(period)s)") % values + note


def assignment_blockers(
    profile: ReviewerProfile,
    organisation: Organisation,
    on: date,
    *,
    model: QualityModel | None,
    open_procedures: int,
    conflicts: Iterable[ConflictOfInterest] | None = None,
    lookback: int | None = None,
) -> list[str]:
    """German reasons why `profile` may not review `organisation`'s cycle of `model` on `on`; empty: free.

    `conflicts` (the person's records for this organisation) and `lookback` may be passed in when
    many profiles are checked at once (see pool_blockers); otherwise they are read here.
    """
    reasons: list[str] = []
    if not profile.active:
        reasons.append(_("Das Profil ist nicht aktiv."))
    if model is not None:
        accreditations = [a for a in profile.accreditations.all() if a.model_id == model.pk]
        if not accreditations:
            reasons.append(_("Keine Akkreditierung für %(model)s.") % {"model": model})
        elif not any(a.valid_on(on) for a in accreditations):
            last = max(a.valid_until for a in accreditations)
            reasons.append(
                _("Die Akkreditierung für %(model)s ist am %(day)s abgelaufen.")
                % {"model": model, "day": _day(last)}
            )
    if open_procedures >= profile.capacity:
        reasons.append(
            _("Keine freie Kapazität: %(open)s von höchstens %(capacity)s Verfahren offen.")
            % {"open": open_procedures, "capacity": profile.capacity}
        )
    if lookback is None:
        lookback = lookback_years(profile.testing_body_id)
    if conflicts is None:
        conflicts = ConflictOfInterest.objects.filter(
            reviewer_id=profile.user_id, organisation=organisation
        ).select_related("organisation")
    for conflict in conflicts:
        if conflict.organisation_id == organisation.pk and conflict_applies(conflict, on, lookback):
            reasons.append(conflict_reason(conflict, lookback))
    return reasons


def pool_blockers(
    profiles: list[ReviewerProfile],
    organisation: Organisation,
    on: date,
    *,
    model: QualityModel | None,
    open_counts: dict[int, int],
) -> dict[int, list[str]]:
    """assignment_blockers for many profiles of one pool in two queries (profiles carry prefetched
    accreditations); keyed by profile pk. `open_counts` maps user ids to their open procedures."""
    if not profiles:
        return {}
    lookback = lookback_years(profiles[0].testing_body_id)
    by_person: dict[int, list[ConflictOfInterest]] = {}
    for conflict in ConflictOfInterest.objects.filter(
        reviewer_id__in=[p.user_id for p in profiles], organisation=organisation
    ).select_related("organisation"):
        by_person.setdefault(conflict.reviewer_id, []).append(conflict)
    return {
        p.pk: assignment_blockers(
            p,
            organisation,
            on,
            model=model,
            open_procedures=open_counts.get(p.user_id, 0),
            conflicts=by_person.get(p.user_id, []),
            lookback=lookback,
        )
        for p in profiles
    }
