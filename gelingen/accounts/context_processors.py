from django.http import HttpRequest


def memberships(request: HttpRequest) -> dict:
    """The current membership and the others, for the organisation switcher (one query, lazily)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "membership", None)

    def others():
        return [
            m
            for m in request.user.memberships.select_related("organisation")
            if current is None or m.pk != current.pk
        ]

    return {"membership": current, "org": getattr(request, "org", None), "other_memberships": others}
