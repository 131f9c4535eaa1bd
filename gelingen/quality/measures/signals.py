"""Keep the stored justification ratings of measures in step with the Leitbild they are rated against."""

from __future__ import annotations

from gelingen.quality.leitbild.models import LeitbildVersion

from .justification import rerate_measures


def rerate_on_publish(sender, version: LeitbildVersion, **kwargs) -> None:
    """A new Leitbild version is current: rate every measure of its organisation again."""
    rerate_measures(version.organisation)
