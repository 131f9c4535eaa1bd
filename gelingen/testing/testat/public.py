"""The public verification page of a Testat (no login): valid, expired or withdrawn, and nothing else.

It answers with the organisation's name as certified and the validity dates only: no contacts, no
procedure data, no list of numbers. Lookups are counted per client address (core.rate_limit), so the
numbers cannot be tried out in bulk; an unknown number gets a plain 404 page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from gelingen.core import rate_limit
from gelingen.core.client_address import client_address

from .forms import LookupForm
from .models import Testat

RATE_LIMIT = 30  # lookups per address and window
RATE_WINDOW_SECONDS = 10 * 60


def _unlisted(response: HttpResponse) -> HttpResponse:
    """Search engines keep no copy: the page answers whoever holds a number, it lists nothing."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _allowed(request: HttpRequest) -> bool:
    counter = rate_limit.key("testat-verify", client_address(request) or "-")
    return rate_limit.take_slot(counter, RATE_LIMIT, RATE_WINDOW_SECONDS)


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "testing_testat/verify.html", {"form": LookupForm(), "limited": True}, status=429)


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """A small form: type a number, land on its page."""
    form = LookupForm(request.GET or None)
    if form.is_valid():
        return redirect("testat_public:verify", form.cleaned_data["number"].strip().upper())
    return render(request, "testing_testat/verify.html", {"form": form})


@never_cache
def verify(request: HttpRequest, number: str) -> HttpResponse:
    if not _allowed(request):
        return _limited(request)
    testat = (
        Testat.objects.filter(number=number.strip().upper())
        .only("number", "organisation_name", "testat_on", "valid_until", "withdrawn_on")
        .first()
    )
    form = LookupForm(initial={"number": number})
    if testat is None:
        return render(
            request, "testing_testat/verify.html", {"form": form, "unknown": number[:40]}, status=404
        )
    today = timezone.localdate()
    facts = {
        "number": testat.number,
        "organisation": testat.organisation_name,
        "status": testat.status(today),
        "status_label": testat.status_label(today),
        "testat_on": testat.testat_on,
        "valid_until": testat.valid_until,
        "withdrawn_on": testat.withdrawn_on if testat.status(today) == Testat.Status.WITHDRAWN else None,
    }
    return _unlisted(render(request, "testing_testat/verify.html", {"form": form, "facts": facts}))
