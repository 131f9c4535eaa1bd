"""Spam protection for the public feedback form: honeypot, minimum fill time, rate limit per address.

The form carries a signed timestamp; a submission faster than a human can type, or with an expired
or forged stamp, is refused. Each token is accepted once (a replay, from any address,
is refused). Submissions are counted per organisation and client address in the cache.
The cache key is a keyed hash (HMAC with the SECRET_KEY) of address and organisation, so the address
cannot be recovered from it by trying all IPv4 addresses; it is never stored in the database.

The address comes from `gelingen.core.client_address` (behind a reverse proxy: `TRUSTED_PROXY_COUNT`),
the same function the login throttle uses.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from gelingen.core import rate_limit

from .models import UsedFeedbackToken

SALT = "gelingen.feedback.public-form"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 60 * 60
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60


def issue_token(organisation_id: int, now: float | None = None) -> str:
    # The nonce keeps two forms opened in the same instant apart (each token is single-use).
    stamp = now if now is not None else time.time()
    return signing.dumps({"o": organisation_id, "t": stamp, "n": secrets.token_urlsafe(9)}, salt=SALT)


def spend_token(token: str, now: datetime | None = None) -> bool:
    """Mark a (checked) token as used; False if it was used before, also by a request at the same time.

    Records older than the token lifetime are removed on the way: such tokens count as expired anyway."""
    now = now or timezone.now()
    UsedFeedbackToken.objects.filter(used_at__lt=now - timedelta(seconds=MAX_AGE_SECONDS)).delete()
    try:
        with transaction.atomic():
            UsedFeedbackToken.objects.create(digest=hashlib.sha256(token.encode()).hexdigest(), used_at=now)
    except IntegrityError:
        return False
    return True


def token_problem(token: str, organisation_id: int, now: float | None = None) -> str | None:
    """None if the token is fine; else "invalid", "too_fast" or "expired"."""
    now = now if now is not None else time.time()
    try:
        data = signing.loads(token or "", salt=SALT)
        issued = float(data["t"])
        if data["o"] != organisation_id:
            return "invalid"
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return "invalid"
    if now - issued < MIN_SECONDS:
        return "too_fast"
    if now - issued > MAX_AGE_SECONDS:
        return "expired"
    return None


def _key(organisation_id: int, address: str) -> str:
    return rate_limit.key("feedback-rate", address, organisation_id)


def is_limited(organisation_id: int, address: str) -> bool:
    """Whether the limit is already used up (read only; to spare people typing in vain).

    The decision about a submission is `take_slot`, which counts atomically."""
    return rate_limit.used_up(_key(organisation_id, address), RATE_LIMIT)


def take_slot(organisation_id: int, address: str) -> bool:
    """Count one submission; False when it exceeds the limit of the current window."""
    return rate_limit.take_slot(_key(organisation_id, address), RATE_LIMIT, RATE_WINDOW_SECONDS)
