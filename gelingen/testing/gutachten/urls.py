from django.urls import path

from . import views

app_name = "testing_gutachten"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/parts/<slug:key>/", views.part, name="part"),
    path("<int:pk>/areas/<int:area_pk>/", views.area, name="area"),
    path("<int:pk>/goals/", views.goals, name="goals"),
    path("<int:pk>/selfreport/", views.selfreport, name="selfreport"),
    path("<int:pk>/selfreport/pdf/", views.submission_file, name="submission_file"),
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("<int:pk>/comments/<int:comment_pk>/delete/", views.comment_delete, name="comment_delete"),
    path("<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/export/<slug:fmt>/", views.export, name="export"),
]
