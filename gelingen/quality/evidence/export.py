"""The evidence of a cycle as CSV rows (also the rows of its PDF list); registered as a CSV table so
that a long register is written by a background job (`jobs.tables`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import LEITUNG, QM
from gelingen.jobs.kinds import JobError
from gelingen.jobs.tables import Table, csv_table

from .models import Evidence
from .register import evidence_for_cycle

EXPORT_HEADER = [
    gettext_lazy("Kennung"),
    gettext_lazy("Titel"),
    gettext_lazy("Art"),
    gettext_lazy("Ablageort / Datei"),
    gettext_lazy("Zeitraum"),
    gettext_lazy("Version"),
    gettext_lazy("Stand vom"),
    gettext_lazy("Anforderungen"),
]


def export_rows(items: Iterable[Evidence]) -> Iterator[list[str]]:
    for e in items:
        yield [
            e.identifier,
            e.title,
            e.get_kind_display(),
            _("Datei: %(name)s") % {"name": e.file_name} if e.file else e.location,
            e.period_display,
            e.version,
            date_format(e.revision_date, "SHORT_DATE_FORMAT") if e.revision_date else "",
            ", ".join(r.code for r in e.requirements.all()),
        ]


@csv_table("evidence_cycle", label=gettext_lazy("Nachweise des Zyklus als CSV"), roles=(LEITUNG, QM))
def cycle_table(organisation: Organisation, parameters: Mapping[str, Any]) -> Table:
    cycle = organisation.cycles.filter(pk=int(parameters.get("cycle") or 0)).first()
    if cycle is None:
        raise JobError(_("Diesen Zyklus gibt es nicht mehr."))
    items = evidence_for_cycle(cycle)
    filename = f"nachweise-{slugify(organisation.name)}-{cycle.pk}.csv"
    return Table(filename, [str(h) for h in EXPORT_HEADER], export_rows(items), len(items))
