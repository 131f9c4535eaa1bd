"""Spam protection for the public feedback form: honeypot, minimum fill time, rate limit per address.

The form carries a signed timestamp; a submission faster than a human can type, or with an expired
or forged stamp, is refused. Accepted submissions are counted per organisation and client address in
the cache (the address is hashed and never stored in the database).
"""

from __future__ import annotations

import hashlib
import time

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

SALT = "gelingen.feedback.public-form"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 60 * 60
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60


def issue_token(organisation_id: int, now: float | None = None) -> str:
    return signing.dumps({"o": organisation_id, "t": now if now is not None else time.time()}, salt=SALT)


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


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged unless a trusted proxy sets it (see README).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(organisation_id: int, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"feedback:rate:{organisation_id}:{digest}"


def is_limited(organisation_id: int, address: str) -> bool:
    return (cache.get(_key(organisation_id, address)) or 0) >= RATE_LIMIT


def count_submission(organisation_id: int, address: str) -> None:
    """One more submission in the current window (the window starts with the first one)."""
    key = _key(organisation_id, address)
    if cache.add(key, 1, RATE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RATE_WINDOW_SECONDS)
