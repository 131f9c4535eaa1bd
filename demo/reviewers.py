"""Demo reviewer pool: the demo testing body's reviewers get profiles with a KQS accreditation, and one
organisation has recorded advice it asked for outside the procedure (from a person outside the pool, so
the demo reviewer stays free for both organisations)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from demo.accounts import TESTING_BODY
from demo.context import DemoContext
from gelingen.accounts.models import Membership, Organisation
from gelingen.accounts.roles import OFFICER, REVIEWER
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.advice import record_advice_request
from gelingen.testing.reviewers.assignment import assign, share_with, submissions_of
from gelingen.testing.reviewers.models import (
    Accreditation,
    AdviceRequest,
    Assignment,
    PoolSettings,
    ReviewerProfile,
    join_codes,
)

REGIONS = ["NI", "HB", "HH"]


def _pool(ctx: DemoContext, body: Organisation) -> None:
    reviewers = Membership.objects.filter(organisation=body, role=REVIEWER).select_related("user")
    for n, membership in enumerate(reviewers):
        profile, created = ReviewerProfile.objects.get_or_create(
            testing_body=body,
            user=membership.user,
            defaults={
                "regions": join_codes(REGIONS[: 2 + n % 2]),
                "languages": join_codes(["de", "en"] if n % 2 == 0 else ["de", "tr"]),
                "capacity": 4,
                "phone": "0511 555 0140",
                "expertise": "Suchthilfe, Jugendhilfe, Beratungsstellen",
            },
        )
        if created:
            Accreditation.objects.create(
                profile=profile, model=ctx.model, valid_until=ctx.today + timedelta(days=820)
            )


def _assign(ctx: DemoContext, body: Organisation) -> None:
    """The demo reviewer reviews the submitted Selbstreport of one demo procedure (no e-mails sent)."""
    procedure = (
        Procedure.objects.filter(
            testing_body=body, status=Procedure.Status.SUBMITTED, assignments__isnull=True
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    officer = body.members().filter(memberships__role=OFFICER).first()
    profile = ReviewerProfile.objects.filter(testing_body=body, active=True).select_related("user").first()
    if procedure is None or officer is None or profile is None:
        return
    made = Assignment.objects.create(
        procedure=procedure,
        reviewer=profile.user,
        assigned_by=officer,
        notified_on=ctx.today - timedelta(days=3),
    )
    share_with(made, submissions_of(procedure), officer)


SECOND_CHECK_SLUG = "familienzentrum-am-hafen"  # see demo/testing.py EXTRA
SECOND_CHECK_AUTHOR = "gutachter@testierung-nord.example"


def _pair(ctx: DemoContext, body: Organisation) -> None:
    """Sven Ohlsen writes the Gutachten on the harbour family centre, Prof. Karin Albers checks it second
    (demo/gutachten.py hands it over): the demo reviewer login has a second check waiting."""
    procedure = (
        Procedure.objects.filter(
            testing_body=body,
            organisation__slug=SECOND_CHECK_SLUG,
            status=Procedure.Status.SUBMITTED,
            assignments__isnull=True,
        )
        .select_related("organisation", "cycle__model", "testing_body")
        .first()
    )
    officer = body.members().filter(memberships__role=OFFICER).first()
    profiles = ReviewerProfile.objects.filter(testing_body=body, active=True).select_related("user")
    first = profiles.filter(user__email=SECOND_CHECK_AUTHOR).first()
    second = profiles.exclude(user__email=SECOND_CHECK_AUTHOR).first()
    if procedure is None or officer is None or first is None or second is None:
        return
    on = ctx.today - timedelta(days=30)
    made = [
        assign(procedure, first, Assignment.Role.FIRST, by=officer, on=on),
        assign(procedure, second, Assignment.Role.SECOND, by=officer, on=on),
    ]
    at = datetime.combine(on, time(11, 0), tzinfo=UTC)  # the history as it happened, not today
    Assignment.objects.filter(pk__in=[a.pk for a in made]).update(assigned_at=at)


def seed(ctx: DemoContext) -> None:
    body = Organisation.objects.filter(slug=TESTING_BODY["slug"]).first()
    if body is None:
        return
    PoolSettings.objects.get_or_create(testing_body=body)  # the defaults, shown on the settings page
    _pool(ctx, body)
    _assign(ctx, body)
    _pair(ctx, body)
    if (
        ctx.org.slug == "jugendhilfe-am-fluss"
        and not AdviceRequest.objects.filter(organisation=ctx.org).exists()
    ):
        record_advice_request(
            AdviceRequest(
                organisation=ctx.org,
                name="Dr. Jens Maier",
                email="jens.maier@beratung.example",
                asked_on=ctx.today - timedelta(days=240),
                advice_until=ctx.today - timedelta(days=180),
                topic="Moderation einer Klausur zur Neuordnung der Beratungsangebote",
                recorded_by=ctx.people.get("leitung"),
            )
        )
