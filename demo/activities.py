"""Demo data: the standard recurring activities with a history of occurrences for both demo organisations."""

from __future__ import annotations

from datetime import timedelta

from demo.context import DemoContext
from gelingen.quality.activities.models import Activity, ActivityType, Occurrence
from gelingen.quality.activities.standard import create_standard_activities

T = ActivityType

# type -> (owner role, next due in days from today, title or None for the standard one,
#          [(days ago, participants, result, conclusions, evidence)])
NORDSTADT = {
    T.NEEDS: (
        "leitung",
        40,
        None,
        [
            (
                320,
                "Leitung, Qualitätsbeauftragte, Vertretung des Landkreises",
                "Die Jahresstatistik zeigt: Der Anteil der Ratsuchenden mit Glücksspielproblemen stieg von "
                "6 auf 11 %. Auf ein Erstgespräch warten Ratsuchende im Mittel 12 Tage.",
                "Seit Januar gibt es donnerstags von 14 bis 16 Uhr eine offene Sprechstunde zum Glücksspiel. "
                "Die Wartezeit wird im März erneut ausgewertet.",
                "QB2-01",
            )
        ],
    ),
    T.EVALUATION: (
        "qm",
        9,
        "Klientenbefragung auswerten",
        [
            (
                176,
                "Qualitätszirkel Beratung (4 Personen)",
                "64 Fragebögen kamen zurück. 89 % fühlen sich gut beraten; häufigste Kritik: Das Telefon ist "
                "montags kaum erreichbar.",
                "Die Telefonzeit wurde ab April um den Montagvormittag erweitert. In der nächsten Befragung "
                "fragen wir die Erreichbarkeit gezielt ab.",
                "QB6-02",
            )
        ],
    ),
    T.INFRASTRUCTURE: (
        "staff",
        -6,
        "Begehung der Beratungsstelle",
        [
            (
                371,
                "Lea Hoffmann, Hausmeister",
                "Der Wartebereich ist zu eng für Rollstühle; das Klingelschild ist schlecht lesbar.",
                "Der Wartebereich wurde im Mai umgestellt, das Schild bis 30.06. erneuert. Bei der nächsten "
                "Begehung prüfen wir den Zugang mit einer Rollstuhlfahrerin.",
                "QB7-01",
            )
        ],
    ),
    T.WORKING_CONDITIONS: ("leitung", 60, None, []),
    T.MATERIAL: (
        "staff",
        4,
        "Erste-Hilfe-Material und Naloxon-Sets prüfen",
        [
            (
                182,
                "Lea Hoffmann",
                "Zwei Naloxon-Sets liefen im Folgemonat ab, ein Verbandkasten war unvollständig.",
                "Ablaufdaten stehen jetzt in der Inventarliste; die Sets werden vier Wochen vor Ablauf "
                "nachbestellt.",
                "Inventarliste 2026, Ordner Verwaltung",
            )
        ],
    ),
    T.GOAL_AGREEMENTS: ("leitung", 120, None, []),
    T.DEVELOPMENT_TALKS: (
        "leitung",
        75,
        None,
        [
            (
                290,
                "Thomas Brandt mit allen 7 Mitarbeitenden",
                "Alle Gespräche sind geführt und protokolliert. Drei Personen wünschen eine Fortbildung zu "
                "Motivational Interviewing.",
                "Eine Inhouse-Schulung ist für das dritte Quartal gebucht; der Gesprächsleitfaden bleibt "
                "unverändert, weil er sich bewährt hat.",
                "QB9-05",
            )
        ],
    ),
    T.KEY_FIGURES: (
        "qm",
        12,
        None,
        [
            (
                170,
                "Jana Petersen",
                "Quartal: 212 Beratungskontakte, 58 neue Fälle, im Mittel 9 Tage bis zum Erstgespräch.",
                "Die Werte liegen im Zielkorridor; die Erhebung bleibt in dieser Form.",
                "Kennzahlen-Tabelle Q1",
            ),
            (
                80,
                "Jana Petersen",
                "Quartal: 198 Kontakte, 61 neue Fälle, 14 Tage bis zum Erstgespräch.",
                "Die Wartezeit steigt. Die Leitung prüft bis Monatsende, ob eine zusätzliche "
                "Honorarkraft für Erstgespräche möglich ist.",
                "Kennzahlen-Tabelle Q2",
            ),
        ],
    ),
    T.KEY_FIGURE_REPORT: ("qm", 150, None, []),
    T.INTERNAL_AUDIT: (
        "qm",
        200,
        None,
        [
            (
                530,
                "Jana Petersen, Thomas Brandt, externe Kollegin der Fachstelle Ost",
                "Alle zwölf Qualitätsbereiche wurden geprüft. Lücken gab es in QB5 (Kriterien für "
                "Kooperationen) und QB10 (Finanzsteuerung nicht beschrieben).",
                "Für QB5 und QB10 wurden Maßnahmen im Qualitätszirkel angelegt; Abschluss bis Ende des "
                "Jahres.",
                "QB10-04",
            )
        ],
    ),
    T.WORKSHOP: (
        "qm",
        95,
        None,
        [
            (
                270,
                "gesamtes Team, Vorstand",
                "Zwölf neue Ideen für den Ideenspeicher, darunter ein digitales Terminbuchungssystem.",
                "Zwei Ideen wurden als Maßnahmen beschlossen; die übrigen prüft die Steuerungsgruppe im "
                "Juni.",
                "Protokoll Workshop, QB12-01",
            )
        ],
    ),
}

