from django.urls import path

from . import views

app_name = "testing_testat"
urlpatterns = [
    path("", views.index, name="index"),
    path("procedures/<int:pk>/", views.procedure, name="procedure"),
    path("procedures/<int:pk>/goals/new/", views.goal_add, name="goal_add"),
    path("procedures/<int:pk>/goals/proposals/", views.take_proposals, name="take_proposals"),
    path("procedures/<int:pk>/goals/submit/", views.submit_goals, name="submit_goals"),
    path("procedures/<int:pk>/goals/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("procedures/<int:pk>/goals/<int:goal_pk>/delete/", views.goal_delete, name="goal_delete"),
    path("procedures/<int:pk>/goals/<int:goal_pk>/check/", views.goal_check, name="goal_check"),
    path("procedures/<int:pk>/agreement/", views.issue_agreement, name="issue_agreement"),
    path("procedures/<int:pk>/agreement/<int:number>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("procedures/<int:pk>/sign/", views.sign, name="sign"),
    path("procedures/<int:pk>/scan/", views.upload_scan, name="upload_scan"),
    path("procedures/<int:pk>/scan/file/", views.scan_download, name="scan"),
    path("procedures/<int:pk>/protocol/", views.upload_protocol, name="upload_protocol"),
    path("procedures/<int:pk>/protocol/file/", views.protocol_download, name="protocol"),
    path("procedures/<int:pk>/testat.pdf", views.testat_pdf, name="testat_pdf"),
    path("procedures/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
