"""Return addresses from `next` parameters, accepted only when they stay on this site (and, optionally, below a path)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, value: str | None, fallback: str = "", prefix: str = "/") -> str:
    """`value` if it is a local path starting with `prefix`, else `fallback` (no open redirects)."""
    value = value or ""
    if (
        value.startswith(prefix)
        and "\\" not in value
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return fallback
