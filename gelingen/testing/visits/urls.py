from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.visit_page, name="visit"),
    path("<int:pk>/report/", views.report_visit, name="report"),
    path("<int:pk>/findings/", views.record_findings, name="findings"),
    path("<int:pk>/protocol/", views.submit_protocol, name="protocol"),
    path("<int:pk>/protocol/<int:visit>/file/", views.protocol_file, name="protocol_file"),
]
urlpatterns += [
    path("<int:pk>/letter/", views.issue_letter, name="issue_letter"),
    path("<int:pk>/letter/<int:letter>.pdf", views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/changes/", views.resubmission_diff, name="diff"),
    path("workshops/<int:cycle>/", views.workshop_page, name="workshop"),
    path("workshops/<int:cycle>/schedule/", views.schedule_workshop, name="schedule_workshop"),
    path("workshops/<int:cycle>/result/", views.record_workshop, name="record_workshop"),
]
