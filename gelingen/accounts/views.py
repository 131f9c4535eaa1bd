from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gelingen.core.client_address import client_address
from gelingen.core.mail import send_templated
from gelingen.core.redirects import safe_next

from . import grants, role_changes
from .access import AuthenticatedRequest, OrgRequest, attach_current_org, org_view
from .forms import AcceptInvitationForm, InvitationForm, MembershipForm, OrganisationForm, ProfileForm
from .models import Grant, Invitation, InvitationClosed, Membership, User, recent_memberships
from .reset_limits import may_send_reset
from .roles import Level
from .usernames import normalise_email


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view with a limit per target and per client (see reset_limits)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not may_send_reset(form.cleaned_data["email"], client_address(self.request)):
            return HttpResponseRedirect(self.get_success_url())  # the same answer as a sent e-mail
        return super().form_valid(form)


CHOOSER_PER_PAGE = 25
PROFILE_MEMBERSHIPS = 10


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Go to the organisation worked on last; the chooser when it is unclear (two queries at most)."""
    current = request.session.get("current_org")
    if current:
        membership = (
            request.user.memberships.select_related("organisation").filter(organisation__slug=current).first()
        )
        if membership:
            return redirect(membership.organisation)
    first_two = list(request.user.memberships.select_related("organisation")[:2])
    if len(first_two) == 1:
        return redirect(first_two[0].organisation)
    return choose_organisation(request)


@login_required
def choose_organisation(request: AuthenticatedRequest) -> HttpResponse:
    """All the person's organisations by name, paginated, with a search by name."""
    query = request.GET.get("q", "").strip()[:100]
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name", "organisation_id"
    )
    if query:
        memberships = memberships.filter(organisation__name__icontains=query)
    page = Paginator(memberships, CHOOSER_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/choose_organisation.html",
        {"page": page, "memberships": page.object_list, "query": query},
    )


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    attach_current_org(request)
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language, samesite="Lax")
        return response
    memberships = recent_memberships(request.user, limit=PROFILE_MEMBERSHIPS + 1)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships[:PROFILE_MEMBERSHIPS],
            "more_memberships": len(memberships) > PROFILE_MEMBERSHIPS,  # the rest: the chooser
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Language switch for everyone; for logged-in people it also updates the profile."""
    language = request.POST.get("language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", max_age=365 * 24 * 3600)
    return response


@org_view(write=Level.MANAGE)
def organisation_settings(request: OrgRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Angaben zur Organisation wurden gespeichert."))
        return redirect("organisation_settings", request.org.slug)
    return render(request, "accounts/organisation_settings.html", {"form": form})


@org_view(write=Level.MANAGE)
def members(request: OrgRequest) -> HttpResponse:
    """Member list for everyone in the organisation; managers invite from here."""
    form = InvitationForm(
        request.POST or None,
        organisation=request.org,
        roles=role_changes.assignable_roles(request.membership),
    )
    if request.method == "POST" and form.is_valid():
        invitation, token = Invitation.issue(
            request.org, form.cleaned_data["email"], form.cleaned_data["role"], request.user
        )
        send_templated(
            invitation.email,
            "accounts/email/invitation",
            {
                "invitation": invitation,
                "inviter": request.user,
                "url": settings.SITE_URL + reverse("accept_invitation", args=[token]),
            },
        )
        messages.success(
            request, _("Die Einladung an %(email)s wurde verschickt.") % {"email": invitation.email}
        )
        return redirect("members", request.org.slug)
    return render(
        request,
        "accounts/members.html",
        {
            "form": form,
            "members": request.org.memberships.select_related("user").order_by("user__name"),
            "invitations": request.org.invitations.open().select_related("invited_by"),
            "role_log": Paginator(
                request.org.role_changes.select_related("user", "changed_by"), ROLE_LOG_PER_PAGE
            ).get_page(request.GET.get("page"))
            if request.membership.can_manage
            else None,
        },
    )


ROLE_LOG_PER_PAGE = 20


@org_view(write=Level.MANAGE)
def member_edit(request: OrgRequest, pk: int) -> HttpResponse:
    """Change a member's role or remove the member; the rules are in role_changes."""
    membership = get_object_or_404(request.org.memberships.select_related("user", "organisation"), pk=pk)
    actor = request.membership
    try:
        role_changes.check_may_edit(actor, membership)
    except role_changes.RoleChangeRefused as exc:
        return _refused(request, exc, membership)
    form = MembershipForm(
        request.POST or None, instance=membership, roles=role_changes.assignable_roles(actor)
    )
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                role_changes.remove_member(actor, membership)
                messages.success(request, _("%(name)s wurde entfernt.") % {"name": membership.user})
                return redirect("members", request.org.slug)
            wanted = request.POST.get("role", "")
            if wanted in dict(request.org.role_choices):
                role_changes.check_change(actor, membership, wanted)  # a clear refusal before the form's
            if form.is_valid():
                role = form.cleaned_data["role"]
                # only if nobody changed the role since the form was loaded (core.versioning)
                form.save_versioned(lambda: role_changes.change_role(actor, membership, role))
                if not form.errors:  # else someone changed the role meanwhile: the form says so
                    messages.success(request, _("Die Rolle wurde geändert."))
                    return redirect("members", request.org.slug)
        except role_changes.RoleChangeRefused as exc:
            if exc.forbidden:
                return _refused(request, exc, membership)
            form.add_error(None, exc.message)
    return render(request, "accounts/member_edit.html", {"form": form, "member": membership})


