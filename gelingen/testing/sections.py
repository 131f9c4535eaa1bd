"""Sections of the procedure record that other apps contribute (Gutachten, workshops, visit, Testat, ...).

The record page (testing:procedure, for the organisation and the testing body) and the reviewer's page
(testing_reviewers:my_procedure) both render `collect(...)`: each registered provider returns a
`Section` (its template and context) or None when it has nothing for this viewer. A provider decides
from `role` what the viewer may see, so a confidential draft never reaches a side that must not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from .models import Procedure


@dataclass
class Section:
    template: str  # rendered with `section` (this object) and the page's context
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50  # lower comes first on the page


# provider(request, procedure, role) -> Section | None; role is one of access.ROLES
Provider = Callable[[HttpRequest, Procedure, str], "Section | None"]
_providers: list[Provider] = []


def register_section(provider: Provider) -> Provider:
    """Add a section to the procedure pages (usable as a decorator; registering twice is harmless)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def collect(request: HttpRequest, procedure: Procedure, role: str) -> list[Section]:
    """The sections for this viewer, in page order."""
    found = [s for s in (p(request, procedure, role) for p in _providers) if s is not None]
    return sorted(found, key=lambda s: s.order)
