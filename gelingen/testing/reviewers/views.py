"""The reviewer pool: officers keep it, reviewers see and update their own profile, organisations record
advice they asked for outside the procedure.

Pages of the pool answer only in a testing body (elsewhere 404); inside it the officer writes,
read-only members read, reviewers see nothing but their own profile. The kind is checked after
`org_view`, so a read-only member still gets 403 for a write anywhere.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.access import OrgRequest, org_view
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import REVIEWER, Level
from gelingen.core.versioning import VersionedFormMixin
from gelingen.testing.models import CLOSED, Procedure

from . import workload
from .advice import link_advice_requests, record_advice_request
from .forms import (
    AccreditationFormSet,
    AdviceRequestForm,
    ConflictForm,
    OwnProfileForm,
    PoolFilterForm,
    PoolSettingsForm,
    ProfileForm,
)
from .models import Accreditation, AdviceRequest, ConflictOfInterest, PoolSettings, ReviewerProfile

PER_PAGE = 50


def _save_form(form: VersionedFormMixin, instance: Model) -> bool:
    """Save a valid versioned form whose instance holds the cleaned values; False after a conflict."""

    def write() -> bool:
        instance.save()
        return True

    return bool(form.save_versioned(write))


def _testing_body(request: OrgRequest) -> None:
    if request.org.kind != Organisation.Kind.TESTING_BODY:
        raise Http404


def _pool_reader(request: OrgRequest) -> None:
    """Officers and read-only members see the pool; reviewers only their own profile."""
    _testing_body(request)
    if request.membership.role == REVIEWER:
        raise PermissionDenied


def _officer(request: OrgRequest) -> None:
    """Pages that change the pool, forms included: the officer only."""
    _pool_reader(request)
    if request.membership.level < Level.MANAGE:
        raise PermissionDenied


def _profiles(request: OrgRequest) -> QuerySet[ReviewerProfile]:
    return ReviewerProfile.objects.filter(testing_body=request.org).select_related("user")


def _with_accreditations(profiles: QuerySet[ReviewerProfile]) -> QuerySet[ReviewerProfile]:
    return profiles.prefetch_related(
        Prefetch("accreditations", queryset=Accreditation.objects.select_related("model"))
    )


@org_view()
def index(request: OrgRequest) -> HttpResponse:
    """The navigation's entry: the pool, one's own profile, or (organisations) advice requests."""
    if request.org.kind == Organisation.Kind.TESTING_BODY:
        if request.membership.role == REVIEWER:
            return redirect("testing_reviewers:my_procedures", request.org.slug)
        return redirect("testing_reviewers:pool", request.org.slug)
    if request.org.kind == Organisation.Kind.SERVICE:
        return redirect("testing_reviewers:advice", request.org.slug)
    raise Http404


def _filtered_pool(request: OrgRequest, filters: PoolFilterForm, today: date) -> tuple[list, dict]:
    profiles = _with_accreditations(_profiles(request))
    data = filters.cleaned_data if filters.is_valid() else {}
    if not data.get("inactive"):
        profiles = profiles.filter(active=True)
    if data.get("region"):
        profiles = profiles.filter(regions__contains=f",{data['region']},")
    if data.get("language"):
        profiles = profiles.filter(languages__contains=f",{data['language']},")
    model = data.get("model")
    valid_on = data.get("valid_on") or today
    if model is not None:
        profiles = profiles.filter(
            accreditations__model=model, accreditations__valid_until__gte=valid_on
        ).distinct()
    return list(profiles), {"model": model, "valid_on": valid_on, "free": data.get("free")}


@org_view(write=Level.MANAGE)
def pool(request: OrgRequest) -> HttpResponse:
    _pool_reader(request)
    today = timezone.localdate()
    filters = PoolFilterForm(request.GET or None)
    rows, applied = _filtered_pool(request, filters, today)
    counts = workload.open_counts(p.user_id for p in rows)
    for profile in rows:
        profile.open_procedures = counts.get(profile.user_id, 0)
        profile.free = max(profile.capacity - profile.open_procedures, 0)
        if applied["model"] is not None:
            profile.shown_accreditation = profile.accreditation_for(applied["model"], applied["valid_on"])
    if applied["free"]:
        rows = [p for p in rows if p.free > 0]
    page: Page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "testing_reviewers/pool.html",
        {"page": page, "filters": filters, "applied": applied, "today": today},
    )


def _save_profile(request: OrgRequest, form: ProfileForm, formset) -> ReviewerProfile | None:
    def write() -> ReviewerProfile:
        profile = form.save(commit=False)
        new = profile.pk is None
        if new:
            profile.testing_body = request.org
            profile.created_by = request.user
        profile.save()
        formset.instance = profile
        formset.save()
        if new:
            link_advice_requests(profile)
        return profile

    with transaction.atomic():
        return form.save_versioned(write)


def _profile_form_page(request: OrgRequest, profile: ReviewerProfile | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=profile, testing_body=request.org)
    formset = AccreditationFormSet(data, instance=profile or ReviewerProfile(), prefix="accreditations")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = _save_profile(request, form, formset)
        if saved is not None:
            messages.success(request, _("Das Profil von %(name)s wurde gespeichert.") % {"name": saved.user})
            return redirect("testing_reviewers:profile", request.org.slug, saved.pk)
    return render(
        request, "testing_reviewers/profile_form.html", {"form": form, "formset": formset, "profile": profile}
    )


@org_view(write=Level.MANAGE)
def profile_create(request: OrgRequest) -> HttpResponse:
    _officer(request)
    return _profile_form_page(request, None)


@org_view(write=Level.MANAGE)
def profile_edit(request: OrgRequest, pk: int) -> HttpResponse:
    _officer(request)
    return _profile_form_page(request, get_object_or_404(_profiles(request), pk=pk))


def _conflicts_of(profile: ReviewerProfile) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(reviewer_id=profile.user_id).select_related(
        "organisation", "recorded_by"
    )


def _profile_page(request: OrgRequest, profile: ReviewerProfile, own: bool) -> HttpResponse:
    today = timezone.localdate()
    open_procedures = workload.open_counts([profile.user_id]).get(profile.user_id, 0)
    return render(
        request,
        "testing_reviewers/profile_detail.html",
        {
            "profile": profile,
            "own": own,
            "today": today,
            "open_procedures": open_procedures,
            "conflicts": _conflicts_of(profile),
        },
    )


@org_view(write=Level.MANAGE)
def profile_detail(request: OrgRequest, pk: int) -> HttpResponse:
    _testing_body(request)
    profiles = _with_accreditations(_profiles(request))
    if request.membership.role == REVIEWER:  # a reviewer's own profile only; others do not exist
        profiles = profiles.filter(user=request.user)
    return _profile_page(request, get_object_or_404(profiles, pk=pk), own=False)


def _conflict_form_page(
    request: OrgRequest, profile: ReviewerProfile, source: str, back: str, own: bool
) -> HttpResponse:
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conflict = form.save(commit=False)
        conflict.reviewer = profile.user
        conflict.source = source
        conflict.recorded_by = request.user
        conflict.save()
        messages.success(
            request,
            _("Der Interessenkonflikt mit %(organisation)s wurde erfasst.")
            % {"organisation": conflict.organisation},
        )
        return redirect(back)
    return render(
        request,
        "testing_reviewers/conflict_form.html",
        {"form": form, "profile": profile, "own": own, "back": back},
    )


@org_view(write=Level.MANAGE)
def conflict_create(request: OrgRequest, pk: int) -> HttpResponse:
    _officer(request)
    profile = get_object_or_404(_profiles(request), pk=pk)
    back = f"{profile_url(request, profile)}#conflicts"
    return _conflict_form_page(request, profile, ConflictOfInterest.Source.TESTING_BODY, back, own=False)


def profile_url(request: OrgRequest, profile: ReviewerProfile) -> str:
    return reverse("testing_reviewers:profile", args=[request.org.slug, profile.pk])


def _own_profile(request: OrgRequest) -> ReviewerProfile | None:
    _testing_body(request)
    if request.membership.role != REVIEWER:
        raise Http404
    return _with_accreditations(_profiles(request)).filter(user=request.user).first()


@org_view()
def own_profile(request: OrgRequest) -> HttpResponse:
    profile = _own_profile(request)
    if profile is None:
        return render(request, "testing_reviewers/no_profile.html")
    return _profile_page(request, profile, own=True)


def _existing_own_profile(request: OrgRequest) -> ReviewerProfile:
    profile = _own_profile(request)
    if profile is None:
        raise Http404
    return profile


@org_view()
def own_profile_edit(request: OrgRequest) -> HttpResponse:
    profile = _existing_own_profile(request)
    form = OwnProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid() and _save_form(form, profile):
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        return redirect("testing_reviewers:own_profile", request.org.slug)
    return render(request, "testing_reviewers/own_profile_form.html", {"form": form, "profile": profile})


@org_view()
def own_conflict_create(request: OrgRequest) -> HttpResponse:
    profile = _existing_own_profile(request)
    back = reverse("testing_reviewers:own_profile", args=[request.org.slug]) + "#conflicts"
    return _conflict_form_page(request, profile, ConflictOfInterest.Source.REVIEWER, back, own=True)


@org_view(write=Level.MANAGE)
def pool_settings(request: OrgRequest) -> HttpResponse:
    _officer(request)
    stored = PoolSettings.objects.filter(testing_body=request.org).first() or PoolSettings(
        testing_body=request.org
    )
    form = PoolSettingsForm(request.POST if request.method == "POST" else None, instance=stored)
    if request.method == "POST" and form.is_valid() and _save_form(form, stored):
        messages.success(request, _("Die Einstellungen wurden gespeichert."))
        return redirect("testing_reviewers:pool", request.org.slug)
    return render(request, "testing_reviewers/settings.html", {"form": form})


# Organisations: advice outside the procedure -----------------------------------------------------


def _service(request: OrgRequest) -> None:
    if request.org.kind != Organisation.Kind.SERVICE:
        raise Http404


@org_view(write=Level.MANAGE)
def advice(request: OrgRequest) -> HttpResponse:
    """The organisation's advice requests, and the form for a new one (Leitung and QM)."""
    _service(request)
    form = AdviceRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.organisation = request.org
        entry.recorded_by = request.user
        record_advice_request(entry)
        messages.success(
            request,
            _("Die Anfrage an %(name)s ist erfasst. Die Person wird Ihnen nicht als Gutachter*in zugeordnet.")
            % {"name": entry.name},
        )
        return redirect("testing_reviewers:advice", request.org.slug)
    entries = AdviceRequest.objects.filter(organisation=request.org).select_related("recorded_by")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    procedures = (
        Procedure.objects.filter(organisation=request.org)
        .exclude(status__in=CLOSED)
        .select_related("testing_body")
        .order_by("-registered_at")[:10]
    )
    return render(
        request, "testing_reviewers/advice.html", {"form": form, "page": page, "procedures": procedures}
    )
