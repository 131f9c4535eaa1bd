from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_create, name="create"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/edit/", views.measure_edit, name="edit"),
    path("<int:pk>/delete/", views.measure_delete, name="delete"),
    path("<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/reached/", views.milestone_reached, name="milestone_reached"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("decisions/<int:pk>/done/", views.decision_done, name="decision_done"),
    path("decisions/<int:pk>/task/", views.decision_task, name="decision_task"),
    path("capacity/", views.capacity_overview, name="capacity"),
    path("capacity/hours/", views.capacity_edit, name="capacity_edit"),
]
