"""Key processes (QB3): the check whether at least one is shown in full in the Selbstreport."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation

from .models import KeyProcess


def key_process_warning(organisation: Organisation) -> str | None:
    """A warning when the QB3 rule "at least one key process shown in full" is not met yet, else None."""
    processes = KeyProcess.objects.filter(organisation=organisation)
    if not processes.exists():
        return _(
            "Es ist noch kein Schlüsselprozess beschrieben. QB3 verlangt, dass die Organisation ihre "
            "Schlüsselprozesse bestimmt und mindestens einen davon im Selbstreport vollständig darstellt."
        )
    if not processes.filter(shown_in_full=True).exists():
        return _(
            "Kein Schlüsselprozess ist als „im Selbstreport vollständig dargestellt“ markiert. "
            "QB3 verlangt mindestens einen vollständig dargestellten Schlüsselprozess."
        )
    return None
