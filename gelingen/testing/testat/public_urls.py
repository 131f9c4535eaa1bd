"""Public URLs (no login): the verification page of a Testat, reached from the QR code on the certificate."""

from django.urls import path

from . import public

app_name = "testat_public"
urlpatterns = [
    path("", public.lookup, name="lookup"),
    path("<str:number>/", public.verify, name="verify"),
]
