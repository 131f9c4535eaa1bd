from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("cycles/current/", views.current_assessment, name="current_assessment"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/", views.assessment, name="assessment"),
    path("cycles/<int:pk>/export.csv", views.assessment_csv, name="assessment_csv"),
    path("cycles/<int:pk>/rows/<int:row>/", views.assessment_update, name="assessment_update"),
    path("cycles/<int:pk>/rows/<int:row>/history/", views.assessment_history, name="assessment_history"),
]
