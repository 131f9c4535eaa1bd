from django.urls import path

from . import views

app_name = "leitbild"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("draft/", views.draft_edit, name="draft_edit"),
    path("draft/new/", views.draft_start, name="draft_start"),
    path("draft/discard/", views.draft_discard, name="draft_discard"),
    path("draft/publish/", views.publish, name="publish"),
    path("versions/", views.history, name="history"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/communication/", views.communication, name="communication"),
    path("compare/", views.diff, name="diff"),
    path("revision/", views.revision, name="revision"),
    path("participation/", views.participation_list, name="participation_list"),
    path("participation/new/", views.participation_add, name="participation_add"),
    path("participation/<int:pk>/edit/", views.participation_edit, name="participation_edit"),
    path("participation/<int:pk>/delete/", views.participation_delete, name="participation_delete"),
]
