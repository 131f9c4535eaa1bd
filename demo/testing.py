"""Testing procedures at the demo testing body, in several states, reachable from its officer's list.

Nordstadt's cycle is confirmed and waits for its Selbstreport; Am Fluss holds a Testat from its first
testing that runs out within the year, so its re-testing is due. Three more (fictitious, login-less)
organisations show a fresh registration, a Selbstreport under review and open Auflagen; a fourth one's
Selbstreport is under review too, with its Gutachten in the second check. The history is
written as it would have happened (each step logged with its date); the deadlines are computed live.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from demo import accounts
from demo.context import DemoContext
from gelingen.accounts.models import Organisation, User
from gelingen.accounts.roles import LEITUNG, OFFICER, QM
from gelingen.quality.models import Cycle
from gelingen.testing import sharing, timeline
from gelingen.testing.models import Procedure, Transition

S = Procedure.Status
EXTRA = [
    # slug, name, city, state, status, months since registration
    ("frauenberatung-suedstadt", "Frauenberatung Südstadt e.V.", "Braunschweig", "NI", S.REGISTERED, 0),
    ("schuldnerberatung-am-markt", "Schuldnerberatung Am Markt", "Bremen", "HB", S.SUBMITTED, 15),
    ("lebenshilfe-werkstatt-ost", "Lebenshilfe Werkstatt Ost gGmbH", "Magdeburg", "ST", S.VISITED, 17),
    # under review as well: its Gutachten waits for the second check (demo/reviewers.py, gutachten.py)
    ("familienzentrum-am-hafen", "Familienzentrum Am Hafen e.V.", "Hamburg", "HH", S.SUBMITTED, 16),
]


def _body() -> Organisation:
    return Organisation.objects.get(slug=accounts.TESTING_BODY["slug"])


def _officer(body: Organisation) -> User | None:
    return (
        User.objects.filter(memberships__organisation=body, memberships__role=OFFICER).order_by("pk").first()
    )


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def _put(
    cycle: Cycle, body: Organisation, by: User | None, officer: User | None, state: str, steps: list, **fields
) -> Procedure:
    """A procedure with its logged history: steps are (key, from, to, date, actor, note)."""
    registered_on = steps[0][3]
    procedure = Procedure.objects.create(
        organisation=cycle.organisation,
        testing_body=body,
        cycle=cycle,
        state=state,
        officer=officer,
        registered_at=_at(registered_on),
        registered_by=by,
        status=steps[-1][2],
        lock_version=len(steps),
        **fields,
    )
    Transition.objects.bulk_create(
        Transition(
            procedure=procedure,
            step=key,
            from_status=frm,
            to_status=to,
            by=actor,
            at=_at(on),
            on=on,
            note=note,
        )
        for key, frm, to, on, actor, note in steps
    )
    procedure.save(update_fields=list(timeline.next_fields(procedure)))
    return procedure


def seed(ctx: DemoContext) -> None:
    body = _body()
    officer = _officer(body)
    if ctx.org.slug == "suchtberatung-nordstadt":
        _nordstadt(ctx, body, officer)
        _extra(ctx, body, officer)
    elif ctx.org.slug == "jugendhilfe-am-fluss":
        _am_fluss(ctx, body, officer)


def _nordstadt(ctx: DemoContext, body: Organisation, officer: User | None) -> None:
    if Procedure.objects.filter(cycle=ctx.cycle).exists():
        return
    qm = ctx.people[QM]
    registered = ctx.today - timedelta(days=110)
    confirmed = registered + timedelta(days=9)
    _put(
        ctx.cycle,
        body,
        qm,
        officer,
        "NI",
        [
            ("register", S.REGISTERED, S.REGISTERED, registered, qm, ""),
            (
                "confirm",
                S.REGISTERED,
                S.CONFIRMED,
                confirmed,
                officer,
                "Vertrag kommt mit dieser Bestätigung zustande.",
            ),
        ],
        confirmed_on=confirmed,
    )


def _am_fluss(ctx: DemoContext, body: Organisation, officer: User | None) -> None:
    """The first testing four years ago ended with a Testat that expires in about ten months."""
    previous = (
        Cycle.objects.filter(organisation=ctx.org, kind=Cycle.Kind.FIRST).order_by("start_date").first()
    )
    if previous is None or Procedure.objects.filter(cycle=previous).exists():
        return
    leitung, qm = ctx.people[LEITUNG], ctx.people[QM]
    expires = ctx.today + relativedelta(months=10)
    workshop = expires - relativedelta(years=4)
    submitted = workshop - timedelta(days=120)
    confirmed = submitted - relativedelta(months=11)
    registered = confirmed - timedelta(days=14)
    sent = submitted + timedelta(days=77)
    visit = sent + timedelta(days=25)
    letter = visit + timedelta(days=7)
    reported = letter
    agreement_sent = workshop + timedelta(days=10)
    returned = agreement_sent + timedelta(days=12)
    procedure = _put(
        previous,
        body,
        qm,
        officer,
        "NI",
        [
            ("register", S.REGISTERED, S.REGISTERED, registered, qm, ""),
            ("confirm", S.REGISTERED, S.CONFIRMED, confirmed, officer, ""),
            ("submit", S.CONFIRMED, S.SUBMITTED, submitted, leitung, "#1"),
            ("send_gutachten", S.SUBMITTED, S.GUTACHTEN, sent, officer, "alle Anforderungen erfüllt"),
            ("workshop_reported", S.GUTACHTEN, S.GUTACHTEN, reported - timedelta(days=20), officer, ""),
            ("visit", S.GUTACHTEN, S.VISITED, visit, officer, ""),
            ("decide_met", S.VISITED, S.DECIDED, letter, officer, ""),
            ("hold_workshop", S.DECIDED, S.WORKSHOP_HELD, workshop, officer, ""),
            ("send_agreement", S.WORKSHOP_HELD, S.AGREEMENT_SENT, agreement_sent, officer, ""),
            ("agreement_returned", S.AGREEMENT_SENT, S.AGREEMENT_SENT, returned, officer, ""),
            ("certify", S.AGREEMENT_SENT, S.CERTIFIED, returned + timedelta(days=2), officer, ""),
        ],
        confirmed_on=confirmed,
        submitted_on=submitted,
        gutachten_sent_on=sent,
        gutachten_received_on=sent + timedelta(days=1),
        outcome=Procedure.Outcome.ALL_MET,
        visit_on=visit,
        decision=Procedure.Decision.MET,
        decision_letter_on=letter,
        workshop_reported_on=reported - timedelta(days=20),
        workshop_on=workshop,
        workshop_held_on=workshop,
        agreement_sent_on=agreement_sent,
        agreement_returned_on=returned,
        testat_on=workshop,
        testat_issued_on=returned + timedelta(days=2),
        valid_until=expires,
    )
    sharing.share_all(procedure, leitung)


def _extra(ctx: DemoContext, body: Organisation, officer: User | None) -> None:
    for slug, name, city, state, status, months in EXTRA:
        org, created = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "city": city, "kind": Organisation.Kind.SERVICE}
        )
        if not created and Procedure.objects.filter(organisation=org).exists():
            continue
        year = ctx.today.year
        cycle = Cycle.objects.create(
            organisation=org,
            model=ctx.model,
            title=f"Ersttestierung {year}/{year + 1}",
            start_date=ctx.today - relativedelta(months=months + 2),
            target_date=ctx.today + timedelta(days=200),
        )
        registered = ctx.today - relativedelta(months=months) - timedelta(days=3)
        steps: list[tuple] = [("register", S.REGISTERED, S.REGISTERED, registered, None, "")]
        fields: dict = {}
        if status != S.REGISTERED:
            confirmed = registered + timedelta(days=10)
            submitted = ctx.today - timedelta(days=40 if status == S.SUBMITTED else 100)
            steps += [
                ("confirm", S.REGISTERED, S.CONFIRMED, confirmed, officer, ""),
                ("submit", S.CONFIRMED, S.SUBMITTED, submitted, None, "#1"),
            ]
            fields.update(confirmed_on=confirmed, submitted_on=submitted)
        if status == S.VISITED:  # Auflagen in two areas, checked at the visit: decision still open
            sent = ctx.today - timedelta(days=30)
            visit = ctx.today - timedelta(days=4)
            steps += [
                ("send_gutachten", S.SUBMITTED, S.GUTACHTEN, sent, officer, "Auflagen in QB 3 und QB 7"),
                ("visit", S.GUTACHTEN, S.VISITED, visit, officer, ""),
            ]
            fields.update(
                gutachten_sent_on=sent,
                outcome=Procedure.Outcome.AUFLAGEN,
                visit_on=visit,
                gutachten_received_on=sent + timedelta(days=2),
            )
        _put(cycle, body, None, officer, state, steps, **fields)
