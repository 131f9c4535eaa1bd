from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gelingen import features
from gelingen.accounts.access import org_view
from gelingen.accounts.models import User
from gelingen.accounts.roles import Level
from gelingen.core.deadlines import due_items, group_due
from gelingen.core.forms import posted
from gelingen.core.redirects import safe_next

from .feed import feed_calendar
from .forms import ActivityForm, DueFilterForm, FeedForm, OccurrenceForm, StandardForm, area_choices
from .models import Activity, CalendarFeed, Occurrence
from .recording import delete_occurrence, next_due_after_deleting, record_occurrence, update_occurrence
from .standard import STANDARD, create_standard_activities, existing_types

KINDS = features.kinds("activities")
PER_PAGE = 50
DUE_DAYS = 14
DUE_SHOWN = 150  # the earliest items; an organisation with more narrows the list ("nur meine")
FEED_SESSION_KEY = "activities_new_feed_token"
STANDARD_TYPES = {standard.type for standard in STANDARD}


def _activities(request: HttpRequest):
    return Activity.objects.filter(organisation=request.org)


def _area_names(request: HttpRequest) -> dict[int, str]:
    """Area number -> name of the organisation's areas (empty names when no catalogue is installed)."""
    return {choice.number: choice.name for choice in area_choices(request.org)}


@org_view(kinds=KINDS)
def activity_list(request: HttpRequest) -> HttpResponse:
    show_inactive = request.GET.get("inactive") == "1"
    rows = (
        _activities(request)
        .select_related("owner")
        .annotate(last_done=Max("occurrences__done_on"))
        .order_by("-active", "next_due", "title", "pk")
    )
    if not show_inactive:
        rows = rows.filter(active=True)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    names = _area_names(request)
    for activity in page:
        activity.area_name = names.get(activity.area_number, "")
    missing = len(STANDARD_TYPES - existing_types(request.org))
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "show_inactive": show_inactive,
            "today": timezone.localdate(),
            "missing_standard": missing,
        },
    )


@org_view(kinds=KINDS)
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(posted(request), organisation=request.org, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        activity = form.save()
        messages.success(request, _("Die Tätigkeit „%(title)s“ wurde angelegt.") % {"title": activity.title})
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form})


@org_view(kinds=KINDS)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(_activities(request), pk=pk)
    form = ActivityForm(posted(request), instance=activity, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Tätigkeit wurde gespeichert."))
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@org_view(write=Level.MANAGE, kinds=KINDS)
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(_activities(request), pk=pk)
    if request.method == "POST":
        activity.delete()
        messages.success(request, _("Die Tätigkeit „%(title)s“ wurde gelöscht.") % {"title": activity.title})
        return redirect("activities:list", request.org.slug)
    count = activity.occurrences.count()
    return render(
        request, "activities/activity_delete.html", {"activity": activity, "occurrence_count": count}
    )


@org_view(kinds=KINDS)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(_activities(request).select_related("owner"), pk=pk)
    occurrences = activity.occurrences.select_related("recorded_by")
    page = Paginator(occurrences, PER_PAGE).get_page(request.GET.get("page"))
    area_name = _area_names(request).get(activity.area_number, "")
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "page": page,
            "area_label": f"{activity.area_code} {area_name}".strip(),
            "form": OccurrenceForm() if request.membership.can_write else None,
        },
    )


def _saved_message(occurrence: Occurrence) -> str:
    return _("Die Durchführung vom %(done)s wurde gespeichert. Nächste Fälligkeit: %(next)s.") % {
        "done": date_format(occurrence.done_on, "SHORT_DATE_FORMAT"),
        "next": date_format(occurrence.activity.next_due, "SHORT_DATE_FORMAT"),
    }


@org_view(kinds=KINDS)
def occurrence_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(_activities(request).select_related("owner"), pk=pk)
    form = OccurrenceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        occurrence = record_occurrence(activity, user=request.user, **form.cleaned_data)
        messages.success(request, _saved_message(occurrence))
        return redirect(activity)
    return render(request, "activities/occurrence_form.html", {"form": form, "activity": activity})


def _occurrence(request: HttpRequest, pk: int, occurrence: int) -> tuple[Activity, Occurrence]:
    activity = get_object_or_404(_activities(request), pk=pk)
    return activity, get_object_or_404(activity.occurrences.select_related("activity"), pk=occurrence)


