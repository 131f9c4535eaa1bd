from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.idea_create, name="create"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/edit/", views.idea_edit, name="edit"),
    path("<int:pk>/status/", views.idea_status, name="status"),
    path("<int:pk>/plan/", views.idea_plan, name="plan"),
    path("goals/", views.goal_list, name="goal_list"),
    path("goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
]
