from django.urls import path

from . import sharing, views

app_name = "selfreport"
urlpatterns = [
    path("", views.current, name="current"),
    path("<int:cycle_pk>/", views.overview, name="overview"),
    path("<int:cycle_pk>/chapters/<slug:key>/", views.chapter, name="chapter"),
    path("<int:cycle_pk>/chapters/<slug:key>/autosave/", views.autosave, name="autosave"),
    path("<int:cycle_pk>/chapters/<slug:key>/preview/", views.preview, name="preview"),
    path("<int:cycle_pk>/chapters/<slug:key>/goals/", views.goal_add, name="goal_add"),
    path("<int:cycle_pk>/goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("<int:cycle_pk>/images/", views.images, name="images"),
    path("<int:cycle_pk>/images/<int:pk>/", views.image, name="image"),
    path("<int:cycle_pk>/images/<int:pk>/delete/", views.image_delete, name="image_delete"),
    path("<int:cycle_pk>/org-chart/", views.org_chart, name="org_chart"),
    path("<int:cycle_pk>/check/", views.check, name="check"),
    path("<int:cycle_pk>/coverage/", views.coverage, name="coverage"),
    path("<int:cycle_pk>/sync/", views.sync, name="sync"),
    path("<int:cycle_pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:cycle_pk>/submit/", views.submit_view, name="submit"),
    path("<int:cycle_pk>/submissions/<int:number>/", views.submission_detail, name="submission"),
    path("<int:cycle_pk>/submissions/<int:number>/share/", sharing.share, name="submission_share"),
    path(
        "<int:cycle_pk>/submissions/<int:number>/file.<str:fmt>",
        views.submission_file,
        name="submission_file",
    ),
]
