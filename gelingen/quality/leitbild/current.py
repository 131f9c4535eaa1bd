"""Read access to the current (latest published) Leitbild, for other features that quote it."""

from __future__ import annotations

from gelingen.accounts.models import Organisation

from .models import SECTION_KEYS, LeitbildSection, LeitbildVersion

SECTION_ORDER = {key: i for i, (key, _) in enumerate(SECTION_KEYS)}


def current_version(organisation: Organisation) -> LeitbildVersion | None:
    return (
        LeitbildVersion.objects.filter(organisation=organisation, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def current_sections(organisation: Organisation) -> list[LeitbildSection]:
    """The sections of the current Leitbild in specification order (empty list if none is published)."""
    version = current_version(organisation)
    if version is None:
        return []
    return sorted(version.sections.all(), key=lambda s: SECTION_ORDER.get(s.key, 99))
