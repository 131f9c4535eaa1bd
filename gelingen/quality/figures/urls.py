from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.figure_list, name="list"),
    path("new/", views.figure_create, name="create"),
    path("<int:pk>/", views.figure_detail, name="detail"),
    path("<int:pk>/edit/", views.figure_edit, name="edit"),
    path("<int:pk>/delete/", views.figure_delete, name="delete"),
    path("<int:pk>/values/new/", views.value_add, name="value_add"),
    path("<int:pk>/values/<int:value>/edit/", views.value_edit, name="value_edit"),
    path("<int:pk>/values/<int:value>/delete/", views.value_delete, name="value_delete"),
    path("import/", views.value_import, name="import"),
    path("import/vorlage.csv", views.import_template, name="import_template"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/assessments/new/", views.assessment_add, name="assessment_add"),
    path(
        "indicators/<int:pk>/assessments/<int:assessment>/edit/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "indicators/<int:pk>/assessments/<int:assessment>/delete/",
        views.assessment_delete,
        name="assessment_delete",
    ),
    path("report/", views.report_view, name="report"),
    path("report/export.csv", views.report_csv, name="report_csv"),
]
