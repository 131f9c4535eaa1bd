"""Capacity planning: planned hours of open tasks per person and month against the hours available.

KQS advises to plan only 60 % of the time a person has for quality work and to keep 40 % free for the
unforeseen. Open work counts in the month it is due; work that is overdue or has no due date still has
to be done, so it counts in the current month. Tasks of finished or discarded measures do not count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation, User
from gelingen.core.rhythm import month_start
from gelingen.quality import scope

from .models import Capacity, Measure, Task

LIMIT = Decimal("0.6")
HORIZON_MONTHS = 6


def load_month(due: date | None, today: date) -> date:
    """The month whose capacity a task uses."""
    current = month_start(today)
    if due is None or due < current:
        return current
    return month_start(due)


def is_over_limit(planned: Decimal, available: Decimal | None) -> bool:
    """More than 60 % of the available hours planned? Unknown hours: no; zero hours: any plan."""
    if available is None:
        return False
    return planned > available * LIMIT


@dataclass(frozen=True)
class Load:
    month: date
    planned: Decimal
    available: Decimal | None

    @property
    def percent(self) -> int | None:
        if not self.available:
            return None
        return round(self.planned * 100 / self.available)

    @property
    def over_limit(self) -> bool:
        return is_over_limit(self.planned, self.available)

    @property
    def label(self) -> str:
        return formats.date_format(self.month, "F Y")


@dataclass
class PersonLoad:
    user: User
    available: Decimal | None
    months: list[Load] = field(default_factory=list)

    @property
    def over_limit(self) -> bool:
        return any(load.over_limit for load in self.months)

    @property
    def planned_total(self) -> Decimal:
        return sum((load.planned for load in self.months), Decimal(0))


def _open_tasks(organisation: Organisation):
    return (
        Task.objects.filter(measure__organisation=organisation, responsible__isnull=False)
        .exclude(status=Task.Status.DONE)
        .exclude(measure__status__in=[Measure.Status.DONE, Measure.Status.DISCARDED])
    )


def available_hours(organisation: Organisation) -> dict[int, Decimal]:
    return dict(Capacity.objects.filter(organisation=organisation).values_list("user_id", "hours_per_month"))


@transaction.atomic
def save_hours(
    organisation: Organisation, changes: dict[User, tuple[Decimal | None, Decimal | None]]
) -> dict[User, Decimal | None]:
    """Write the hours a manager changed, each given as (the value the form was loaded with, the new one).

    Hours nobody changed in the form are not written, so a second manager's edits of other people
    stay. If someone saved a different value for one of the changed people in between, nothing is
    written and those people are returned with the value stored now (compare-and-set, under a lock on
    the organisation so two saves do not check at the same moment)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
    stored = available_hours(organisation)
    conflicts = {
        user: stored.get(user.pk)
        for user, (loaded, new) in changes.items()
        if loaded != stored.get(user.pk) and new != stored.get(user.pk)
    }
    if conflicts:
        return conflicts
    for user, (_loaded, hours) in changes.items():
        if hours is None:
            Capacity.objects.filter(organisation=organisation, user=user).delete()
        else:
            Capacity.objects.update_or_create(
                organisation=organisation, user=user, defaults={"hours_per_month": hours}
            )
    return {}


def workloads(
    organisation: Organisation, today: date | None = None, months: int = HORIZON_MONTHS
) -> list[PersonLoad]:
    """Every member's load for the current month and the following ones (three queries)."""
    today = today or timezone.localdate()
    horizon = [month_start(today, i) for i in range(months)]
    planned: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    for user_id, due, hours in _open_tasks(organisation).values_list(
        "responsible_id", "due_date", "planned_hours"
    ):
        planned[(user_id, load_month(due, today))] += hours or Decimal(0)
    available = available_hours(organisation)
    members = scope.members(organisation)
    return [
        PersonLoad(
            user=user,
            available=available.get(user.pk),
            months=[Load(m, planned.get((user.pk, m), Decimal(0)), available.get(user.pk)) for m in horizon],
        )
        for user in members
    ]


def _planned(organisation: Organisation, user: User, today: date) -> dict[date, Decimal]:
    planned: dict[date, Decimal] = defaultdict(Decimal)
    for due, hours in (
        _open_tasks(organisation).filter(responsible=user).values_list("due_date", "planned_hours")
    ):
        planned[load_month(due, today)] += hours or Decimal(0)
    return planned


def _available(organisation: Organisation, user: User) -> Decimal | None:
    hours = Capacity.objects.filter(organisation=organisation, user=user).values_list(
        "hours_per_month", flat=True
    )
    return next(iter(hours), None)


def load_of(organisation: Organisation, user: User, month: date, today: date | None = None) -> Load:
    """One person's load in one month, e.g. right after a task was assigned to them."""
    planned = _planned(organisation, user, today or timezone.localdate())
    return Load(month, planned.get(month, Decimal(0)), _available(organisation, user))


def overloaded_months(organisation: Organisation, user: User, today: date | None = None) -> list[Load]:
    """The months of the planning horizon in which a person is planned above 60 % (two queries)."""
    today = today or timezone.localdate()
    planned = _planned(organisation, user, today)
    available = _available(organisation, user)
    months = [month_start(today, i) for i in range(HORIZON_MONTHS)]
    loads = [Load(month, planned.get(month, Decimal(0)), available) for month in months]
    return [load for load in loads if load.over_limit]


def hours_label(hours: Decimal) -> str:
    """7 instead of 7,0; 2,5 stays."""
    whole = hours.to_integral_value()
    return formats.localize(whole if hours == whole else hours)


def warning(user: User, load: Load) -> str:
    """The hint shown when a person is planned above the limit."""
    if not load.available:
        return _(
            "%(name)s hat im %(month)s %(planned)s geplante Stunden, aber keine verfügbare Zeit für "
            "Qualitätsarbeit hinterlegt."
        ) % {"name": user.name, "month": load.label, "planned": hours_label(load.planned)}
    return _(
        "%(name)s ist im %(month)s mit %(planned)s von %(available)s Stunden verplant (%(percent)s %%). "
        "Planen Sie höchstens 60 %% der Zeit fest ein und halten Sie 40 %% für Unvorhergesehenes frei."
    ) % {
        "name": user.name,
        "month": load.label,
        "planned": hours_label(load.planned),
        "available": hours_label(load.available),
        "percent": load.percent,
    }
