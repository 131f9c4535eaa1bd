from django.urls import path

from . import views

app_name = "testing"
urlpatterns = [
    path("", views.procedures, name="list"),
    path("<int:pk>/", views.procedure, name="procedure"),
]
