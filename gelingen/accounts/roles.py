"""Roles inside an organisation and what each may do.

Three levels are enough for every check in the app: read, write (do the work), manage
(administer the organisation: members, cycles, master data).
"""

from __future__ import annotations

from enum import IntEnum

from django.utils.translation import gettext_lazy as _


class Level(IntEnum):
    READ = 1
    WRITE = 2
    MANAGE = 3


LEITUNG = "leitung"
QM = "qm"
STAFF = "staff"
READONLY = "readonly"
OFFICER = "officer"
REVIEWER = "reviewer"
COORDINATOR = "coordinator"
PARTNER = "partner"

ROLE_CHOICES = [
    (LEITUNG, _("Leitung")),
    (QM, _("Qualitätsbeauftragte*r")),
    (STAFF, _("Mitarbeitende")),
    (READONLY, _("Lesend")),
    (OFFICER, _("Sachbearbeitung Testierungsstelle")),
    (REVIEWER, _("Gutachter*in")),
    (COORDINATOR, _("Koordination")),
    (PARTNER, _("Partner*in")),
]

ROLE_LEVELS = {
    LEITUNG: Level.MANAGE,
    QM: Level.MANAGE,
    STAFF: Level.WRITE,
    READONLY: Level.READ,
    OFFICER: Level.MANAGE,
    REVIEWER: Level.WRITE,
    COORDINATOR: Level.MANAGE,
    PARTNER: Level.WRITE,
}

# Which roles an organisation of each kind hands out; every kind has a read-only role.
ROLES_BY_KIND = {
    "service": [LEITUNG, QM, STAFF, READONLY],
    "testing_body": [OFFICER, REVIEWER, READONLY],
    "municipality": [COORDINATOR, STAFF, READONLY],
    "provider": [PARTNER, STAFF, READONLY],
}


def level_of(role: str) -> Level:
    return ROLE_LEVELS.get(role, Level.READ)


def roles_at_least(level: Level) -> list[str]:
    return [role for role, role_level in ROLE_LEVELS.items() if role_level >= level]
