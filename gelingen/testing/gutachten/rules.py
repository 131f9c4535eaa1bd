"""The rules of the Gutachten: starting a round, rating, the derived outcome, the second check, release.

Every function refuses with `GutachtenRefused` (a German message for the person who tried) and changes
nothing then. Views only call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gelingen.accounts.models import User
from gelingen.catalogue.models import Area, Requirement
from gelingen.core.versioning import set_and_move_version
from gelingen.selfreport import sources
from gelingen.selfreport.models import Submission
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment

from .models import AreaReview, CheckEvent, GoalRating, Gutachten, Rating

S = Gutachten.Status
Role = Assignment.Role
OPEN_FOR_START = (Procedure.Status.SUBMITTED, Procedure.Status.RESUBMITTED)


class GutachtenRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- what a Gutachten is built on ----------------------------------------------------------------


def cycle_areas(procedure: Procedure) -> list[Area]:
    """The quality areas of the procedure's cycle (mandatory plus the chosen optional ones), in order."""
    return list(procedure.cycle.areas().order_by("number"))


def cycle_requirements(procedure: Procedure) -> QuerySet[Requirement]:
    """Every requirement of the cycle, in model order (as the self-assessment lists them)."""
    return (
        Requirement.objects.filter(area__in=procedure.cycle.areas())
        .select_related("area")
        .order_by("area__number", "position", "pk")
    )


def agreed_goals(procedure: Procedure) -> list[sources.AgreedGoal]:
    """At re-testing: the strategic goals agreed at the last Testat, extra requirements of part C.

    Read through selfreport.sources (the testat app registers there), so the Gutachten works without it;
    a first testing has none."""
    if procedure.kind != Procedure.Kind.RETEST:
        return []
    return sources.agreed_goals(procedure.cycle) or []


def latest_submission(procedure: Procedure) -> Submission | None:
    return (
        Submission.objects.filter(report__cycle_id=procedure.cycle_id)
        .select_related("report__cycle")
        .order_by("-submitted_at", "-number")
        .first()
    )


def reviewer(procedure: Procedure, role: str) -> User | None:
    """The person of the procedure's active assignment in `role`, or None."""
    found = (
        Assignment.objects.active().filter(procedure=procedure, role=role).select_related("reviewer").first()
    )
    return found.reviewer if found else None


def current(procedure: Procedure) -> Gutachten | None:
    """The newest round of the procedure's Gutachten."""
    return procedure.gutachten.order_by("-round").first()


# --- the outcome ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int  # requirements of the cycle, agreed goals included
    rated: int
    auflagen: int  # rated "teilweise" or "nicht erfüllt"
    goals_total: int = 0  # of these: the agreed goals of a re-testing
    goals_rated: int = 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.rated >= self.total

    @property
    def outcome(self) -> str | None:
        """Derived from the ratings: every requirement met, or Auflagen; None while ratings are missing."""
        return outcome_of(self)

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.total) if self.total else 0


def outcome_of(progress: Progress) -> str | None:
    if not progress.complete:
        return None
    return Procedure.Outcome.AUFLAGEN if progress.auflagen else Procedure.Outcome.ALL_MET


def progress(gutachten: Gutachten, total: int | None = None) -> Progress:
    """How many of the cycle's requirements and agreed goals are rated (ratings of requirements no longer
    in the cycle, or of goals no longer agreed, are ignored)."""
    requirement_ids = set(cycle_requirements(gutachten.procedure).values_list("pk", flat=True))
    ratings = Rating.objects.filter(review__gutachten=gutachten, requirement_id__in=requirement_ids)
    values = list(ratings.values_list("value", flat=True))
    keys = [g.key for g in agreed_goals(gutachten.procedure)]
    goal_values = (
        list(GoalRating.objects.filter(gutachten=gutachten, key__in=keys).values_list("value", flat=True))
        if keys
        else []
    )
    every = values + goal_values
    return Progress(
        total=(len(requirement_ids) if total is None else total) + len(keys),
        rated=len(every),
        auflagen=sum(1 for v in every if v != Rating.Value.MET),
        goals_total=len(keys),
        goals_rated=len(goal_values),
    )


