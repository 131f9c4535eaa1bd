"""Pages of shared submissions, outside /o/: opened through a grant (or by the owner's members)."""

from django.urls import path

from . import sharing

app_name = "selfreport_shared"
urlpatterns = [
    path("submissions/<int:pk>/", sharing.shared_submission, name="submission"),
    path("submissions/<int:pk>/file.<str:fmt>", sharing.shared_submission_file, name="submission_file"),
]