@org_view(kinds=KINDS)
def occurrence_edit(request: HttpRequest, pk: int, occurrence: int) -> HttpResponse:
    """Correct an occurrence; a changed date moves the schedule by the rule in recording.py."""
    activity, item = _occurrence(request, pk, occurrence)
    form = OccurrenceForm(posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        item = update_occurrence(item, **form.cleaned_data)
        messages.success(request, _saved_message(item))
        return redirect(activity)
    return render(
        request, "activities/occurrence_form.html", {"form": form, "activity": activity, "occurrence": item}
    )


@org_view(kinds=KINDS)
def occurrence_delete(request: HttpRequest, pk: int, occurrence: int) -> HttpResponse:
    """Delete a wrongly recorded occurrence after a confirmation page; the schedule is restored."""
    activity, item = _occurrence(request, pk, occurrence)
    if request.method == "POST":
        activity = delete_occurrence(item)
        messages.success(
            request,
            _("Die Durchführung vom %(done)s wurde gelöscht. Nächste Fälligkeit: %(next)s.")
            % {
                "done": date_format(item.done_on, "SHORT_DATE_FORMAT"),
                "next": date_format(activity.next_due, "SHORT_DATE_FORMAT"),
            },
        )
        return redirect(activity)
    return render(
        request,
        "activities/occurrence_delete.html",
        {"activity": activity, "occurrence": item, "next_due": next_due_after_deleting(item)},
    )


@org_view(write=Level.MANAGE, kinds=KINDS)
def activity_standard(request: HttpRequest) -> HttpResponse:
    """Create the standard KQS activities in one go; those the organisation has (by type) are skipped."""
    existing = existing_types(request.org)
    form = StandardForm(posted(request), existing=existing)
    if request.method == "POST" and form.is_valid():
        created = create_standard_activities(
            request.org, request.user, timezone.localdate(), only=set(form.cleaned_data["types"])
        )
        messages.success(request, _("%(count)d Tätigkeiten wurden angelegt.") % {"count": len(created)})
        return redirect("activities:list", request.org.slug)
    return render(request, "activities/standard.html", {"form": form, "existing_count": len(existing)})


@org_view(kinds=KINDS)
def due(request: HttpRequest) -> HttpResponse:
    """Everything of this organisation due in the next 14 days or overdue, from every app."""
    today = timezone.localdate()
    filters = DueFilterForm(request.GET or None)
    mine = filters.is_valid() and filters.cleaned_data["mine"]
    items = due_items(
        [request.org.pk],
        today + timedelta(days=DUE_DAYS),
        owner_id=request.user.pk if mine else None,
        limit=DUE_SHOWN + 1,
    )
    truncated = len(items) > DUE_SHOWN
    items = items[:DUE_SHOWN]
    owner_ids = {item.owner_id for item in items if item.owner_id}
    owners = User.objects.in_bulk(owner_ids) if owner_ids else {}
    groups = group_due(items, today)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    token = request.session.pop(FEED_SESSION_KEY, None)
    feed_url = (
        # SITE_URL, like the links in e-mails: the address calendars reach (`make run HOST=...`)
        f"{settings.SITE_URL}{reverse('activities_public:feed', args=[token])}" if token and feed else None
    )
    return render(
        request,
        "activities/due.html",
        {
            "filters": filters,
            "mine": mine,
            "groups": [
                ("overdue", _("Überfällig"), groups.overdue),
                ("week", _("Diese Woche"), groups.this_week),
                (
                    "later",
                    _("Später (bis %(date)s)")
                    % {"date": date_format(today + timedelta(days=DUE_DAYS), "SHORT_DATE_FORMAT")},
                    groups.later,
                ),
            ],
            "count": groups.count,
            "truncated": truncated,
            "shown": DUE_SHOWN,
            "owners": owners,
            "feed": feed,
            "feed_url": feed_url,
            "feed_form": FeedForm(initial={"include_all": feed.include_all if feed else False}),
            "days": DUE_DAYS,
        },
    )


# --- personal calendar feed (outside the organisation: every member, readers too, has one) ---


@login_required
@require_POST
def feed_manage(request: HttpRequest) -> HttpResponse:
    """Create or renew the secret feed address (the old one stops working), change its scope, or delete it."""
    back = safe_next(request, request.POST.get("next"), fallback=reverse("home"))
    form = FeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Einstellung des Kalender-Abos konnte nicht gespeichert werden."))
        return redirect(back)
    action, include_all = form.cleaned_data["action"], form.cleaned_data["include_all"]
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if action == "delete":
        if feed:
            feed.delete()
        messages.success(
            request, _("Das Kalender-Abo wurde gelöscht; die bisherige Adresse gilt nicht mehr.")
        )
    elif action == "save" and feed:
        feed.include_all = include_all
        feed.save(update_fields=["include_all"])
        messages.success(request, _("Die Einstellung des Kalender-Abos wurde gespeichert."))
    else:
        _feed, token = CalendarFeed.issue(request.user, include_all=include_all)
        request.session[FEED_SESSION_KEY] = token
        if feed:
            messages.success(
                request, _("Eine neue Kalender-Adresse wurde erzeugt; die bisherige gilt nicht mehr.")
            )
        else:
            messages.success(request, _("Ihre Kalender-Adresse wurde erzeugt."))
    return redirect(back)


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed behind the secret address; no login, an unknown token is a 404."""
    item = CalendarFeed.objects.by_token(token).select_related("user").first()
    if item is None or not item.user.is_active:
        raise Http404
    now = timezone.now()
    if item.last_used_at is None or now - item.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=item.pk).update(last_used_at=now)
    response = HttpResponse(feed_calendar(item, now=now), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gelingen-faellig.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
