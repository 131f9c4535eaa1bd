"""Demo data: the idea store in every status and proposals for strategic goals. All fictitious."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from demo.context import DemoContext
from gelingen.catalogue.models import Area
from gelingen.quality.ideas.models import GoalProposal, Idea, Indicator
from gelingen.quality.measures.models import Measure

IDEA, GOAL = Idea.Kind.IDEA, Idea.Kind.GOAL
WS, CU, ST, EX = Idea.Source.WORKSHOP, Idea.Source.CUSTOMER, Idea.Source.STAFF, Idea.Source.EXTERNAL
NEW, ACC, PLAN, REJ = Idea.Status.NEW, Idea.Status.ACCEPTED, Idea.Status.PLANNED, Idea.Status.REJECTED

# (kind, title, description, source, areas, submitted by, days ago, status, reason or measure title)
NORDSTADT = [
    (
        IDEA,
        "Wartebereich freundlicher gestalten",
        "Pflanzen, bessere Stühle und Informationen in mehreren Sprachen im Wartebereich.",
        CU,
        [7],
        "staff",
        6,
        NEW,
        "",
    ),
    (
        IDEA,
        "Gruppenangebot für Angehörige",
        "Einmal im Monat ein offener Abend für Eltern und Partner von Menschen mit Suchtproblemen.",
        WS,
        [4],
        "qm",
        20,
        NEW,
        "",
    ),
    (
        GOAL,
        "Wartezeit auf ein Erstgespräch unter sieben Tagen",
        "Niemand soll länger als eine Woche auf ein erstes Gespräch warten.",
        WS,
        [4, 10],
        "leitung",
        35,
        ACC,
        "",
    ),
    (
        IDEA,
        "Digitale Beratung per Video",
        "Für Menschen auf dem Land, die nicht jede Woche in die Stadt fahren können.",
        ST,
        [4],
        "staff",
        50,
        ACC,
        "",
    ),
    (
        IDEA,
        "Offene Sprechstunde ohne Termin",
        "Zwei feste Zeiten pro Woche, in denen man einfach vorbeikommen kann.",
        CU,
        [4, 11],
        "staff",
        90,
        PLAN,
        "Offene Sprechstunde für Erstkontakte",
    ),
    (
        IDEA,
        "Beschwerden zentral sammeln",
        "Ein Bogen und eine zuständige Person, damit keine Beschwerde verloren geht.",
        WS,
        [11],
        "qm",
        70,
        PLAN,
        "Beschwerdeverfahren neu aufsetzen",
    ),
    (
        IDEA,
        "Kaffeeautomat für Klientinnen und Klienten",
        "Ein Automat im Flur statt der Kanne im Büro.",
        CU,
        [7],
        "staff",
        120,
        REJ,
        "Die Kanne im Wartebereich bleibt; ein Automat lohnt sich bei unserer Besucherzahl "
        "nicht. Wir füllen sie dafür zweimal am Tag auf.",
    ),
    (
        IDEA,
        "Supervision für das ganze Team",
        "Externe Fallsupervision einmal im Monat für alle.",
        ST,
        [9],
        "staff",
        30,
        NEW,
        "",
    ),
    (
        GOAL,
        "Alle Kernprozesse im Handbuch beschrieben",
        "Erstgespräch, Vermittlung und Nachsorge liegen als freigegebene Prozessbeschreibungen vor.",
        WS,
        [3],
        "qm",
        40,
        ACC,
        "",
    ),
    (
        IDEA,
        "Flyer in Leichter Sprache",
        "Unser Angebot in Leichter Sprache für Menschen mit Lernschwierigkeiten.",
        EX,
        [11],
        "leitung",
        12,
        NEW,
        "",
    ),
    (
        IDEA,
        "Wochenendsprechstunde",
        "Eine Sprechstunde am Samstagvormittag für Berufstätige.",
        CU,
        [4],
        "staff",
        100,
        REJ,
        "Mit der aktuellen Personalausstattung nicht leistbar; wir prüfen stattdessen einen späten "
        "Termin am Donnerstag bis 19 Uhr.",
    ),
    (
        IDEA,
        "Rückmeldung der Hausarztpraxen einholen",
        "Kurze Befragung der Praxen, die uns Menschen vermitteln.",
        EX,
        [5, 6],
        "qm",
        8,
        NEW,
        "",
    ),
]

FLUSS = [
    (
        IDEA,
        "Jugendrat in jeder Wohngruppe",
        "Gewählte Sprecherinnen und Sprecher, die sich alle vier Wochen mit der Gruppenleitung treffen.",
        WS,
        [4],
        "staff",
        10,
        NEW,
        "",
    ),
    (IDEA, "WLAN in allen Gruppenräumen", "Für Hausaufgaben und Bewerbungen.", CU, [7], "staff", 25, ACC, ""),
    (
        GOAL,
        "Jede Hilfeplanung mit eigenen Zielen der Jugendlichen",
        "Die Ziele der Jugendlichen stehen in ihren eigenen Worten im Hilfeplan.",
        WS,
        [4],
        "qm",
        60,
        PLAN,
        "Beteiligung der Jugendlichen an der Hilfeplanung",
    ),
    (
        IDEA,
        "Elternabende",
        "Den Kontakt zu den Eltern halten, auch wenn die Kinder nicht zu Hause leben.",
        ST,
        [4],
        "staff",
        80,
        PLAN,
        "Elternabende in den Wohngruppen",
    ),
    (
        IDEA,
        "Fahrdienst mit Ehrenamtlichen",
        "Fahrten zu Vereinen und Freizeitangeboten.",
        EX,
        [5],
        "leitung",
        200,
        REJ,
        "Versicherungsschutz für private Fahrzeuge ist nicht geklärt; wir beantragen stattdessen "
        "Monatskarten für den Bus.",
    ),
    (
        IDEA,
        "Gemeinsames Kochen am Wochenende",
        "Ein festes Kochprojekt mit den Jugendlichen am Sonntag.",
        CU,
        [4],
        "staff",
        15,
        NEW,
        "",
    ),
    (
        GOAL,
        "Fortbildung zu Traumapädagogik für alle Fachkräfte",
        "Bis Ende des Zyklus haben alle Fachkräfte die Grundlagen besucht.",
        ST,
        [9],
        "leitung",
        45,
        ACC,
        "",
    ),
    (
        IDEA,
        "Notfallkarte für Jugendliche",
        "Eine Karte im Scheckkartenformat mit den wichtigsten Nummern.",
        CU,
        [11],
        "staff",
        5,
        NEW,
        "",
    ),
    (
        IDEA,
        "Tablets für die Dokumentation",
        "Damit Berichte direkt im Gruppendienst geschrieben werden können.",
        ST,
        [7],
        "staff",
        130,
        REJ,
        "Der Datenschutz auf privaten Geräten ist nicht gewährleistet; die neue "
        "Software läuft ab dem Sommer auf den Dienstrechnern.",
    ),
    (
        IDEA,
        "Patenschaften für neue Jugendliche",
        "Ältere Jugendliche begleiten neu Eingezogene in den ersten Wochen.",
        WS,
        [4],
        "qm",
        35,
        ACC,
        "",
    ),
    (
        IDEA,
        "Rückmeldebogen für Jugendämter verkürzen",
        "Fünf Fragen statt zwei Seiten.",
        EX,
        [6],
        "qm",
        20,
        NEW,
        "",
    ),
    (
        IDEA,
        "Sportangebot mit dem Verein am Ort",
        "Kooperation mit dem Sportverein für ein wöchentliches Training.",
        EX,
        [5],
        "staff",
        18,
        NEW,
        "",
    ),
]

IDEAS = {"suchtberatung-nordstadt": NORDSTADT, "jugendhilfe-am-fluss": FLUSS}

GOALS = {
    "suchtberatung-nordstadt": [
        (
            "Zugang für Menschen in ländlichen Gemeinden",
            "Beratung wird auch außerhalb der Stadt erreichbar: durch Außensprechstunden und Videoberatung.",
            "Ein Drittel unserer Anfragen kommt aus dem Umland, aber nur wenige Menschen von dort "
            "bleiben in der "
            "Beratung. Der Fahrweg ist nach unseren Befragungen der häufigste Grund.",
            3,
            GoalProposal.Status.SELFREPORT,
            [
                "In zwei Gemeinden des Landkreises findet mindestens zweimal im Monat eine "
                "Außensprechstunde statt.",
                "Der Anteil der Klientinnen und Klienten aus dem Umland steigt auf mindestens 30 %.",
            ],
            ["Digitale Beratung per Video"],
        ),
        (
            "Angehörige systematisch einbeziehen",
            "Angehörige erhalten ein eigenes, dauerhaftes Angebot.",
            "Angehörige melden sich oft zuerst; ein festes Angebot stärkt das Umfeld der Menschen, die wir "
            "beraten.",
            4,
            GoalProposal.Status.SELFREPORT,
            ["Ein Gruppenangebot für Angehörige ist konzipiert, erprobt und ausgewertet."],
            ["Gruppenangebot für Angehörige"],
        ),
        (
            "Qualitätsentwicklung als Teil der Teamkultur",
            "Alle Mitarbeitenden arbeiten mindestens in einem Zirkel oder Projekt mit.",
            "Bisher hängt die Qualitätsarbeit an wenigen Personen.",
            2,
            GoalProposal.Status.DRAFT,
            [],
            [],
        ),
    ],
    "jugendhilfe-am-fluss": [
        (
            "Beteiligung als Standard in allen Angeboten",
            "Jugendliche wirken in allen Wohngruppen verbindlich an Regeln, Planung und Hilfeplanung mit.",
            "Beteiligung ist in einzelnen Gruppen gelebt, aber nicht überall gleich verlässlich.",
            3,
            GoalProposal.Status.SELFREPORT,
            [
                "In jeder Wohngruppe gibt es einen gewählten Jugendrat.",
                "Die Beteiligung ist in einem Konzept beschrieben und im Handbuch veröffentlicht.",
            ],
            ["Jugendrat in jeder Wohngruppe"],
        ),
        (
            "Traumapädagogisch qualifizierte Teams",
            "Alle Teams arbeiten nach einem gemeinsamen traumapädagogischen Konzept.",
            "Viele der jungen Menschen bringen belastende Erfahrungen mit; die Teams wünschen sich "
            "Sicherheit "
            "im Umgang damit.",
            4,
            GoalProposal.Status.DRAFT,
            ["Jede Fachkraft hat die Grundlagenfortbildung abgeschlossen."],
            ["Fortbildung zu Traumapädagogik für alle Fachkräfte"],
        ),
    ],
}


def _seed_ideas(ctx: DemoContext) -> None:
    if Idea.objects.filter(organisation=ctx.org).exists():
        return
    areas = {a.number: a for a in Area.objects.filter(model=ctx.model)}
    measures = {m.title: m for m in Measure.objects.filter(organisation=ctx.org)}
    manager = ctx.people["qm"]
    for kind, title, text, source, numbers, role, days, status, extra in IDEAS.get(ctx.org.slug, NORDSTADT):
        idea = Idea.objects.create(
            organisation=ctx.org,
            kind=kind,
            title=title,
            description=text,
            source=source,
            submitted_by=ctx.people.get(role) or manager,
            submitted_on=ctx.today - timedelta(days=days),
            status=status,
            rejection_reason=extra if status == REJ else "",
            measure=measures.get(extra) if status == PLAN else None,
            decided_by=None if status == NEW else manager,
            decided_at=None if status == NEW else timezone.now() - timedelta(days=max(days - 3, 0)),
        )
        idea.areas.set(areas[n] for n in numbers if n in areas)


def _seed_goals(ctx: DemoContext) -> None:
    if GoalProposal.objects.filter(organisation=ctx.org).exists():
        return
    ideas = {i.title: i for i in Idea.objects.filter(organisation=ctx.org)}
    for title, description, rationale, years, status, indicators, idea_titles in GOALS.get(ctx.org.slug, []):
        goal = GoalProposal.objects.create(
            organisation=ctx.org,
            cycle=ctx.cycle,
            title=title,
            description=description,
            rationale=rationale,
            target_year=ctx.today.year + years,
            status=status,
            created_by=ctx.people["qm"],
        )
        Indicator.objects.bulk_create(
            Indicator(proposal=goal, text=text, position=i) for i, text in enumerate(indicators)
        )
        goal.ideas.set(ideas[t] for t in idea_titles if t in ideas)


def seed(ctx: DemoContext) -> None:
    _seed_ideas(ctx)
    _seed_goals(ctx)
