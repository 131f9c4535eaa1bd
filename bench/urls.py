"""The project's URLs plus the bare page the benchmark divides by (never part of the product)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from gelingen.urls import urlpatterns as project_urlpatterns


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """Login check, session and middleware like every page, but no query and no template of its own."""
    return HttpResponse("<!DOCTYPE html><title>floor</title><p>ok</p>")


urlpatterns = [path("bench-floor/", floor), *project_urlpatterns]
