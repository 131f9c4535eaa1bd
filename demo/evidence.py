"""Demo evidence register: about 28 items per demo organisation across the areas.

Most evidence sits in paper folders or on the intranet (a location); two items carry small generated
files. Several requirements are left without evidence on purpose, so the self-assessment shows the
"Kein Nachweis" flag.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from demo.context import DemoContext
from gelingen.catalogue.models import Requirement
from gelingen.quality.evidence.models import Evidence
from gelingen.quality.evidence.register import save_evidence

# Words that differ between the addiction counselling service and the youth welfare provider.
WORDS = {
    "suchtberatung-nordstadt": {
        "short": "der Suchtberatung Nordstadt",
        "service": "ambulante Suchtberatung und Nachsorge",
        "clients": "Klientinnen und Klienten",
        "survey": "Klientenbefragung",
        "partner": "dem Jobcenter Hannover-Nord",
        "flyer": "Informationsflyer für Ratsuchende und Angehörige",
        "indicators": "Indikatoren gelungener Beratung",
    },
    "jugendhilfe-am-fluss": {
        "short": "der Jugendhilfe Am Fluss",
        "service": "ambulante Hilfen zur Erziehung und Jugendwohngruppe",
        "clients": "Jugendliche und Eltern",
        "survey": "Befragung von Jugendlichen und Eltern",
        "partner": "dem Jugendamt Hildesheim",
        "flyer": "Elternbroschüre „Hilfen zur Erziehung bei uns“",
        "indicators": "Indikatoren gelungener Hilfeverläufe",
    },
}

# area, title, kind, location (None: a generated file), requirements, period covered (0: none; n: the
# last n months; "year": last calendar year; "autumn": September to November of last year), version
ITEMS = [
    (
        1,
        "Leitbild {short}, Fassung {year}",
        "publication",
        "Intranet > QM > Leitbild",
        ["QB1.1", "QB1.3"],
        0,
        "2.0",
    ),
    (
        1,
        "Protokoll der Leitbild-Werkstatt mit allen Mitarbeitenden",
        "protocol",
        "Ordner QM, Register 1",
        ["QB1.2"],
        1,
        "",
    ),
    (1, "Protokoll Teambesprechung: Vorstellung des neuen Leitbilds", "protocol", None, ["QB1.4"], 1, ""),
    (
        1,
        "Leitbild auf der Website und im Jahresbericht",
        "publication",
        "Website > Über uns; Jahresbericht, S. 3",
        ["QB1.4"],
        0,
        "",
    ),
    (
        1,
        "Aufgabenbeschreibung Qualitätsbeauftragte*r (inkl. Leitbildrevision)",
        "document",
        "Ordner QM, Register 1",
        ["QB1.5"],
        0,
        "1.1",
    ),
    (
        2,
        "Konzept zur Bedarfserhebung: Quellen, Methoden, Turnus",
        "plan",
        "Ordner QM, Register 2",
        ["QB2.1"],
        0,
        "1.0",
    ),
    (2, "Auswertung der Bedarfsanalyse {last_year}", "evaluation", None, ["QB2.1", "QB2.3"], "year", ""),
    (3, "Prozesslandkarte", "plan", "Intranet > QM > Handbuch > Prozesse", ["QB3.1"], 0, "3"),
    (3, "Übersicht der Prozessverantwortlichen", "document", "Ordner QM, Register 3", ["QB3.2"], 0, ""),
    (
        3,
        "Schnittstellenbeschreibung Aufnahme und Beratung",
        "document",
        "Intranet > QM > Handbuch > Prozesse",
        ["QB3.3"],
        0,
        "1.0",
    ),
    (
        4,
        "Leistungsbeschreibung: {service}",
        "document",
        "Ordner Leitung, Register 4",
        ["QB4.1", "QB4.2"],
        0,
        "2024",
    ),
    (4, "{flyer}", "publication", "Wartebereich; Website > Angebote", ["QB4.3"], 0, ""),
    (4, "Katalog der {indicators}", "plan", "Ordner QM, Register 4", ["QB4.4"], 0, "0.9"),
    (
        5,
        "Kooperationsvereinbarung mit {partner}",
        "agreement",
        "Ordner Leitung, Kooperationen",
        ["QB5.1", "QB5.4"],
        24,
        "",
    ),
    (
        5,
        "Anforderungen an Reinigungsdienst und IT-Dienstleister",
        "document",
        "Ordner Verwaltung, Verträge",
        ["QB5.2"],
        0,
        "",
    ),
    (
        6,
        "Evaluationskonzept: {survey} zweimal im Jahr",
        "plan",
        "Intranet > QM > Evaluation",
        ["QB6.1"],
        0,
        "1.2",
    ),
    (
        6,
        "Auswertung {survey} Herbst {last_year}",
        "evaluation",
        "Intranet > QM > Evaluation > Ergebnisse",
        ["QB6.1", "QB6.2"],
        "autumn",
        "",
    ),
    (
        7,
        "Checkliste Räume und Ausstattung (Begehung alle 6 Monate)",
        "form",
        "Ordner Verwaltung, Register 7",
        ["QB7.1", "QB7.2"],
        0,
        "",
    ),
    (
        7,
        "Gefährdungsbeurteilung der Arbeitsplätze",
        "evaluation",
        "Ordner Arbeitsschutz",
        ["QB7.3", "QB7.4"],
        12,
        "",
    ),
    (8, "Organigramm", "document", "Intranet > Organisation", ["QB8.1"], 0, "5"),
    (8, "Führungsleitlinien", "document", "Ordner Leitung, Register 2", ["QB8.2"], 0, "1.0"),
    (
        8,
        "Geschäftsordnung der Leitungsrunde (Entscheidungswege)",
        "document",
        "Ordner Leitung, Register 3",
        ["QB8.3"],
        0,
        "",
    ),
    (8, "Protokolle der Leitungsrunde {last_year}", "protocol", "Ordner Leitung, Register 5", [], "year", ""),
    (
        9,
        "Aufgabenprofile aller Funktionsstellen",
        "document",
        "Ordner Personal, Register 1",
        ["QB9.1"],
        0,
        "",
    ),
    (9, "Fortbildungsplan {year}", "plan", "Intranet > Personal > Fortbildung", ["QB9.6", "QB9.7"], 0, ""),
    (
        10,
        "Kennzahlenbericht {last_year}",
        "evaluation",
        "Intranet > QM > Kennzahlen",
        ["QB10.1", "QB10.2"],
        "year",
        "",
    ),
    (
        11,
        "Beschwerdeverfahren mit Rückmeldebogen",
        "form",
        "Wartebereich; Intranet > QM > Formulare",
        ["QB11.3"],
        0,
        "1.1",
    ),
    (
        12,
        "Ideenspeicher: gesammelte Qualitätsziele und Maßnahmen",
        "document",
        "Intranet > QM > Ideenspeicher",
        ["QB12.2"],
        0,
        "",
    ),
]


def _period(today: date, spec) -> tuple[date | None, date | None]:
    if spec == "year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if spec == "autumn":
        return date(today.year - 1, 9, 1), date(today.year - 1, 11, 30)
    if spec:
        return today - timedelta(days=round(spec * 30.4)), today - timedelta(days=15)
    return None, None


def _pdf(title: str, org_name: str, lines: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (
        '<html lang="de"><head><meta charset="utf-8"><style>@page{size:A4;margin:2.5cm}'
        'body{font-family:"Liberation Sans",Arial,sans-serif;font-size:11pt}</style></head>'
        f"<body><h1>{escape(title)}</h1><p><em>{escape(org_name)}</em></p>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def _attach(evidence: Evidence, ctx: DemoContext, words: dict) -> None:
    """Store a small generated file under a fixed name (running the demo again overwrites it)."""
    if evidence.area_number == 1:
        name, content = (
            f"Protokoll-Teambesprechung-{evidence.identifier}.txt",
            (
                f"Protokoll der Teambesprechung, {ctx.org.name}\n\n"
                "TOP 1: Das überarbeitete Leitbild wird vorgestellt und besprochen.\n"
                "TOP 2: Jede Kollegin und jeder Kollege erhält ein gedrucktes Exemplar.\n"
                "TOP 3: Das Leitbild hängt ab sofort im Wartebereich aus.\n"
            ).encode(),
        )
    else:
        name = f"Bedarfsanalyse-{evidence.identifier}.pdf"
        content = _pdf(
            evidence.title,
            ctx.org.name,
            [
                f"Grundlage: Anfragen, Statistik der Kommune und Rückmeldungen von {words['clients']}.",
                "Ergebnis: Die Nachfrage nach Terminen am frühen Abend ist deutlich gestiegen.",
                "Konsequenz: Ab dem Frühjahr gibt es zwei Abendsprechstunden pro Woche.",
            ],
        )
    path = f"org-{ctx.org.pk}/evidence/demo-{evidence.identifier.lower()}.{name.rsplit('.', 1)[1]}"
    if default_storage.exists(path):
        default_storage.delete(path)
    evidence.file = default_storage.save(path, ContentFile(content))
    evidence.file_name = name
    evidence.file_size = len(content)
    evidence.location = ""


def seed(ctx: DemoContext) -> None:
    if Evidence.objects.filter(organisation=ctx.org).exists():
        return
    words = WORDS.get(ctx.org.slug, WORDS["suchtberatung-nordstadt"])
    values = {**words, "year": ctx.today.year, "last_year": ctx.today.year - 1}
    requirements = {r.code: r for r in Requirement.objects.filter(model=ctx.model)}
    people = [p for p in (ctx.people.get("qm"), ctx.people.get("staff"), ctx.people.get("leitung")) if p]
    for i, (area, title, kind, location, codes, months, version) in enumerate(ITEMS):
        evidence = Evidence(
            organisation=ctx.org,
            area_number=area,
            title=title.format(**values),
            kind=kind,
            location=location or "",
            version=version,
            revision_date=ctx.today - timedelta(days=20 + 9 * i),
            description="",
        )
        evidence.period_start, evidence.period_end = _period(ctx.today, months)
        author = people[i % len(people)]
        save_evidence(evidence, author, requirements=[requirements[c] for c in codes if c in requirements])
        if location is None:
            _attach(evidence, ctx, words)
            evidence.save()