@dataclass(frozen=True)
class GoalRow:
    """One agreed goal in part C: its wording, its rating (or None) and the organisation's 12a report."""

    key: str
    title: str
    indicators: list[str]
    rating: GoalRating | None
    report: dict  # from the frozen submission: outcome label, text, changed goal ({} when not found)


def goal_reports_12a(content: dict) -> dict[str, dict]:
    """The 12a reports of the frozen submission by goal title (what the organisation wrote on each)."""
    from gelingen.selfreport.models import GoalReport

    outcomes = dict(GoalReport.Outcome.choices)
    found: dict[str, dict] = {}
    for chapter in content.get("chapters") or []:
        if not isinstance(chapter, dict) or chapter.get("key") != "qb12a":
            continue
        for report in chapter.get("goal_reports") or []:
            if isinstance(report, dict) and report.get("goal"):
                found[report["goal"]] = {
                    "outcome": str(outcomes.get(report.get("outcome", ""), "")),
                    "text": report.get("text", ""),
                    "changed_goal": report.get("changed_goal", ""),
                }
    return found


def goal_rows(gutachten: Gutachten) -> list[GoalRow]:
    """The agreed goals of a re-testing with their ratings; ratings of goals no longer agreed are shown from
    their copied wording (a sent Gutachten stays as it was written). Empty at a first testing."""
    goals = agreed_goals(gutachten.procedure)
    if not goals and gutachten.procedure.kind != Procedure.Kind.RETEST:
        return []  # a first testing: no query
    ratings = {r.key: r for r in gutachten.goal_ratings.all()}
    if not goals and not ratings:
        return []
    reports = goal_reports_12a(gutachten.submission.content)
    rows = [
        GoalRow(g.key, g.title, list(g.indicators), ratings.pop(g.key, None), reports.get(g.title, {}))
        for g in goals
    ]
    rows += [
        GoalRow(r.key, r.title, r.indicator_list(), r, reports.get(r.title, {}))
        for r in ratings.values()
        if gutachten.is_released
    ]
    return rows


def auflage_missing(value: str, auflage: str) -> bool:
    """ "teilweise" and "nicht erfüllt" need the Auflage the organisation has to meet."""
    return value in (Rating.Value.PARTLY, Rating.Value.NOT_MET) and not auflage.strip()


AUFLAGE_MISSING = gettext_lazy(
    "Bei „teilweise erfüllt“ und „nicht erfüllt“ formulieren Sie bitte die Auflage."
)


# --- starting a round ----------------------------------------------------------------------------


def start(procedure: Procedure, user: User, now: datetime | None = None) -> Gutachten:
    """The first reviewer starts (or continues) the Gutachten on the latest frozen submission.

    A revised submission after the decision starts a new round; otherwise the open round is returned.
    """
    submission = latest_submission(procedure)
    if submission is None:
        raise GutachtenRefused(_("Ohne eingereichten Selbstreport kann kein Gutachten begonnen werden."))
    first = reviewer(procedure, Role.FIRST)
    if first is None:
        raise GutachtenRefused(
            _("Solange keine Gutachter*in zugeordnet ist, kann kein Gutachten begonnen werden.")
        )
    if first.pk != user.pk:
        raise GutachtenRefused(_("Das Gutachten schreibt die zugeordnete Gutachter*in."))
    with transaction.atomic():
        Procedure.objects.select_for_update().filter(pk=procedure.pk).first()  # one start at a time
        latest = current(procedure)
        if latest is not None and (latest.submission_id == submission.pk or not latest.is_released):
            return latest  # the open round (an unreleased round keeps its submission)
        if procedure.status not in OPEN_FOR_START:
            raise GutachtenRefused(
                _("Ein Gutachten wird begonnen, wenn der (überarbeitete) Selbstreport eingegangen ist.")
            )
        made = Gutachten.objects.create(
            procedure=procedure,
            round=(latest.round + 1) if latest else 1,
            submission=submission,
            author=user,
            started_at=now or timezone.now(),
        )
        AreaReview.objects.bulk_create(AreaReview(gutachten=made, area=a) for a in cycle_areas(procedure))
    return made


