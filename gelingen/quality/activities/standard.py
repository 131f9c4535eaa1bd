"""The standard recurring activities of KQS, with default rhythms, created for an organisation in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core import rhythm

from .models import TYPE_AREAS, Activity, ActivityType


@dataclass(frozen=True)
class Standard:
    type: str
    title: str
    count: int
    unit: str
    rhythm_note: str
    description: str

    @property
    def area_number(self) -> int | None:
        return TYPE_AREAS.get(self.type)

    @property
    def rhythm_label(self) -> str:
        return rhythm.rhythm_label(self.count, self.unit)


STANDARD = [
    Standard(
        ActivityType.NEEDS,
        _("Bedarfe der Kundengruppen erheben"),
        1,
        rhythm.YEARS,
        _("jeweils im Herbst, vor der Jahresplanung"),
        _(
            "Daten aus Statistik, Netzwerk und Rückmeldungen der Auftraggeber zusammentragen und daraus "
            "ableiten, welche Angebote im kommenden Jahr gebraucht werden."
        ),
    ),
    Standard(
        ActivityType.EVALUATION,
        _("Dienstleistungsprozesse evaluieren"),
        6,
        rhythm.MONTHS,
        _("im Frühjahr und im Herbst"),
        _(
            "Befragung der Kundinnen und Kunden sowie Auswertung der Fallverläufe; Ergebnisse in der "
            "Teamsitzung vorstellen."
        ),
    ),
    Standard(
        ActivityType.INFRASTRUCTURE,
        _("Räume und Erreichbarkeit für Kundinnen und Kunden prüfen"),
        1,
        rhythm.YEARS,
        "",
        _("Begehung mit Checkliste: Barrierefreiheit, Wartebereich, Beschilderung, Öffnungszeiten."),
    ),
    Standard(
        ActivityType.WORKING_CONDITIONS,
        _("Arbeitsbedingungen der Mitarbeitenden prüfen"),
        1,
        rhythm.YEARS,
        "",
        _("Gefährdungsbeurteilung und kurze Mitarbeitendenbefragung zu Arbeitsplatz und Belastung."),
    ),
    Standard(
        ActivityType.MATERIAL,
        _("Material und Ausstattung prüfen"),
        6,
        rhythm.MONTHS,
        "",
        _("Inventarliste abgleichen: Technik, Erste-Hilfe-Material, Informationsmaterial, Verbrauchsgüter."),
    ),
    Standard(
        ActivityType.GOAL_AGREEMENTS,
        _("Zielvereinbarungen treffen und überprüfen"),
        1,
        rhythm.YEARS,
        _("Überprüfung zur Jahresmitte"),
        _("Zielvereinbarungen zwischen Leitung und Teams bzw. Mitarbeitenden schriftlich festhalten."),
    ),
    Standard(
        ActivityType.DEVELOPMENT_TALKS,
        _("Entwicklungsgespräche führen"),
        1,
        rhythm.YEARS,
        "",
        _("Jährliches Gespräch mit allen Mitarbeitenden über Aufgaben, Kompetenzen und Fortbildung."),
    ),
    Standard(
        ActivityType.KEY_FIGURES,
        _("Kennzahlen erheben"),
        3,
        rhythm.MONTHS,
        _("zum Quartalsende"),
        _("Fallzahlen, Kontakte und Wartezeiten aus der Dokumentation zusammenstellen."),
    ),
    Standard(
        ActivityType.KEY_FIGURE_REPORT,
        _("Kennzahlenbericht erstellen"),
        1,
        rhythm.YEARS,
        _("bis Ende Februar für das Vorjahr"),
        _("Kennzahlen bewerten, mit den Zielwerten vergleichen und Konsequenzen festhalten."),
    ),
    Standard(
        ActivityType.INTERNAL_AUDIT,
        _("Internes Audit über alle Qualitätsbereiche"),
        2,
        rhythm.YEARS,
        "",
        _("Alle zwölf Qualitätsbereiche anhand der Anforderungen prüfen; Abweichungen als Maßnahmen planen."),
    ),
    Standard(
        ActivityType.WORKSHOP,
        _("Evaluations- und Entwicklungsworkshop"),
        1,
        rhythm.YEARS,
        _("jeweils im Januar"),
        _("Rückblick auf das Jahr, Ideenspeicher sichten, Qualitätsentwicklungsziele vereinbaren."),
    ),
]

# Spread the first due dates so that not everything falls due in the same week.
SPREAD_DAYS = 21
DATA_LANGUAGE = "de"  # stored texts are German, like everything people type in


def existing_types(org: Organisation) -> set[str]:
    return set(org.activities.values_list("type", flat=True))


@transaction.atomic
def create_standard_activities(
    org: Organisation, owner, today: date, only: set[str] | None = None
) -> list[Activity]:
    """Create the standard activities the organisation does not have yet (matched by type).

    `only` restricts the creation to these types. Titles and texts are stored in German, the language of
    the organisation's data, whatever the language of the person asking. The first due dates are spread
    over the next months by position among the created ones: the first is due in SPREAD_DAYS days.
    """
    have = existing_types(org)
    chosen = [s for s in STANDARD if s.type not in have and (only is None or s.type in only)]
    with translation.override(DATA_LANGUAGE):
        created = [
            Activity(
                organisation=org,
                type=standard.type,
                title=str(standard.title),
                area_number=standard.area_number,
                interval_count=standard.count,
                interval_unit=standard.unit,
                rhythm_note=str(standard.rhythm_note),
                description=str(standard.description),
                owner=owner,
                next_due=today + timedelta(days=SPREAD_DAYS * position),
            )
            for position, standard in enumerate(chosen, start=1)
        ]
    return Activity.objects.bulk_create(created)
