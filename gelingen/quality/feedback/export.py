"""The feedback list as CSV (the filters of the list; contact details are left out: data minimisation).
Registered as a CSV table so that a long list is written by a background job (`jobs.tables`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import LEITUNG, QM
from gelingen.jobs.tables import Table, csv_table

from .forms import FilterForm
from .models import Feedback
from .rules import is_overdue_complaint, overdue_complaints


def filtered(organisation: Organisation, filters: FilterForm) -> QuerySet[Feedback]:
    entries = Feedback.objects.filter(organisation=organisation)
    if filters.is_valid():
        data = filters.cleaned_data
        for field in ("kind", "status", "source", "channel"):
            if data[field]:
                entries = entries.filter(**{field: data[field]})
        if data["overdue"]:
            entries = overdue_complaints(entries, timezone.localdate())
    return entries


@csv_table("feedback", label=gettext_lazy("Rückmeldungen als CSV"), roles=(LEITUNG, QM))
def feedback_table(organisation: Organisation, parameters: Mapping[str, Any]) -> Table:
    today = timezone.localdate()
    entries = filtered(organisation, FilterForm(parameters.get("query") or None)).select_related("handler")
    header = [
        _("eingegangen am"),
        _("Art"),
        _("Herkunft"),
        _("Weg"),
        _("Qualitätsbereich"),
        _("Rückmeldung"),
        _("Bearbeitung"),
        _("bearbeitet von"),
        _("gezogene Konsequenz"),
        _("informiert wurden"),
        _("informiert am"),
        _("erledigt am"),
        _("Beschwerde überfällig"),
    ]
    rows = (
        [
            date_format(e.received_on, "SHORT_DATE_FORMAT"),
            e.get_kind_display(),
            e.get_source_display(),
            e.get_channel_display(),
            f"QB{e.area}" if e.area else "",
            e.text,
            e.get_status_display(),
            e.handler.name if e.handler else "",
            e.consequence,
            e.informed,
            date_format(e.informed_on, "SHORT_DATE_FORMAT") if e.informed_on else "",
            date_format(e.done_on, "SHORT_DATE_FORMAT") if e.done_on else "",
            _("ja") if is_overdue_complaint(e, today) else "",
        ]
        for e in entries.iterator(chunk_size=500)
    )
    return Table(
        f"rueckmeldungen-{slugify(organisation.name)}-{today.isoformat()}.csv", header, rows, entries.count()
    )
