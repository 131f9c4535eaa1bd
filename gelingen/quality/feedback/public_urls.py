"""Public URLs (no login) of this app: the anonymous feedback form of each service organisation."""

from django.urls import path

from . import views

app_name = "feedback_public"
urlpatterns = [
    path("<slug:slug>/", views.public_form, name="form"),
    path("<slug:slug>/danke/", views.public_thanks, name="thanks"),
]
