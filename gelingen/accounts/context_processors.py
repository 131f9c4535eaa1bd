from django.http import HttpRequest

from .recent import recent_for_header

RECENT_IN_HEADER = 5


def memberships(request: HttpRequest) -> dict:
    """The current membership and a few recently opened others for the header's switcher (cached per
    person, read only when the page shows it); the chooser page lists them all."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "membership", None)
    user = request.user  # narrowed here, not inside the closure below
    recent: list = []

    def load() -> tuple:
        if not recent:
            recent.append(recent_for_header(user, current, RECENT_IN_HEADER))
        return recent[0]

    return {
        "membership": current,
        "org": getattr(request, "org", None),
        "other_memberships": lambda: load()[0],
        "more_memberships": lambda: load()[1],
    }