# --- writing -------------------------------------------------------------------------------------


def may_edit(gutachten: Gutachten, user: User) -> bool:
    """The active first reviewer edits while the Gutachten is in work or returned."""
    if not gutachten.is_editable:
        return False
    first = reviewer(gutachten.procedure, Role.FIRST)
    return first is not None and first.pk == user.pk


def save_ratings(review: AreaReview, ratings: dict[int, tuple[str, str]]) -> None:
    """Write the area's ratings: requirement id -> (value or "", Auflage); "" removes a rating.

    Callers validate first (forms.AreaForm); this refuses an Auflage-less partial rating anyway.
    """
    for value, auflage in ratings.values():
        if auflage_missing(value, auflage):
            raise GutachtenRefused(str(AUFLAGE_MISSING))
    existing = {r.requirement_id: r for r in review.ratings.all()}
    create, update, drop = [], [], []
    for requirement_id, (value, auflage) in ratings.items():
        auflage = auflage.strip() if value != Rating.Value.MET else ""
        row = existing.get(requirement_id)
        if not value:
            if row is not None:
                drop.append(row.pk)
        elif row is None:
            create.append(Rating(review=review, requirement_id=requirement_id, value=value, auflage=auflage))
        elif (row.value, row.auflage) != (value, auflage):
            row.value, row.auflage = value, auflage
            update.append(row)
    Rating.objects.filter(pk__in=drop).delete()
    Rating.objects.bulk_create(create)
    Rating.objects.bulk_update(update, ["value", "auflage"])


def save_goal_ratings(
    gutachten: Gutachten, goals: list[sources.AgreedGoal], ratings: dict[str, tuple[str, str]]
) -> None:
    """Write the ratings of the agreed goals: goal key -> (value or "", Auflage); "" removes a rating.

    The goal's wording is copied onto its rating. Refuses an Auflage-less partial rating (nothing saved).
    """
    for value, auflage in ratings.values():
        if auflage_missing(value, auflage):
            raise GutachtenRefused(str(AUFLAGE_MISSING))
    existing = {r.key: r for r in gutachten.goal_ratings.all()}
    create, update, drop = [], [], []
    for position, goal in enumerate(goals):
        if goal.key not in ratings:
            continue
        value, auflage = ratings[goal.key]
        auflage = auflage.strip() if value != Rating.Value.MET else ""
        copied = {"title": goal.title[:300], "indicators": "\n".join(goal.indicators), "position": position}
        row = existing.get(goal.key)
        if not value:
            if row is not None:
                drop.append(row.pk)
        elif row is None:
            create.append(
                GoalRating(gutachten=gutachten, key=goal.key, value=value, auflage=auflage, **copied)
            )
        else:
            for name, new in {"value": value, "auflage": auflage, **copied}.items():
                setattr(row, name, new)
            update.append(row)
    GoalRating.objects.filter(pk__in=drop).delete()
    GoalRating.objects.bulk_create(create)
    GoalRating.objects.bulk_update(update, ["value", "auflage", "title", "indicators", "position"])


# --- second check --------------------------------------------------------------------------------


def handover_problems(gutachten: Gutachten) -> list[str]:
    """What keeps the Gutachten from the second check (empty: it may be handed over)."""
    problems = []
    done = progress(gutachten)
    if not done.complete:
        problems.append(
            _("Es sind erst %(rated)d von %(total)d Anforderungen bewertet.")
            % {"rated": done.rated, "total": done.total}
        )
    if done.goals_rated < done.goals_total:
        problems.append(
            _("Es sind erst %(rated)d von %(total)d vereinbarten strategischen Zielen bewertet.")
            % {"rated": done.goals_rated, "total": done.goals_total}
        )
    if not (gutachten.organisation_text.strip() or gutachten.success_text.strip()):
        problems.append(_("Teil A (Nachbeschreibung) ist noch leer."))
    if not any(
        getattr(gutachten, f).strip()
        for f in ("selfreport_text", "process_text", "result_text", "next_steps_text")
    ):
        problems.append(_("Teil B (Rückmeldung) ist noch leer."))
    second = reviewer(gutachten.procedure, Role.SECOND)
    if second is None:
        problems.append(_("Es ist noch keine Zweitgutachter*in zugeordnet."))
    elif second.pk in (gutachten.author_id, _first_id(gutachten)):
        problems.append(_("Die Zweitbegutachtung muss eine andere Person übernehmen als das Gutachten."))
    return problems


