"""What every app's demo module gets, and the loop over the registered features."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from gelingen import features
from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import QualityModel
from gelingen.quality.models import Cycle


@dataclass
class DemoContext:
    """What each feature's demo seed gets; `people` maps roles ("leitung", "qm", "staff") to users."""

    org: Organisation
    model: QualityModel
    cycle: Cycle
    people: dict[str, User]
    created: bool  # False when the demo ran before: seeds must not duplicate their data
    today: date = field(default_factory=timezone.localdate)


def seed_features(ctx: DemoContext) -> None:
    """Call `seed(ctx)` of `demo/<key>.py` for every feature of the organisation's kind that has one."""
    for feature in features.for_kind(ctx.org.kind):
        try:
            module = importlib.import_module(f"demo.{feature.key}")
        except ModuleNotFoundError as exc:
            if exc.name != f"demo.{feature.key}":
                raise
            continue
        seed = getattr(module, "seed", None)
        if seed is not None:
            seed(ctx)
