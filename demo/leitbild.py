"""Demo Leitbild: one published version, a draft with changes, participation, communication, revision plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from demo.context import DemoContext
from gelingen.quality.leitbild.models import LeitbildSection, LeitbildVersion, Participation, RevisionPlan

NORDSTADT = {
    "preamble": (
        "Die Suchtberatung Nordstadt e.V. wurde 1987 von engagierten Bürgerinnen und Bürgern gegründet. "
        "Heute arbeiten bei uns acht hauptamtliche Fachkräfte und ein Kreis von Ehrenamtlichen."
    ),
    "identity": (
        "Wir sind die anerkannte Fachstelle für Sucht und Suchtprävention im Stadtbezirk Nordstadt. "
        "Die Stadt Hannover und das Land Niedersachsen beauftragen uns mit ambulanter Beratung, "
        "Vermittlung in Therapie und Nachsorge."
    ),
    "values": (
        "Jeder Mensch hat das Recht auf Unterstützung, unabhängig von Herkunft, Einkommen und Konsum. "
        "Wir arbeiten vertraulich, parteilich für unsere Klientinnen und Klienten und ohne Vorbedingung "
        "der Abstinenz."
    ),
    "customers": (
        "Erwachsene mit riskantem oder abhängigem Konsum von Alkohol, Medikamenten, illegalen Drogen "
        "oder mit Glücksspielproblemen sowie ihre Angehörigen. Institutionelle Kunden sind die "
        "Kommune als Geldgeberin, die Rentenversicherung, Jobcenter und Kliniken."
    ),
    "goals": (
        "Wir wollen Menschen befähigen, ihren Konsum selbst zu steuern oder zu beenden und wieder "
        "am gesellschaftlichen Leben teilzuhaben. Als Organisation wollen wir bis 2028 die digitale "
        "Beratung als festen Zugangsweg etablieren."
    ),
    "capabilities": (
        "Unser Team verbindet Sozialarbeit, Psychologie und Suchttherapie. Wir haben langjährige "
        "Erfahrung in motivierender Gesprächsführung und in der Arbeit mit Familien."
    ),
    "services": (
        "Offene Sprechstunde, Einzel- und Paarberatung, ambulante Rehabilitation, Gruppen für "
        "Angehörige, Präventionsveranstaltungen in Betrieben und Schulen."
    ),
    "resources": (
        "Gut erreichbare Räume am Lindenplatz, eine stabile Förderung durch die Kommune und ein "
        "engagierter Kreis von Ehrenamtlichen in der Selbsthilfe."
    ),
    "dgd": (
        "Unsere Beratung ist gelungen, wenn Ratsuchende ihre eigenen Ziele benennen, einen für sie "
        "passenden Weg gefunden haben und sich nach der Beratung handlungsfähiger erleben als vorher. "
        "Für unsere Auftraggeber ist sie gelungen, wenn Übergänge in Therapie und Arbeit ohne Wartezeit "
        "gelingen."
    ),
}
NORDSTADT_DRAFT = {
    "goals": (
        "Wir wollen Menschen befähigen, ihren Konsum selbst zu steuern oder zu beenden und wieder "
        "am gesellschaftlichen Leben teilzuhaben. Als Organisation wollen wir bis 2028 die digitale "
        "Beratung und die aufsuchende Arbeit im Quartier als feste Zugangswege etablieren."
    ),
    "dgd": (
        "Unsere Beratung ist gelungen, wenn Ratsuchende ihre eigenen Ziele benennen, einen für sie "
        "passenden Weg gefunden haben und sich nach der Beratung handlungsfähiger erleben als vorher. "
        "Angehörige wissen, wo sie selbst Entlastung finden. Für unsere Auftraggeber ist sie gelungen, "
        "wenn Übergänge in Therapie und Arbeit ohne Wartezeit gelingen."
    ),
}

AM_FLUSS = {
    "preamble": (
        "Die Jugendhilfe Am Fluss gGmbH ist ein freier Träger der Kinder- und Jugendhilfe in Hildesheim "
        "mit ambulanten und teilstationären Angeboten."
    ),
    "identity": (
        "Wir sind ein anerkannter Träger der freien Jugendhilfe. Das Jugendamt beauftragt uns mit "
        "Hilfen zur Erziehung nach dem SGB VIII; dazu kommen eigene Projekte der offenen Jugendarbeit."
    ),
    "values": (
        "Kinder und Jugendliche sind Expertinnen und Experten ihres eigenen Lebens. Wir begegnen "
        "Familien mit Respekt, arbeiten transparent und beteiligen junge Menschen an allen "
        "Entscheidungen, die sie betreffen."
    ),
    "customers": (
        "Kinder, Jugendliche und junge Volljährige bis 21 Jahre und ihre Familien. Institutionelle "
        "Kunden sind das Jugendamt der Stadt, Schulen und Kindertagesstätten im Stadtteil."
    ),
    "goals": (
        "Junge Menschen sollen sicher aufwachsen und ihre Fähigkeiten entfalten können. Wir wollen "
        "Hilfen früh und im Sozialraum anbieten, bevor Krisen entstehen."
    ),
    "capabilities": (
        "Systemische Familienberatung, Erlebnispädagogik, Kinderschutz nach § 8a SGB VIII mit eigenen "
        "insoweit erfahrenen Fachkräften."
    ),
    "services": (
        "Sozialpädagogische Familienhilfe, Erziehungsbeistandschaft, soziale Gruppenarbeit, "
        "Tagesgruppe, offener Jugendtreff am Ufer."
    ),
    "resources": "",
    "dgd": (
        "Eine Hilfe ist gelungen, wenn die Familie ihren Alltag wieder aus eigener Kraft bewältigt, "
        "das Kind oder die Jugendliche sich gehört fühlt und die vereinbarten Ziele im Hilfeplan "
        "gemeinsam erreicht wurden."
    ),
}
AM_FLUSS_DRAFT = {
    "values": (
        "Kinder und Jugendliche sind Expertinnen und Experten ihres eigenen Lebens. Wir begegnen "
        "Familien mit Respekt und ohne Vorurteile, arbeiten transparent und beteiligen junge Menschen "
        "an allen Entscheidungen, die sie betreffen – auch an der Weiterentwicklung unserer Angebote."
    ),
    "services": (
        "Sozialpädagogische Familienhilfe, Erziehungsbeistandschaft, soziale Gruppenarbeit, "
        "Tagesgruppe, offener Jugendtreff am Ufer und Schulsozialarbeit an zwei Grundschulen."
    ),
}


def _version(ctx: DemoContext, number: int, texts: dict[str, str], published_days_ago: int | None):
    version = LeitbildVersion.objects.create(
        organisation=ctx.org,
        number=number,
        preamble=texts["preamble"],
        created_by=ctx.people["qm"],
        updated_by=ctx.people["qm"],
    )
    LeitbildSection.objects.bulk_create(
        LeitbildSection(version=version, key=key, text=text)
        for key, text in texts.items()
        if key != "preamble"
    )
    if published_days_ago is not None:
        day = ctx.today - timedelta(days=published_days_ago)
        version.published_at = timezone.make_aware(datetime.combine(day, time(10, 0)))
        version.published_by = ctx.people["leitung"]
        version.change_note = "Erste gemeinsam erarbeitete Fassung"
        version.written_on = day - timedelta(days=3)
        version.internal_on = day + timedelta(days=6)
        version.internal_channel = "Teamsitzung und Aushang im Flur"
        if ctx.org.slug == "suchtberatung-nordstadt":
            version.external_on = day + timedelta(days=20)
            version.external_channel = "Website und Jahresbericht"
        version.save()
    return version


def seed(ctx: DemoContext) -> None:
    if LeitbildVersion.objects.filter(organisation=ctx.org).exists():
        return
    nordstadt = ctx.org.slug == "suchtberatung-nordstadt"
    base = NORDSTADT if nordstadt else AM_FLUSS
    published = _version(ctx, 1, base, published_days_ago=240)
    _version(ctx, 2, {**base, **(NORDSTADT_DRAFT if nordstadt else AM_FLUSS_DRAFT)}, published_days_ago=None)

    qm, staff = ctx.people["qm"], ctx.people["staff"]
    entries = [
        (
            280,
            Participation.Format.WORKSHOP,
            "gesamtes Team, 2 Ehrenamtliche, Vorstand",
            "Klausurtag zu Werten und DgD",
        ),
        (
            265,
            Participation.Format.SURVEY,
            "alle Mitarbeitenden (11 Rückmeldungen)",
            "Online-Umfrage zum Entwurf",
        ),
        (
            250,
            Participation.Format.MEETING,
            "Fachteam",
            "Endfassung abgestimmt, Beschluss der Leitung vorbereitet",
        ),
        (20, Participation.Format.MEETING, "Fachteam, Verwaltung", "Überarbeitung angestoßen: Ziele und DgD"),
    ]
    if not nordstadt:
        entries[0] = (
            280,
            Participation.Format.WORKSHOP,
            "Team der Tagesgruppe, Jugendbeirat (4 Jugendliche)",
            "Zukunftswerkstatt",
        )
    draft = LeitbildVersion.objects.get(organisation=ctx.org, number=2)
    for i, (days, fmt, who, note) in enumerate(entries):
        Participation.objects.create(
            organisation=ctx.org,
            version=draft if i == 3 else published,
            held_on=ctx.today - timedelta(days=days),
            format=fmt,
            participants=who,
            note=note,
            created_by=qm if i % 2 == 0 else staff,
        )
    RevisionPlan.objects.create(
        organisation=ctx.org,
        responsible=qm,
        next_revision_on=ctx.today + timedelta(days=10 if nordstadt else 150),
        rhythm="alle 2 Jahre" if nordstadt else "jährlich",
        updated_by=ctx.people["leitung"],
    )
