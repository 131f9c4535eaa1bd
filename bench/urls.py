"""The project's URLs plus the two floors the benchmark divides by (never part of the product)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from gelingen.accounts.access import org_view
from gelingen.urls import urlpatterns as project_urlpatterns

SHELL = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}floor{% endblock %}{% block content %}<p>ok</p>{% endblock %}'
)


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """Login check, session and middleware like every page, but no query and no template of its own."""
    return HttpResponse("<!DOCTYPE html><title>floor</title><p>ok</p>")


@org_view()
def shell(request: HttpRequest) -> HttpResponse:
    """An organisation page with nothing on it: membership check, app shell, navigation."""
    return HttpResponse(SHELL.render({}, request))


urlpatterns = [
    path("bench-floor/", floor),
    path("o/<slug:org>/bench-shell/", shell),
    *project_urlpatterns,
]
