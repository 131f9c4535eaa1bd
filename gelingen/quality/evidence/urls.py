from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("new/", views.evidence_create, name="create"),
    path("<int:pk>/", views.evidence_detail, name="detail"),
    path("<int:pk>/edit/", views.evidence_edit, name="edit"),
    path("<int:pk>/delete/", views.evidence_delete, name="delete"),
    path("<int:pk>/file/", views.evidence_download, name="download"),
    path("cycle/<int:pk>/", views.evidence_cycle, name="cycle"),
    path("cycle/<int:pk>/export.csv", views.evidence_cycle_csv, name="cycle_csv"),
    path("cycle/<int:pk>/export.pdf", views.evidence_cycle_pdf, name="cycle_pdf"),
]
