"""One spelling per account: e-mail addresses are compared trimmed and in lower case.

Accounts are stored in lower case (UserManager) and looked up case-insensitively; the login throttle
(django-axes, AXES_USERNAME_CALLABLE) counts failures under the same spelling, so `Team@...` and
`TEAM@...` share the lockout of `team@...`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def throttle_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """The user name django-axes counts failures under: from the credentials, else the posted form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        data = getattr(request, "POST", None)
        value = data.get(field) if data is not None else None
    return normalise_email(value) if value is not None else None