JUGENDHILFE = {
    T.NEEDS: ("leitung", 55, "Jugendhilfeplanung und Bedarfe im Sozialraum auswerten", []),
    T.EVALUATION: (
        "qm",
        11,
        "Befragung von Jugendlichen und Sorgeberechtigten",
        [
            (
                190,
                "Murat Demir, zwei Fachkräfte der Wohngruppe",
                "41 Jugendliche und 27 Eltern haben geantwortet. Die Jugendlichen wünschen sich mehr "
                "Mitsprache bei der Freizeitgestaltung.",
                "Seit dem Sommer gibt es einen monatlichen Gruppenabend mit Abstimmung über die "
                "Freizeitangebote.",
                "QB6-01",
            )
        ],
    ),
    T.INFRASTRUCTURE: (
        "staff",
        35,
        "Sicherheitsbegehung der Wohngruppe",
        [
            (
                330,
                "Anna Schulz, Fachkraft für Arbeitssicherheit",
                "Fluchtwege frei; zwei Rauchmelder defekt, Spielgeräte im Garten ohne Mängel.",
                "Die Rauchmelder wurden sofort getauscht; ab jetzt werden sie zusätzlich alle 3 Monate "
                "getestet.",
                "QB7-02",
            )
        ],
    ),
    T.WORKING_CONDITIONS: ("leitung", 80, None, []),
    T.MATERIAL: (
        "staff",
        -3,
        "Ausstattung der Wohngruppe und Dienstfahrzeuge prüfen",
        [
            (
                186,
                "Anna Schulz",
                "Ein Dienstwagen braucht neue Winterreifen, die Spielekiste ist unvollständig.",
                "Winterreifen sind bestellt; die Spielekiste ergänzen die Jugendlichen selbst mit einem "
                "Budget von 150 Euro.",
                "Prüfliste Ausstattung",
            )
        ],
    ),
    T.GOAL_AGREEMENTS: ("leitung", 110, None, []),
    T.DEVELOPMENT_TALKS: (
        "leitung",
        6,
        None,
        [
            (
                360,
                "Sabine Wolff mit 11 Fachkräften",
                "Alle Gespräche geführt; Schwerpunkt war der Umgang mit Krisen in der Nacht.",
                "Eine Fortbildung zur Deeskalation ist für alle Nachtdienste bis September vorgesehen.",
                "QB9-04",
            )
        ],
    ),
    T.KEY_FIGURES: ("qm", 13, None, []),
    T.KEY_FIGURE_REPORT: ("qm", 140, None, []),
    T.INTERNAL_AUDIT: ("qm", 240, None, []),
    T.WORKSHOP: ("qm", 70, "Jahresworkshop mit Team und Jugendvertretung", []),
}

PLANS = {"suchtberatung-nordstadt": NORDSTADT, "jugendhilfe-am-fluss": JUGENDHILFE}


def seed(ctx: DemoContext) -> None:
    if Activity.objects.filter(organisation=ctx.org).exists():
        return  # the demo ran before
    plan = PLANS.get(ctx.org.slug, NORDSTADT)
    qm = ctx.people["qm"]
    activities = {a.type: a for a in create_standard_activities(ctx.org, qm, ctx.today)}
    for kind, (role, due_in, title, history) in plan.items():
        activity = activities[kind]
        activity.owner = ctx.people.get(role, qm)
        activity.next_due = ctx.today + timedelta(days=due_in)
        if title:
            activity.title = title
        activity.save()
        Occurrence.objects.bulk_create(
            Occurrence(
                activity=activity,
                done_on=ctx.today - timedelta(days=days_ago),
                due_date=ctx.today - timedelta(days=days_ago - 3),  # done a few days ahead
                participants=participants,
                result=result,
                conclusions=conclusions,
                evidence_ref=evidence,
                recorded_by=activity.owner,
            )
            for days_ago, participants, result, conclusions, evidence in history
        )
    Activity.objects.create(
        organisation=ctx.org,
        type=T.OTHER,
        title="Brandschutzunterweisung des Teams",
        area_number=7,
        interval_count=1,
        interval_unit="years",
        rhythm_note="jeweils im Oktober",
        owner=ctx.people.get("leitung", qm),
        next_due=ctx.today + timedelta(days=150),
        description="Unterweisung durch die Brandschutzhelferin; Teilnahme wird in einer Liste festgehalten.",
    )
