from django.urls import path

from . import procedure_views, views

app_name = "testing_reviewers"
urlpatterns = [
    path("", views.index, name="index"),
    path("pool/", views.pool, name="pool"),
    path("pool/new/", views.profile_create, name="profile_create"),
    path("pool/settings/", views.pool_settings, name="settings"),
    path("pool/<int:pk>/", views.profile_detail, name="profile"),
    path("pool/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("pool/<int:pk>/conflicts/new/", views.conflict_create, name="conflict_create"),
    path("me/", views.own_profile, name="own_profile"),
    path("me/edit/", views.own_profile_edit, name="own_profile_edit"),
    path("me/conflicts/new/", views.own_conflict_create, name="own_conflict_create"),
    path("advice/", views.advice, name="advice"),
    path("me/procedures/", procedure_views.my_procedures, name="my_procedures"),
    path("me/procedures/<int:pk>/", procedure_views.my_procedure, name="my_procedure"),
    path("procedures/", procedure_views.assignments, name="assignments"),
    path("procedures/<int:pk>/", procedure_views.procedure, name="procedure"),
    path("procedures/<int:pk>/assign/", procedure_views.assign, name="assign"),
    path("procedures/<int:pk>/assignments/<int:assignment>/reject/", procedure_views.reject, name="reject"),
    path("procedures/<int:pk>/assignments/<int:assignment>/end/", procedure_views.end, name="end"),
]
