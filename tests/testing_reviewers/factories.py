from __future__ import annotations

from datetime import date

from gelingen.accounts.models import Organisation, User
from gelingen.accounts.roles import OFFICER, REVIEWER
from gelingen.testing.reviewers.models import Accreditation, ConflictOfInterest, ReviewerProfile, join_codes
from tests.conftest import add_member


def make_body(slug: str = "pruef", name: str = "Testierungsstelle Nord") -> Organisation:
    return Organisation.objects.create(name=name, slug=slug, kind=Organisation.Kind.TESTING_BODY)


def make_officer(body: Organisation, email: str | None = None) -> User:
    return add_member(body, OFFICER, email or f"officer@{body.slug}.example")


def make_profile(
    body: Organisation,
    email: str | None = None,
    *,
    model=None,
    valid_until: date = date(2028, 12, 31),
    regions: tuple[str, ...] = ("BE",),
    languages: tuple[str, ...] = ("de",),
    capacity: int = 3,
    active: bool = True,
) -> ReviewerProfile:
    user = add_member(body, REVIEWER, email)
    profile = ReviewerProfile.objects.create(
        testing_body=body,
        user=user,
        regions=join_codes(list(regions)),
        languages=join_codes(list(languages)),
        capacity=capacity,
        active=active,
    )
    if model is not None:
        Accreditation.objects.create(profile=profile, model=model, valid_until=valid_until)
    return profile


def make_conflict(
    profile: ReviewerProfile, organisation: Organisation, kind: str, start: date, end=None, note=""
):
    return ConflictOfInterest.objects.create(
        reviewer=profile.user,
        organisation=organisation,
        kind=kind,
        period_from=start,
        period_to=end,
        note=note,
        source=ConflictOfInterest.Source.TESTING_BODY,
    )
