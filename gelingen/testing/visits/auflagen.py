"""Where the Auflagen of a procedure come from: a registry the Gutachten app fills.

This app cannot import the Gutachten (it lives in another app); whoever holds the Auflagen registers a
source `fn(procedure) -> [(key, area label, requirement label, Auflage text), ...]`. The visit records
its findings against these keys and keeps a copy of the texts, so the protocol stays readable even if a
source changes later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gelingen.testing.models import Procedure


@dataclass(frozen=True)
class AuflageRef:
    key: str  # stable within the procedure, e.g. "req-123"
    area: str  # label of the quality area, e.g. "QB 3 Prozesse"
    requirement: str  # label of the requirement
    text: str  # what the reviewer asked to be shown


Source = Callable[[Procedure], list[tuple[str, str, str, str]]]
_sources: list[Source] = []


def register_source(fn: Source) -> Source:
    """Add a source of Auflagen (registering twice is harmless)."""
    if fn not in _sources:
        _sources.append(fn)
    return fn


def auflagen_of(procedure: Procedure) -> list[AuflageRef]:
    """Every Auflage of the procedure's current Gutachten, from all sources, in their order."""
    found: list[AuflageRef] = []
    seen: set[str] = set()
    for source in _sources:
        for key, area, requirement, text in source(procedure):
            if key not in seen:
                seen.add(key)
                found.append(AuflageRef(str(key), str(area), str(requirement), str(text)))
    return found
