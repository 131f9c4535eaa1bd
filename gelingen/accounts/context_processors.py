from django.http import HttpRequest

from .models import recent_memberships

RECENT_IN_HEADER = 5


def memberships(request: HttpRequest) -> dict:
    """The current membership and a few recently opened others for the header's switcher (one query,
    only when the page shows it); the chooser page lists them all."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "membership", None)
    recent: list = []

    def others():
        if not recent:
            recent.append(recent_memberships(request.user, exclude=current, limit=RECENT_IN_HEADER + 1))
        return recent[0][:RECENT_IN_HEADER]

    def more_memberships() -> bool:
        others()
        return len(recent[0]) > RECENT_IN_HEADER

    return {
        "membership": current,
        "org": getattr(request, "org", None),
        "other_memberships": others,
        "more_memberships": more_memberships,
    }
