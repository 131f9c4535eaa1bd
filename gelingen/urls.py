from django.contrib import admin
from django.urls import include, path

from gelingen import features
from gelingen.core import health
from gelingen.quality import views as quality_views

ORG = "o/<slug:org>/"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("gelingen.accounts.urls")),
    path(ORG, quality_views.dashboard, name="dashboard"),
    path(f"{ORG}jobs/", include("gelingen.jobs.urls")),
    *[path(f"{ORG}{f.url_prefix}", include(f.urls)) for f in features.FEATURES],
    *[path(f.public_prefix, include(f.public_urls)) for f in features.FEATURES if f.public_prefix],
    *[
        path(f"shared/{f.granted_prefix}", include(f.granted_urls))
        for f in features.FEATURES
        if f.granted_prefix
    ],
    path("catalogue/", include("gelingen.catalogue.urls")),
    path("admin/", admin.site.urls),
]