def _refused(request: OrgRequest, exc: role_changes.RoleChangeRefused, member: Membership) -> HttpResponse:
    return render(
        request, "accounts/member_refused.html", {"reason": exc.message, "member": member}, status=403
    )


@org_view(write=Level.MANAGE)
@require_POST
def invitation_revoke(request: OrgRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(request.org.invitations.open(), pk=pk)
    invitation.revoked = True
    invitation.save(update_fields=["revoked"])
    messages.success(
        request, _("Die Einladung an %(email)s wurde zurückgezogen.") % {"email": invitation.email}
    )
    return redirect("members", request.org.slug)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: link a logged-in or existing account, or create a new one."""
    invitation = Invitation.objects.open().by_token(token).select_related("organisation").first()
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    user = request.user if request.user.is_authenticated else None

    if user and normalise_email(user.email) != normalise_email(invitation.email):
        return render(request, "accounts/invitation_wrong_user.html", {"invitation": invitation}, status=403)
    if existing and not user:
        messages.info(request, _("Bitte melden Sie sich an, um die Einladung anzunehmen."))
        return redirect(f"{reverse('login')}?next={request.path}")

    form = AcceptInvitationForm(request.POST or None, email=invitation.email) if not user else None
    if request.method == "POST" and (user or (form is not None and form.is_valid())):
        new_account = user is None
        try:
            with transaction.atomic():
                if user is None and form is not None:
                    user = User.objects.create_user(
                        invitation.email, form.cleaned_data["password1"], name=form.cleaned_data["name"]
                    )
                invitation.accept(user)
        except (InvitationClosed, IntegrityError):
            # A simultaneous request accepted it (or created this account) first.
            return render(request, "accounts/invitation_taken.html", {"invitation": invitation}, status=409)
        if new_account:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Willkommen bei %(org)s.") % {"org": invitation.organisation.name})
        return redirect(invitation.organisation)
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form})


# Grants (Freigaben) ------------------------------------------------------------------------------

GRANTS_PER_PAGE = 50


@login_required
def shared_with_me(request: AuthenticatedRequest) -> HttpResponse:
    """Objects other organisations shared with this person or with their organisations."""
    attach_current_org(request)
    page = Paginator(grants.shared_with(request.user), GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/shared_with_me.html", {"page": page})


@org_view()
def organisation_grants(request: OrgRequest) -> HttpResponse:
    """What this organisation shared (with the audit trail of who shared and revoked when) and received."""
    given = Paginator(grants.shared_by(request.org), GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    received = grants.shared_with_organisation(request.org)[:GRANTS_PER_PAGE]
    return render(request, "accounts/grants.html", {"given": given, "received": received})


@org_view(write=Level.MANAGE)
@require_POST
def grant_revoke(request: OrgRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(Grant.objects.filter(owner=request.org), pk=pk)
    if grants.revoke(grant, by=request.user):
        messages.success(
            request, _("Die Freigabe „%(title)s“ wurde zurückgenommen.") % {"title": grant.title}
        )
    back = reverse("organisation_grants", args=[request.org.slug])
    return redirect(safe_next(request, request.POST.get("next"), back, prefix=f"/o/{request.org.slug}/"))
