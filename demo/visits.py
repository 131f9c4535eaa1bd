"""Demo visit and workshops: the procedure with open Auflagen (Lebenshilfe Werkstatt Ost) had its visit,
with findings, protocol and recommendation; Nordstadt's introductory workshop was held (its first
stock-taking with it); Am Fluss chose the moderator of its re-testing's follow-up workshop.

The Auflagen are written as the visit's findings (copies of the Gutachten's texts), so the demo needs no
Gutachten app. Runs after the reviewers' demo, which creates the pool.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from demo.accounts import TESTING_BODY
from demo.context import DemoContext
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import OFFICER
from gelingen.quality.models import Cycle
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment, ReviewerProfile
from gelingen.testing.visits import workshops
from gelingen.testing.visits.models import Finding, Visit, Workshop
from gelingen.testing.visits.visit import default_agenda

FINDINGS = [
    (
        "demo-qb3",
        "QB 3 Prozesse",
        "3.2 Schlüsselprozesse sind beschrieben",
        "Die Beschreibung des Aufnahmeprozesses in der Werkstatt vorlegen.",
        "Prozessbeschreibung „Aufnahme“ vom Frühjahr, im Qualitätszirkel beschlossen; Ablaufplan im Eingang.",
    ),
    (
        "demo-qb7",
        "QB 7 Führung",
        "7.1 Führungsleitlinien sind vereinbart",
        "Die beschlossenen Führungsleitlinien und ihre Bekanntgabe zeigen.",
        "Leitlinien mit Beschluss der Geschäftsführung; Protokoll der Teamversammlung mit Vorstellung.",
    ),
]


def _at(day) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def _profile(body: Organisation) -> ReviewerProfile | None:
    return (
        ReviewerProfile.objects.filter(testing_body=body, active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def _visit(ctx: DemoContext, body: Organisation, profile: ReviewerProfile) -> None:
    procedure = Procedure.objects.filter(
        testing_body=body, organisation__slug="lebenshilfe-werkstatt-ost", status=Procedure.Status.VISITED
    ).first()
    if procedure is None or procedure.visits.exists() or procedure.visit_on is None:
        return
    officer = body.members().filter(memberships__role=OFFICER).first()
    Assignment.objects.get_or_create(
        procedure=procedure,
        role=Assignment.Role.FIRST,
        ended_on=None,
        defaults={
            "reviewer": profile.user,
            "assigned_by": officer,
            "assigned_at": _at((procedure.submitted_on or ctx.today) + timedelta(days=3)),
            "notified_on": (procedure.submitted_on or ctx.today) + timedelta(days=3),
        },
    )
    day = procedure.visit_on
    visit = Visit.objects.create(
        procedure=procedure,
        round=1,
        on=day,
        place="Werkstatt Ost, Halle 2, Magdeburg",
        agenda=default_agenda(),
        participants="Geschäftsführung\nWerkstattleitung\nQualitätsbeauftragte\nVertretung des Werkstattrats",
        reported_at=_at(day - timedelta(days=14)),
        reported_by=profile.user,
        protocol=(
            "Rundgang durch Halle 1 und 2 mit der Werkstattleitung. Beide Auflagen wurden anhand der "
            "vorgelegten Unterlagen besprochen; die Nachweise liegen vollständig vor. Im Gespräch über das "
            "Gutachten ging es vor allem um die Beteiligung des Werkstattrats an der Zielplanung."
        ),
        recommendation=Visit.Recommendation.TESTAT,
        submitted_at=_at(day + timedelta(days=1)),
        submitted_by=profile.user,
    )
    Finding.objects.bulk_create(
        Finding(
            visit=visit,
            key=key,
            area=area,
            requirement=req,
            auflage=text,
            evidence=seen,
            met=True,
            position=n,
        )
        for n, (key, area, req, text, seen) in enumerate(FINDINGS)
    )


def _workshop(ctx: DemoContext, cycle: Cycle, held: bool) -> None:
    if Workshop.objects.filter(cycle=cycle).exists():
        return
    body = workshops.testing_body_for(cycle)
    if body is None:
        return
    moderator = workshops.pool(body, cycle).first()
    if moderator is None:
        return
    by = ctx.people.get("qm")
    if held:
        on = ctx.today - timedelta(days=60)
        if on < cycle.start_date:
            on = cycle.start_date
    else:
        on = ctx.today + timedelta(days=30)
    made = Workshop.objects.create(
        cycle=cycle,
        testing_body=body,
        kind=workshops.kind_for(cycle),
        moderator=moderator,
        chosen_by_organisation=workshops.kind_for(cycle) == Workshop.Kind.FOLLOW_UP,
        on=on,
        format=Workshop.Format.ON_SITE if held else Workshop.Format.DIGITAL,
        call_on=on - timedelta(days=10),
        participants="alle Mitarbeitenden (Teil 1)\nSteuerungsgruppe (Teil 2)",
        scheduled_by=by,
    )
    if held:
        workshops.record_result(
            made,
            held_on=on,
            result=(
                "Teil 1: Logik des Modells mit allen Mitarbeitenden. Teil 2: erste Bestandsaufnahme der "
                "Anforderungen mit der Steuerungsgruppe; offene Punkte gehen in die Maßnahmenplanung."
            ),
            participants="",
            by=moderator.user,
        )


def seed(ctx: DemoContext) -> None:
    body = Organisation.objects.filter(slug=TESTING_BODY["slug"]).first()
    if body is None or ctx.org.kind != Organisation.Kind.SERVICE:
        return
    profile = _profile(body)
    if profile is None:
        return
    if ctx.org.slug == "suchtberatung-nordstadt":
        _visit(ctx, body, profile)
        _workshop(ctx, ctx.cycle, held=True)
    elif ctx.org.slug == "jugendhilfe-am-fluss" and ctx.cycle.kind == Cycle.Kind.RETEST:
        _workshop(ctx, ctx.cycle, held=False)
