from django.contrib import admin
from django.urls import include, path

from gelingen.quality import views as quality_views

ORG = "o/<slug:org>/"
QUALITY_APPS = ["leitbild", "evidence", "handbook", "measures", "ideas", "activities", "feedback", "figures"]

urlpatterns = [
    path("", include("gelingen.accounts.urls")),
    path(ORG, quality_views.dashboard, name="dashboard"),
    path(ORG, include("gelingen.quality.urls")),
    *[path(f"{ORG}{app}/", include(f"gelingen.quality.{app}.urls")) for app in QUALITY_APPS],
    path(f"{ORG}selfreport/", include("gelingen.selfreport.urls")),
    path("feedback/", include("gelingen.quality.feedback.public_urls")),
    path("calendar/", include("gelingen.quality.activities.public_urls")),
    path("catalogue/", include("gelingen.catalogue.urls")),
    path("admin/", admin.site.urls),
]
