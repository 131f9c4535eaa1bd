from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.choose_organisation, name="choose_organisation"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path(
        "profile/password/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change.html"),
        name="password_change",
    ),
    path(
        "profile/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="accounts/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("language/", views.set_language, name="set_language"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("o/<slug:org>/settings/", views.organisation_settings, name="organisation_settings"),
    path("o/<slug:org>/members/", views.members, name="members"),
    path("o/<slug:org>/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("o/<slug:org>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("shared/", views.shared_with_me, name="shared_with_me"),
    path("o/<slug:org>/shared/", views.organisation_grants, name="organisation_grants"),
    path("o/<slug:org>/shared/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
]
