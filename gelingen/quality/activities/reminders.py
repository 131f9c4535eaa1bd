"""Reminder e-mails about due items (run hourly by `manage.py send_reminders`).

Only organisations that use a feature with due items (gelingen/features.py) and have at least one
active member are looked at, CHUNK_SIZE at a time.

The rule, per item (key), due date and person:
- due within the next 14 days (today included): one "bald fällig" reminder;
- overdue (due before today) and still open: one "überfällig" reminder, also when it already had the
  "bald fällig" one; an item first seen when already overdue gets only this one.
So a person hears about an item at most twice per due date. A changed due date is a new (key, due) and
is reminded again. Items without an owner, owners who are inactive or no longer members of the item's
organisation get no e-mail. Each person gets at most one e-mail per run, listing only the new lines.

Logs are written before the e-mails are sent (the unique constraint stops a parallel run from sending
the same lines); if sending to a person fails, that person's logs are removed so the next run retries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from gelingen import features
from gelingen.accounts.models import Membership, Organisation, User
from gelingen.core.deadlines import DueItem, due_items
from gelingen.core.mail import send_templated

from .models import ReminderLog

HORIZON_DAYS = 14
CHUNK_SIZE = 500  # organisations per round of provider queries
Stage = ReminderLog.Stage


class ConcurrentRun(Exception):
    """Another run wrote the same reminder lines first."""


@dataclass
class Line:
    item: DueItem
    stage: str
    organisation: Organisation

    @property
    def absolute_url(self) -> str:
        return f"{settings.SITE_URL}{self.item.url}"


@dataclass
class Reminder:
    user: User
    lines: list[Line] = field(default_factory=list)

    @property
    def overdue(self) -> list[Line]:
        return [line for line in self.lines if line.stage == Stage.OVERDUE]

    @property
    def upcoming(self) -> list[Line]:
        return [line for line in self.lines if line.stage == Stage.UPCOMING]

    def due_pages(self) -> list[tuple[Organisation, str]]:
        orgs = {line.organisation.pk: line.organisation for line in self.lines}
        return [
            (org, f"{settings.SITE_URL}{reverse(features.due_page(org.kind), args=[org.slug])}")
            for org in sorted(orgs.values(), key=lambda o: o.name)
        ]


def stage_for(due: date, today: date) -> str:
    return Stage.OVERDUE if due < today else Stage.UPCOMING


def _items(org_ids: list[int], today: date, language: str) -> list[DueItem]:
    with translation.override(language):
        return [item for item in due_items(org_ids, today + timedelta(days=HORIZON_DAYS)) if item.owner_id]


def organisation_ids() -> list[int]:
    """Organisations of a kind that uses a feature with due items and with at least one active member."""
    return list(
        Organisation.objects.filter(
            kind__in=features.kinds_with_due_items(), memberships__user__is_active=True
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def plan(today: date) -> list[Reminder]:
    """Who gets which new lines today; reads only.

    Organisations are handled CHUNK_SIZE at a time so the IN lists stay bounded: one query for the
    organisations, then per chunk one per provider, users, memberships, logs and organisation names,
    plus one per provider and further recipient language. A person in organisations of several chunks
    still gets one reminder.
    """
    reminders: dict[int, Reminder] = {}
    for chunk in _chunks(organisation_ids(), CHUNK_SIZE):
        for user, lines in _plan_chunk(chunk, today):
            reminders.setdefault(user.pk, Reminder(user=user)).lines.extend(lines)
    return sorted(reminders.values(), key=lambda r: r.user.email)


def _plan_chunk(org_ids: list[int], today: date) -> list[tuple[User, list[Line]]]:
    items = _items(org_ids, today, settings.LANGUAGE_CODE)
    if not items:
        return []
    owner_ids = {item.owner_id for item in items}
    users = {u.pk: u for u in User.objects.filter(pk__in=owner_ids, is_active=True)}
    members = set(
        Membership.objects.filter(
            user_id__in=users, organisation_id__in={item.organisation_id for item in items}
        ).values_list("user_id", "organisation_id")
    )
    sent = set(
        ReminderLog.objects.filter(
            user_id__in=users,
            due__gte=min(item.due for item in items),
            due__lte=today + timedelta(days=HORIZON_DAYS),
        ).values_list("key", "due", "user_id", "stage")
    )
    new: dict[int, list[tuple[DueItem, str]]] = defaultdict(list)
    for item in items:
        stage = stage_for(item.due, today)
        if (
            item.owner_id in users
            and (item.owner_id, item.organisation_id) in members
            and (item.key, item.due, item.owner_id, stage) not in sent
        ):
            new[item.owner_id].append((item, stage))
    if not new:
        return []

    # Titles and kinds come from the providers: fetch them again in each recipient language needed.
    localized: dict[str, dict[tuple[str, date], DueItem]] = {}
    for language in {users[pk].language or settings.LANGUAGE_CODE for pk in new} - {settings.LANGUAGE_CODE}:
        localized[language] = {(i.key, i.due): i for i in _items(org_ids, today, language)}
    orgs = Organisation.objects.in_bulk({item.organisation_id for lines in new.values() for item, _ in lines})
    planned = []
    for pk, entries in new.items():
        user = users[pk]
        by_key = localized.get(user.language)
        lines = [
            Line(
                by_key.get((item.key, item.due), item) if by_key else item, stage, orgs[item.organisation_id]
            )
            for item, stage in entries
        ]
        planned.append((user, lines))
    return planned


def _logs(reminder: Reminder) -> list[ReminderLog]:
    return [
        ReminderLog(
            key=line.item.key,
            due=line.item.due,
            user=reminder.user,
            stage=line.stage,
            organisation=line.organisation,
        )
        for line in reminder.lines
    ]


def send(reminders: list[Reminder], today: date) -> tuple[int, list[tuple[User, Exception]]]:
    """Log and e-mail the planned reminders; returns (sent e-mails, failures)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.bulk_create([log for r in reminders for log in _logs(r)])
    except IntegrityError as exc:
        raise ConcurrentRun from exc
    sent, failures = 0, []
    for reminder in reminders:
        try:
            send_templated(
                reminder.user.email,
                "activities/email/reminder",
                {"reminder": reminder, "user": reminder.user, "today": today, "horizon": HORIZON_DAYS},
                language=reminder.user.language,
            )
            sent += 1
        except Exception as exc:  # one broken address must not stop the others
            lines = Q()
            for line in reminder.lines:
                lines |= Q(key=line.item.key, due=line.item.due, stage=line.stage)
            ReminderLog.objects.filter(lines, user=reminder.user).delete()
            failures.append((reminder.user, exc))
    return sent, failures