def _first_id(gutachten: Gutachten) -> int | None:
    first = reviewer(gutachten.procedure, Role.FIRST)
    return first.pk if first else None


def _event(gutachten: Gutachten, action: str, by: User, comment: str = "") -> None:
    CheckEvent.objects.create(gutachten=gutachten, action=action, by=by, at=timezone.now(), comment=comment)


def _locked(gutachten: Gutachten) -> Gutachten:
    return Gutachten.objects.select_for_update().select_related("procedure").get(pk=gutachten.pk)


def hand_over(gutachten: Gutachten, user: User) -> Gutachten:
    """The first reviewer hands the finished Gutachten to the second reviewer."""
    with transaction.atomic():
        fresh = _locked(gutachten)
        if not may_edit(fresh, user):
            raise GutachtenRefused(_("Nur die Gutachter*in übergibt ein Gutachten in Arbeit."))
        problems = handover_problems(fresh)
        if problems:
            raise GutachtenRefused(" ".join(problems))
        second = reviewer(fresh.procedure, Role.SECOND)
        assert second is not None
        set_and_move_version(
            fresh, {"status": S.SECOND_CHECK, "checker": second, "handed_over_at": timezone.now()}
        )
        _event(fresh, CheckEvent.Action.HANDED_OVER, user)
    from .notifications import notify_handed_over

    transaction.on_commit(lambda: notify_handed_over(fresh))
    return fresh


def _checking(gutachten: Gutachten, user: User) -> Gutachten:
    fresh = _locked(gutachten)
    if fresh.status != S.SECOND_CHECK:
        raise GutachtenRefused(_("Das Gutachten ist nicht in der Zweitbegutachtung."))
    second = reviewer(fresh.procedure, Role.SECOND)
    if second is None or second.pk != user.pk:
        raise GutachtenRefused(_("Die Zweitbegutachtung übernimmt die zugeordnete Zweitgutachter*in."))
    if user.pk in (fresh.author_id, _first_id(fresh)):
        raise GutachtenRefused(_("Wer das Gutachten geschrieben hat, kann es nicht selbst prüfen."))
    return fresh


def return_to_author(gutachten: Gutachten, user: User, comment: str) -> Gutachten:
    """The second reviewer sends it back with a comment; the first reviewer edits again."""
    if not comment.strip():
        raise GutachtenRefused(_("Bitte schreiben Sie, was am Gutachten überarbeitet werden soll."))
    with transaction.atomic():
        fresh = _checking(gutachten, user)
        set_and_move_version(fresh, {"status": S.RETURNED, "check_comment": comment.strip()})
        _event(fresh, CheckEvent.Action.RETURNED, user, comment.strip())
    from .notifications import notify_returned

    transaction.on_commit(lambda: notify_returned(fresh))
    return fresh


def approve(gutachten: Gutachten, user: User, comment: str = "") -> Gutachten:
    """The second reviewer approves: the testing body may now send it to the organisation."""
    with transaction.atomic():
        fresh = _checking(gutachten, user)
        set_and_move_version(
            fresh, {"status": S.APPROVED, "check_comment": comment.strip(), "approved_at": timezone.now()}
        )
        _event(fresh, CheckEvent.Action.APPROVED, user, comment.strip())
    from .notifications import notify_approved

    transaction.on_commit(lambda: notify_approved(fresh))
    return fresh


def release(gutachten: Gutachten, on: date, by: User | None) -> None:
    """The testing body sent it (the procedure's send_gutachten step): the organisation may read it."""
    if gutachten.status != S.APPROVED:
        return
    set_and_move_version(gutachten, {"status": S.RELEASED, "released_on": on})
    CheckEvent.objects.create(
        gutachten=gutachten, action=CheckEvent.Action.RELEASED, by=by, at=timezone.now()
    )
