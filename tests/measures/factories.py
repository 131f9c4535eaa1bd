"""Small builders for measures, groups and the Leitbild they quote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from gelingen.quality.leitbild.models import LeitbildSection, LeitbildVersion
from gelingen.quality.measures.models import Capacity, Decision, Group, Measure, Meeting, Milestone, Task

LEITBILD = {
    "values": "Wir begegnen allen Menschen mit Respekt. Wir nehmen Kritik ernst und antworten verlässlich.",
    "dgd": "Gelungen ist unsere Beratung, wenn Klientinnen und Klienten ihre Ziele selbst formulieren "
    "und erreichen.",
}

ARGUMENT = (
    "Laut DgD ist Beratung gelungen, wenn Klientinnen und Klienten ihre Ziele selbst formulieren. "
    "Die offene Sprechstunde senkt die Schwelle zum Erstkontakt, weil niemand einen Termin vereinbaren "
    "muss; dadurch können mehr Menschen früh eigene Ziele benennen."
)
QUOTE = "Unser Leitbild sagt: „Wir nehmen Kritik ernst und antworten verlässlich.“"
REFERENCE = "Die Maßnahme entspricht unserem Leitbild."


def publish_leitbild(org, number: int = 1, texts: dict | None = None) -> LeitbildVersion:
    version = LeitbildVersion.objects.create(organisation=org, number=number, published_at=timezone.now())
    for key, text in (texts or LEITBILD).items():
        LeitbildSection.objects.create(version=version, key=key, text=text)
    return version


def make_measure(org, **kwargs) -> Measure:
    kwargs.setdefault("title", "Offene Sprechstunde")
    kwargs.setdefault("goal", "Schneller ein Erstgespräch")
    return Measure.objects.create(organisation=org, **kwargs)


def make_task(measure, **kwargs) -> Task:
    kwargs.setdefault("title", "Aushang schreiben")
    return Task.objects.create(measure=measure, **kwargs)


def make_milestone(measure, **kwargs) -> Milestone:
    kwargs.setdefault("title", "Konzept beschlossen")
    kwargs.setdefault("date", date(2026, 3, 1))
    return Milestone.objects.create(measure=measure, **kwargs)


def make_group(org, **kwargs) -> Group:
    kwargs.setdefault("name", "Steuerungsgruppe")
    kwargs.setdefault("kind", Group.Kind.STEERING)
    return Group.objects.create(organisation=org, **kwargs)


def make_meeting(group, **kwargs) -> Meeting:
    kwargs.setdefault("date", date(2026, 2, 1))
    return Meeting.objects.create(group=group, **kwargs)


def make_decision(meeting, **kwargs) -> Decision:
    kwargs.setdefault("text", "Zeitplan verschicken")
    return Decision.objects.create(meeting=meeting, **kwargs)


def set_capacity(org, user, hours) -> Capacity:
    return Capacity.objects.create(organisation=org, user=user, hours_per_month=Decimal(hours))
