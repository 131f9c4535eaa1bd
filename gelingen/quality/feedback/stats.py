"""Counts for the evaluation overview: by kind, channel, source and month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import formats

from gelingen.core.rhythm import month_start

from .models import COMPLAINT_DAYS, Feedback


def last_months(today: date, months: int = 12) -> list[date]:
    """First days of the last `months` months, oldest first, the current month included."""
    return [month_start(today, -back) for back in range(months - 1, -1, -1)]


def monthly_counts(entries: QuerySet[Feedback], today: date, months: int = 12) -> list[tuple[str, int]]:
    """(month label, count) for the last `months` months, empty months included."""
    starts = last_months(today, months)
    rows = (
        entries.filter(received_on__gte=starts[0], received_on__lte=today)
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    found = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime):
            month = month.date()
        found[(month.year, month.month)] = row["n"]
    return [(formats.date_format(s, "M y"), found.get((s.year, s.month), 0)) for s in starts]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    total: int
    open: int


def counts_by(entries: QuerySet[Feedback], field: str) -> list[Row]:
    """Every choice of `field` with its total and open count (choices without entries show 0)."""
    rows = entries.values(field).annotate(
        total=Count("pk"), open=Count("pk", filter=~Q(status=Feedback.Status.DONE))
    )
    found = {row[field]: row for row in rows}
    choices = Feedback._meta.get_field(field).choices
    return [
        Row(key, str(label), found.get(key, {}).get("total", 0), found.get(key, {}).get("open", 0))
        for key, label in choices
    ]


@dataclass(frozen=True)
class ComplaintSummary:
    total: int
    done: int
    done_in_time: int


def complaint_summary(entries: QuerySet[Feedback]) -> ComplaintSummary:
    """How many complaints were settled, and how many of those within the 30 days."""
    complaints = list(
        entries.filter(kind=Feedback.Kind.COMPLAINT).values_list("status", "received_on", "done_on")
    )
    done = [(r, d) for status, r, d in complaints if status == Feedback.Status.DONE and d]
    in_time = sum(1 for r, d in done if (d - r).days <= COMPLAINT_DAYS)
    return ComplaintSummary(len(complaints), len(done), in_time)
