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
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

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
    # The separator keeps "10.0.0.1" + "23" apart from "10.0.0.12" + "3".
    digest = salted_hmac("feedback-rate", f"{address}|{organisation_id}").hexdigest()
    return f"feedback-rate:{digest}"


def is_limited(organisation_id: int, address: str) -> bool:
    """Whether the limit is already used up (read only; to spare people typing in vain).

    The decision about a submission is `take_slot`, which counts atomically."""
    return (cache.get(_key(organisation_id, address)) or 0) >= RATE_LIMIT


def take_slot(organisation_id: int, address: str) -> bool:
    """Count one submission; False when it exceeds the limit of the current window.

    `add` creates the counter only if it is missing (the window starts with the first submission)
    and `incr` is atomic in the cache, so parallel requests cannot all pass a check made before
    anyone counted."""
    key = _key(organisation_id, address)
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first one of a new window
        cache.add(key, 0, RATE_WINDOW_SECONDS)
        count = cache.incr(key)
    return count <= RATE_LIMIT
