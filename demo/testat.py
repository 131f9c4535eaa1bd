"""Demo Testat: Am Fluss's first testing ended with three agreed strategic goals, signed by its Leitung
and the testing body's officer, and a Testat with a number; its re-testing Selbstreport reports on
exactly these goals in 12a (one already written up)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta

from demo.context import DemoContext
from demo.testing import _body, _officer
from gelingen.accounts.roles import LEITUNG
from gelingen.selfreport.models import GoalReport, SelfReport
from gelingen.selfreport.setup import sync_goal_reports
from gelingen.testing.models import Procedure
from gelingen.testing.testat import goals
from gelingen.testing.testat.models import AgreementVersion, Goal, Signature, Testat
from gelingen.testing.testat.signals import issue

GOALS = [
    (
        "Alle Angebote arbeiten mit überprüfbaren Wirkungszielen",
        "Jedes Team legt jährlich höchstens drei Wirkungsziele fest und wertet sie aus.",
        ["Für jedes Angebot liegen schriftliche Wirkungsziele vor", "Jährlicher Auswertungsbericht je Team"],
    ),
    (
        "Die jungen Menschen bestimmen in den Gruppen mit",
        "",
        [
            "Ein Gruppenrat tagt in jeder Wohngruppe mindestens viermal im Jahr",
            "Beschwerdeweg ist bekannt (Befragung)",
        ],
    ),
    (
        "Fachkräfte bleiben länger bei uns",
        "Personalentwicklung mit festen Entwicklungsgesprächen und Einarbeitung.",
        ["Fluktuation unter 12 % im Jahr", "Entwicklungsgespräch mit jeder Fachkraft jährlich dokumentiert"],
    ),
]


def _at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def seed(ctx: DemoContext) -> None:
    if ctx.org.slug != "jugendhilfe-am-fluss":
        return
    procedure = (
        Procedure.objects.filter(organisation=ctx.org, status=Procedure.Status.CERTIFIED)
        .select_related("cycle__model", "organisation", "testing_body")
        .order_by("-testat_on")
        .first()
    )
    if procedure is None or Testat.objects.filter(procedure=procedure).exists():
        return
    body = _body()
    officer = _officer(body)
    leitung = ctx.people[LEITUNG]
    assert procedure.workshop_held_on and procedure.agreement_returned_on and officer
    for i, (title, description, indicators) in enumerate(GOALS):
        Goal.objects.create(
            procedure=procedure,
            position=i,
            title=title,
            description=description,
            indicators="\n".join(indicators),
            status=Goal.Status.APPROVED,
            checked_by=officer,
            checked_at=_at(procedure.workshop_held_on + timedelta(days=5)),
        )
    goal_list = goals.goals_of(procedure)
    pdf = goals.render_agreement(procedure, goal_list, 1)
    version = AgreementVersion.objects.create(
        procedure=procedure,
        number=1,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        goals_fingerprint=goals.fingerprint(goal_list),
        created_at=_at(procedure.agreement_sent_on or procedure.workshop_held_on),
        created_by=officer,
    )
    sent = procedure.agreement_sent_on or procedure.workshop_held_on
    for side, person, day in (
        (Signature.Side.TESTING_BODY, officer, sent),
        (Signature.Side.ORGANISATION, leitung, procedure.agreement_returned_on),
    ):
        Signature.objects.create(
            version=version,
            side=side,
            user=person,
            name=person.name,
            signed_at=_at(day, 11),
            sha256=version.sha256,
        )
    issue(procedure)
    _report_on_goals(ctx)


def _report_on_goals(ctx: DemoContext) -> None:
    report = SelfReport.objects.filter(cycle=ctx.cycle).first()
    chapter = report.chapters.filter(key="qb12a").first() if report else None
    if chapter is None or not sync_goal_reports(chapter):
        return
    first = chapter.goal_reports.order_by("position").first()
    if first is not None:
        first.outcome = GoalReport.Outcome.ACHIEVED
        first.text = (
            "Seit drei Jahren legen alle fünf Teams ihre Wirkungsziele im Januar fest; die Auswertungen "
            "liegen im Ordner QM."
        )
        first.save(update_fields=["outcome", "text"])
