from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("standard/", views.activity_standard, name="standard"),
    path("due/", views.due, name="due"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("<int:pk>/done/", views.occurrence_create, name="occurrence_create"),
    path("<int:pk>/done/<int:occurrence>/edit/", views.occurrence_edit, name="occurrence_edit"),
    path("<int:pk>/done/<int:occurrence>/delete/", views.occurrence_delete, name="occurrence_delete"),
]
