"""The personal iCalendar feed: due dates of all the user's organisations, as all-day events."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gelingen.accounts.models import Membership, User
from gelingen.core.deadlines import due_items
from gelingen.core.rhythm import add_months

from . import ical
from .models import CalendarFeed

HORIZON_MONTHS = 12


def feed_calendar(feed: CalendarFeed, today: date | None = None, now: datetime | None = None) -> str:
    """The feed as iCalendar text: overdue items and those due in the next 12 months.

    Only items the person is responsible for, or every item of their organisations with `include_all`.
    """
    user = feed.user
    today = today or timezone.localdate()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        orgs = {
            m.organisation_id: m.organisation
            for m in Membership.objects.filter(user=user).select_related("organisation")
        }
        owner_id = None if feed.include_all else user.pk
        items = due_items(list(orgs), add_months(today, HORIZON_MONTHS), owner_id=owner_id)
        owner_ids = {item.owner_id for item in items if item.owner_id}
        names = dict(User.objects.filter(pk__in=owner_ids).values_list("pk", "name")) if owner_ids else {}
        events = []
        for item in items:
            org = orgs[item.organisation_id]
            summary = item.title if len(orgs) == 1 else f"{item.title} ({org.name})"
            if item.due < today:
                summary = _("überfällig: %(title)s") % {"title": summary}
            lines = [f"{item.kind} · {org.name}"]
            if item.owner_id:
                lines.append(_("verantwortlich: %(name)s") % {"name": names.get(item.owner_id, "–")})
            url = f"{settings.SITE_URL}{item.url}"
            lines.append(url)
            events.append(
                ical.Event(
                    uid=ical.uid_for(item.key, item.due),
                    day=item.due,
                    summary=summary,
                    url=url,
                    description="\n".join(lines),
                    categories=item.kind,
                )
            )
        name = _("Gelingen: fällige Termine")
    return ical.calendar(events, name=name, now=now or timezone.now())
