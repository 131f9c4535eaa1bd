"""Demo reviewer pool: the demo testing body's reviewers get profiles with a KQS accreditation, and one
organisation has recorded advice it asked for outside the procedure (from a person outside the pool, so
the demo reviewer stays free for both organisations)."""

from __future__ import annotations

from datetime import timedelta

from demo.accounts import TESTING_BODY
from demo.context import DemoContext
from gelingen.accounts.models import Membership, Organisation
from gelingen.accounts.roles import REVIEWER
from gelingen.testing.reviewers.advice import record_advice_request
from gelingen.testing.reviewers.models import Accreditation, AdviceRequest, ReviewerProfile, join_codes

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


def seed(ctx: DemoContext) -> None:
    body = Organisation.objects.filter(slug=TESTING_BODY["slug"]).first()
    if body is None:
        return
    _pool(ctx, body)
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
