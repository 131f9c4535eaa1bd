"""How many password-reset e-mails may go out: per target address and per client address.

Every request counts, whether an account exists or not, and a refused request looks exactly like an
accepted one (same page, no e-mail), so the limit reveals nothing about which addresses have accounts.
"""

from __future__ import annotations

from gelingen.core import rate_limit

from .usernames import normalise_email

PER_ADDRESS = 3  # e-mails to one address per window
PER_CLIENT = 10  # requests from one client per window
WINDOW_SECONDS = 60 * 60


def may_send_reset(email: str, client: str | None) -> bool:
    """Count this request against the target and the client; False if either limit is exceeded."""
    target_ok = rate_limit.take_slot(
        rate_limit.key("reset-target", normalise_email(email)), PER_ADDRESS, WINDOW_SECONDS
    )
    client_ok = rate_limit.take_slot(
        rate_limit.key("reset-client", client or "unknown"), PER_CLIENT, WINDOW_SECONDS
    )
    return target_ok and client_ok
