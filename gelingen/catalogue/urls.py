from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("<slug:code>/<str:version>/", views.model_detail, name="model"),
]
