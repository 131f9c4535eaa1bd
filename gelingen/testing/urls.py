from django.urls import path

from . import views

app_name = "testing"
urlpatterns = [
    path("", views.procedures, name="list"),
    path("register/", views.register, name="register"),
    path("<int:pk>/", views.procedure, name="procedure"),
    path("<int:pk>/steps/<slug:key>/", views.step, name="step"),
]
