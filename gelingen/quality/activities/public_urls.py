"""Public URLs of this app, mounted at /calendar/: the secret iCalendar feed (no login) and its settings."""

from django.urls import path, re_path

from . import views

app_name = "activities_public"
urlpatterns = [
    path("feed/", views.feed_manage, name="feed_manage"),
    re_path(r"^(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", views.feed, name="feed"),
]
