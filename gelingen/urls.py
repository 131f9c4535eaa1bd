from django.contrib import admin
from django.urls import include, path

from gelingen.quality import views as quality_views

urlpatterns = [
    path("", include("gelingen.accounts.urls")),
    path("o/<slug:org>/", quality_views.dashboard, name="dashboard"),
    path("o/<slug:org>/", include("gelingen.quality.urls")),
    path("catalogue/", include("gelingen.catalogue.urls")),
    path("admin/", admin.site.urls),
]
