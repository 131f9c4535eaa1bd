"""Advice outside the testing procedure turns into conflicts of interest (decided rule 9).

An organisation records that it asked someone for advice; the reviewer records that they advised an
organisation. Either way the person gets a conflict for that organisation. The organisation names the
person by e-mail address and learns nothing about pools: the answer is the same whether the address
belongs to a reviewer or not.
"""

from __future__ import annotations

from django.db import transaction

from gelingen.accounts.models import User
from gelingen.accounts.usernames import normalise_email

from .models import AdviceRequest, ConflictOfInterest, ReviewerProfile


def _conflict_from(advice: AdviceRequest, reviewer: User) -> ConflictOfInterest:
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        reviewer=reviewer,
        advice_request=advice,
        defaults={
            "organisation_id": advice.organisation_id,
            "kind": ConflictOfInterest.Kind.ADVISED,
            "period_from": advice.asked_on,
            "period_to": advice.advice_until,
            "note": advice.topic,
            "source": ConflictOfInterest.Source.ORGANISATION,
            "recorded_by": advice.recorded_by,
        },
    )
    return conflict


def record_advice_request(advice: AdviceRequest) -> list[ConflictOfInterest]:
    """Save the organisation's note and give the named person (if in a pool) the conflict."""
    advice.email = normalise_email(advice.email)
    with transaction.atomic():
        advice.save()
        reviewer = User.objects.filter(email__iexact=advice.email, reviewer_profiles__isnull=False).first()
        return [_conflict_from(advice, reviewer)] if reviewer is not None else []


def link_advice_requests(profile: ReviewerProfile) -> list[ConflictOfInterest]:
    """A new pool profile picks up the advice organisations recorded for this person before."""
    requests = AdviceRequest.objects.filter(email__iexact=profile.user.email).exclude(
        conflicts__reviewer=profile.user
    )
    return [_conflict_from(advice, profile.user) for advice in requests]
