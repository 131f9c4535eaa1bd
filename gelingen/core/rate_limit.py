"""Counters in the cache for rate limits (public feedback form, password-reset e-mails).

Keys are a keyed hash (HMAC with the SECRET_KEY) of what is counted, so neither addresses nor e-mail
addresses can be read back from the cache; nothing is stored in the database.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def key(scope: str, *parts: object) -> str:
    # The separator keeps "10.0.0.1" + "23" apart from "10.0.0.12" + "3".
    return f"{scope}:" + salted_hmac(scope, "|".join(str(part) for part in parts)).hexdigest()


def used_up(counter: str, limit: int) -> bool:
    """Whether the limit is already reached (read only; the binding decision is `take_slot`)."""
    return (cache.get(counter) or 0) >= limit


def take_slot(counter: str, limit: int, window_seconds: int) -> bool:
    """Count one use; False when it exceeds the limit of the current window.

    `add` creates the counter only if it is missing (the window starts with the first use) and `incr`
    is atomic in the cache, so parallel requests cannot all pass a check made before anyone counted."""
    cache.add(counter, 0, window_seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr: this is the first one of a new window
        cache.add(counter, 0, window_seconds)
        count = cache.incr(counter)
    return count <= limit
