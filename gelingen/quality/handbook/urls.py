from django.urls import path

from . import views

app_name = "handbook"
urlpatterns = [
    path("", views.index, name="index"),
    path("chapters/new/", views.chapter_create, name="chapter_create"),
    path("chapters/<int:pk>/edit/", views.chapter_edit, name="chapter_edit"),
    path("chapters/<int:pk>/delete/", views.chapter_delete, name="chapter_delete"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("documents/<int:pk>/revisions/new/", views.revision_new, name="revision_new"),
    path("documents/<int:pk>/revisions/<int:rev>/", views.revision_detail, name="revision_detail"),
    path("documents/<int:pk>/revisions/<int:rev>/edit/", views.revision_edit, name="revision_edit"),
    path("documents/<int:pk>/revisions/<int:rev>/approve/", views.revision_approve, name="revision_approve"),
    path("documents/<int:pk>/revisions/<int:rev>/discard/", views.revision_discard, name="revision_discard"),
    path("documents/<int:pk>/revisions/<int:rev>/file/", views.revision_download, name="revision_download"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/new/", views.process_create, name="process_create"),
    path("processes/<int:pk>/", views.process_detail, name="process_detail"),
    path("processes/<int:pk>/edit/", views.process_edit, name="process_edit"),
    path("processes/<int:pk>/delete/", views.process_delete, name="process_delete"),
]
