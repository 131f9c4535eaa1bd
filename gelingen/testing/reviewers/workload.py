"""How many procedures a reviewer has open (against the profile's capacity)."""

from __future__ import annotations

from collections.abc import Iterable


def open_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """Open procedures per person, one query; people without any are missing from the result.

    Counted from assignments once they exist; until then nobody has an open procedure.
    """
    return {}
