"""Demo key figures and qualitative success indicators for the two demo organisations.

Values are generated from a fixed seed per organisation, so every run gives the same plausible
series (with one gap per monthly figure and the latest month still open to show the reminder).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from demo.context import DemoContext
from gelingen.catalogue.models import Area, Requirement
from gelingen.quality.figures.models import FigureValue, IndicatorAssessment, KeyFigure, QualitativeIndicator
from gelingen.quality.figures.periods import Period, Rhythm, last_completed

M, Q, H, Y = Rhythm.MONTHLY, Rhythm.QUARTERLY, Rhythm.HALF_YEARLY, Rhythm.YEARLY
HISTORY = {M: 18, Q: 6, H: 4, Y: 3}  # how many past periods get values


@dataclass
class FigureSpec:
    code: str
    name: str
    kind: str
    unit: str
    rhythm: str
    direction: str
    definition: str
    justification: str
    areas: tuple[int, ...]
    owner: str
    base: float  # typical value (for ratios: numerator share or rate)
    spread: float
    drift: float = 0.0  # change per period, shows a trend
    denominator: tuple[int, int] = (0, 0)  # range for ratios
    target: str | None = None
    band: tuple[str, str] | None = None
    numerator_label: str = ""
    denominator_label: str = ""
    decimals: int = 1
    gap: int | None = None  # periods back that stay empty (a missing month)
    open_latest: bool = False  # the last completed period is still missing
    latest_level: float | None = None  # fixes the newest value, e.g. to show a missed target
    latest_note: str = ""


SUCHT = [
    FigureSpec(
        "EK",
        "Anzahl Erstkontakte",
        KeyFigure.Kind.ABSOLUTE,
        "Fälle",
        M,
        KeyFigure.Direction.HIGHER,
        "Alle Personen, die im Monat zum ersten Mal oder nach mehr als 12 Monaten Pause Kontakt zur "
        "Beratungsstelle aufnehmen (persönlich, telefonisch oder online). Quelle: Dokumentationssystem, "
        "Auswertung am 5. Werktag des Folgemonats.",
        "Wir wollen Menschen mit Suchtproblemen früh erreichen, weil Hilfe vor der Zuspitzung mehr "
        "bewirkt. Steigen die Erstkontakte, zeigt das, dass offene Sprechstunde und Kooperation mit "
        "Hausarztpraxen wirken; sinken sie, prüfen wir, ob Zugangswege verstellt sind.",
        (10, 4),
        "qm",
        46,
        6,
        0.4,
        target="45",
        decimals=0,
        gap=7,
        open_latest=True,
    ),
    FigureSpec(
        "BEP",
        "Anteil planmäßig beendeter Betreuungen",
        KeyFigure.Kind.RATIO,
        "%",
        Q,
        KeyFigure.Direction.HIGHER,
        "Betreuungen, die im Quartal mit Zielerreichung oder vereinbarter Weitervermittlung enden, "
        "geteilt durch alle im Quartal beendeten Betreuungen. Abbrüche und Kontaktverlust zählen nicht "
        "als planmäßig.",
        "Gelungen ist eine Beratung für uns, wenn Klient*innen ihr vereinbartes Ziel erreichen oder gut "
        "begleitet in eine passende Hilfe wechseln. Der Anteil planmäßiger Beendigungen macht sichtbar, ob "
        "uns das gelingt, und hilft uns, Abbrüchen früher zu begegnen.",
        (10, 4),
        "leitung",
        0.64,
        0.05,
        0.01,
        denominator=(55, 75),
        target="65",
        numerator_label="planmäßig beendete Betreuungen im Quartal",
        denominator_label="alle im Quartal beendeten Betreuungen",
        latest_level=0.6,
        latest_note="Mehr Kontaktabbrüche nach dem Personalwechsel im Juli; Fallbesprechung zu "
        "Abbruchsignalen ist für Oktober angesetzt.",
    ),
    FigureSpec(
        "WZ",
        "Wartezeit bis zum Erstgespräch",
        KeyFigure.Kind.ABSOLUTE,
        "Tage",
        M,
        KeyFigure.Direction.LOWER,
        "Durchschnittliche Zahl der Kalendertage zwischen Anfrage und erstem ausführlichem Gespräch, für "
        "alle Erstgespräche des Monats. Quelle: Terminkalender der Beratungsstelle.",
        "Wer sich meldet, hat oft einen kurzen Moment der Veränderungsbereitschaft. Kurze Wartezeiten "
        "erhöhen die Chance, dass Menschen tatsächlich ankommen; deshalb steuern wir Sprechzeiten und "
        "Vertretungen nach dieser Zahl.",
        (4, 10),
        "staff",
        11,
        2.5,
        -0.2,
        target="10",
        gap=5,
    ),
    FigureSpec(
        "FBT",
        "Fortbildungstage je Vollzeitstelle",
        KeyFigure.Kind.RATIO,
        "Tage",
        Y,
        KeyFigure.Direction.HIGHER,
        "Summe der Fortbildungstage aller Beschäftigten im Kalenderjahr, geteilt durch die Zahl der "
        "Vollzeitäquivalente zum 31.12. Halbe Tage zählen als 0,5.",
        "Unsere Beratung ist nur so gut wie das Wissen des Teams, etwa zu neuen Substanzen und "
        "Behandlungswegen. Die Zahl zeigt, ob Fortbildung trotz Fallbelastung stattfindet, denn nur so "
        "bleibt die Beratung fachlich auf der Höhe.",
        (9, 10),
        "leitung",
        4.6,
        0.6,
        0.3,
        denominator=(7, 8),
        target="5",
        numerator_label="Fortbildungstage aller Beschäftigten im Jahr",
        denominator_label="Vollzeitäquivalente zum 31.12.",
    ),
    FigureSpec(
        "AUS",
        "Auslastung der Gruppenangebote",
        KeyFigure.Kind.RATIO,
        "%",
        Q,
        KeyFigure.Direction.BAND,
        "Belegte Gruppenplätze je Sitzung, aufsummiert über das Quartal, geteilt durch die angebotenen "
        "Plätze aller Sitzungen des Quartals.",
        "Gruppen wirken, wenn sie weder halb leer noch überfüllt sind. Eine Auslastung im Korridor sorgt "
        "dafür, dass alle Teilnehmenden zu Wort kommen und das Angebot wirtschaftlich bleibt.",
        (4, 7),
        "staff",
        0.86,
        0.06,
        denominator=(300, 340),
        band=("80", "95"),
        numerator_label="belegte Plätze aller Sitzungen",
        denominator_label="angebotene Plätze aller Sitzungen",
    ),
    FigureSpec(
        "KVZ",
        "Betreute Klient*innen je Vollzeitstelle",
        KeyFigure.Kind.RATIO,
        "Klient*innen",
        H,
        KeyFigure.Direction.BAND,
        "Zahl der im Halbjahr betreuten Personen (mindestens zwei Kontakte) geteilt durch die "
        "Vollzeitäquivalente der Beratungsfachkräfte im Halbjahr.",
        "Ein Verhältnis von Fachkräften zu Klient*innen im vereinbarten Rahmen sichert, dass für jede "
        "Person genug Zeit bleibt; steigt es darüber, leidet die Beziehungsarbeit, die unser Leitbild ins "
        "Zentrum stellt.",
        (8, 10),
        "leitung",
        41,
        3,
        0.5,
        denominator=(6, 6),
        band=("35", "45"),
        numerator_label="betreute Klient*innen im Halbjahr",
        denominator_label="Vollzeitäquivalente Beratung",
    ),
]

FLUSS = [
    FigureSpec(
        "NA",
        "Neuaufnahmen",
        KeyFigure.Kind.ABSOLUTE,
        "Fälle",
        M,
        KeyFigure.Direction.HIGHER,
        "Zahl der im Monat neu begonnenen Hilfen (ambulant und stationär) laut Aufnahmebogen.",
        "Neuaufnahmen zeigen, ob das Jugendamt und Familien uns als verlässlichen Partner wahrnehmen. "
        "Bleiben sie aus, fragen wir nach, ob unser Angebot zum Bedarf im Landkreis passt, damit Hilfe "
        "dort ankommt, wo sie gebraucht wird.",
        (10, 2),
        "leitung",
        9,
        2.5,
        0.1,
        target="8",
        decimals=0,
        gap=4,
        open_latest=True,
    ),
    FigureSpec(
        "HPZ",
        "Anteil erreichter Hilfeplanziele",
        KeyFigure.Kind.RATIO,
        "%",
        Q,
        KeyFigure.Direction.HIGHER,
        "Im Quartal überprüfte Hilfeplanziele, die laut Hilfeplangespräch ganz erreicht sind, geteilt durch "
        "alle im Quartal überprüften Ziele.",
        "Junge Menschen sollen ihre eigenen Ziele erreichen können. Der Anteil erreichter Ziele zeigt, ob "
        "unsere Begleitung sie dabei stärkt, und lenkt den Blick auf Ziele, die zu groß oder zu "
        "fremdbestimmt formuliert wurden.",
        (4, 10),
        "qm",
        0.68,
        0.06,
        0.012,
        denominator=(40, 55),
        target="70",
        numerator_label="erreichte Hilfeplanziele",
        denominator_label="überprüfte Hilfeplanziele",
    ),
    FigureSpec(
        "BQ",
        "Belegungsquote Wohngruppe",
        KeyFigure.Kind.RATIO,
        "%",
        M,
        KeyFigure.Direction.BAND,
        "Belegungstage der Wohngruppe im Monat geteilt durch die verfügbaren Platztage (8 Plätze × Tage des "
        "Monats).",
        "Eine stabile Belegung sichert die Finanzierung der Gruppe und damit die Kontinuität der "
        "Bezugspersonen, die für die Jugendlichen entscheidend ist; eine Überbelegung gefährdet die "
        "Betreuungsqualität.",
        (7, 10),
        "leitung",
        0.93,
        0.04,
        denominator=(240, 248),
        band=("90", "98"),
        numerator_label="Belegungstage im Monat",
        denominator_label="verfügbare Platztage im Monat",
        gap=9,
    ),
    FigureSpec(
        "FBT",
        "Fortbildungstage je Vollzeitstelle",
        KeyFigure.Kind.RATIO,
        "Tage",
        Y,
        KeyFigure.Direction.HIGHER,
        "Fortbildungstage aller pädagogischen Fachkräfte im Kalenderjahr geteilt durch deren "
        "Vollzeitäquivalente zum Jahresende.",
        "Traumapädagogik und Beteiligung verlangen Fachwissen, das sich weiterentwickelt. Die Zahl zeigt, "
        "ob wir die im Personalentwicklungsplan zugesagte Fortbildung einlösen, weil nur geschulte "
        "Fachkräfte belasteten Jugendlichen Sicherheit geben können.",
        (9, 10),
        "qm",
        3.8,
        0.5,
        0.3,
        denominator=(14, 16),
        target="4",
        numerator_label="Fortbildungstage im Jahr",
        denominator_label="Vollzeitäquivalente pädagogisches Personal",
    ),
    FigureSpec(
        "HPK",
        "Tage bis zur ersten Hilfeplankonferenz",
        KeyFigure.Kind.ABSOLUTE,
        "Tage",
        Q,
        KeyFigure.Direction.LOWER,
        "Durchschnittliche Zahl der Kalendertage von der Aufnahme bis zur ersten Hilfeplankonferenz, für "
        "alle Aufnahmen des Quartals.",
        "Ein früher Hilfeplan gibt Jugendlichen und Eltern schnell Klarheit über Ziele und "
        "Zuständigkeiten; deshalb beobachten wir die Dauer, denn lange Wartezeiten verunsichern die "
        "Familien und verzögern die Hilfe.",
        (4, 8),
        "staff",
        30,
        4,
        -0.8,
        target="28",
        latest_level=33,
        latest_note="Zwei Konferenzen mussten wegen Krankheit im Jugendamt verschoben werden; "
        "Ersatztermine werden ab 1. Oktober gleich mitvereinbart.",
    ),
    FigureSpec(
        "ABQ",
        "Abbruchquote ambulanter Hilfen",
        KeyFigure.Kind.RATIO,
        "%",
        H,
        KeyFigure.Direction.LOWER,
        "Im Halbjahr beendete ambulante Hilfen, die ohne Einvernehmen vorzeitig endeten, geteilt durch alle "
        "im Halbjahr beendeten ambulanten Hilfen.",
        "Abbrüche bedeuten fast immer, dass eine Familie ohne die vereinbarte Unterstützung bleibt. Eine "
        "sinkende Quote zeigt, dass unsere Beziehungsarbeit trägt und Familien dadurch bis zum Ende der "
        "Hilfe dabeibleiben.",
        (4, 6),
        "qm",
        0.16,
        0.03,
        -0.01,
        denominator=(30, 40),
        target="15",
        numerator_label="vorzeitig ohne Einvernehmen beendete Hilfen",
        denominator_label="alle beendeten ambulanten Hilfen",
    ),
]


@dataclass
class IndicatorSpec:
    title: str
    description: str
    agreed_with: str
    agreed_days_ago: int
    agreement_note: str
    rhythm: str
    area: int
    owner: str
    ratings: tuple[str, ...]  # oldest first
    texts: tuple[str, ...]
    evidence: tuple[str, ...]


INDICATORS = {
    "suchtberatung-nordstadt": [
        IndicatorSpec(
            "Klient*innen fühlen sich ernst genommen",
            "Klient*innen berichten in Abschlussgesprächen und Kurzbefragungen, dass sie ihr Anliegen ohne "
            "Bewertung schildern konnten und die nächsten Schritte mitbestimmt haben.",
            "Beratungsteam, Leitung und Klient*innenbeirat",
            420,
            "Workshop mit dem Klient*innenbeirat, Ergebnis im Team abgestimmt und von der Leitung bestätigt.",
            H,
            4,
            "qm",
            ("partly", "partly", "met"),
            (
                "In den Kurzbefragungen fühlte sich gut ein Drittel bei der Zielvereinbarung nicht "
                "beteiligt. Konsequenz: Zielvereinbarung wird jetzt gemeinsam schriftlich festgehalten.",
                "Leichte Verbesserung, aber im Abendangebot weiterhin Kritik an Zeitdruck. Konsequenz: "
                "Abendtermine um 15 Minuten verlängert.",
                "Fast alle Rückmeldungen positiv; der Beirat bestätigt die Entwicklung. "
                "Vorgehen beibehalten.",
            ),
            ("Auswertung Kurzbefragung", "Protokoll Teamsitzung", "Protokoll Klient*innenbeirat"),
        ),
        IndicatorSpec(
            "Übergänge in die Suchtmedizin gelingen verbindlich",
            "Bei Weitervermittlung in Entgiftung oder Substitution gibt es einen vereinbarten Termin und "
            "eine Rückmeldung der aufnehmenden Stelle innerhalb von zwei Wochen.",
            "Beratungsteam und Kooperationspartner der Suchtmedizin",
            380,
            "Abgestimmt im Kooperationstreffen mit zwei Kliniken und einer Schwerpunktpraxis.",
            H,
            5,
            "leitung",
            ("not_met", "partly", "partly"),
            (
                "Rückmeldungen kamen nur in Einzelfällen. Konsequenz: Rückmeldebogen mit den Kliniken "
                "vereinbart.",
                "Bei Kliniken klappt es, bei Praxen noch selten. Konsequenz: feste Ansprechperson je Praxis.",
                "Mehr Rückmeldungen, Termine aber oft erst nach drei Wochen. Thema für das nächste "
                "Kooperationstreffen.",
            ),
            ("Kooperationsprotokoll", "Liste Vermittlungen", "Kooperationsprotokoll"),
        ),
    ],
    "jugendhilfe-am-fluss": [
        IndicatorSpec(
            "Jugendliche gestalten ihren Hilfeplan mit",
            "Jugendliche bringen im Hilfeplangespräch eigene Ziele ein und erkennen ihre Worte im Hilfeplan "
            "wieder; das bestätigen sie in der Nachbesprechung mit ihrer Bezugsbetreuung.",
            "Jugendrat, Bezugsbetreuungen und Bereichsleitung",
            400,
            "Zwei Treffen mit dem Jugendrat; Formulierung gemeinsam festgelegt und im Teamtag bestätigt.",
            H,
            4,
            "qm",
            ("partly", "met", "met"),
            (
                "Jüngere Jugendliche fühlten sich im Gespräch überfordert. Konsequenz: Vorbereitungsbogen in "
                "einfacher Sprache.",
                "Mit Vorbereitungsbogen bringen fast alle eigene Ziele ein. Beibehalten.",
                "Stabil; der Jugendrat wünscht zusätzlich eine Kurzfassung des Hilfeplans.",
            ),
            ("Nachbesprechungsbögen", "Protokoll Jugendrat", "Protokoll Jugendrat"),
        ),
        IndicatorSpec(
            "Eltern sind in den Hilfeprozess eingebunden",
            "Eltern nehmen an mindestens zwei Gesprächen je Halbjahr teil und wissen, woran in der Hilfe "
            "gearbeitet wird.",
            "Team Ambulante Hilfen und Elternbeirat",
            360,
            "Vereinbart auf dem Elternabend und in der Teamklausur.",
            H,
            6,
            "staff",
            ("partly", "partly", "met"),
            (
                "Bei getrennt lebenden Eltern wird oft nur ein Elternteil erreicht. Konsequenz: Einladung an "
                "beide Elternteile als Standard.",
                "Besser, aber Termine kollidieren mit Arbeitszeiten. Konsequenz: Abendtermine angeboten.",
                "Ziel erreicht; Abendtermine werden gut angenommen.",
            ),
            ("Gesprächsdokumentation", "Auswertung Elternbefragung", "Protokoll Teamklausur"),
        ),
    ],
}


def _value_for(
    spec: FigureSpec, rng: random.Random, step: int, level: float | None = None
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """A plausible value for the `step`-th period (0 = oldest); `level` fixes it."""
    noise = rng.uniform(-spec.spread, spec.spread)  # drawn anyway, so the other values stay the same
    level = spec.base + spec.drift * step + noise if level is None else level
    if spec.kind == KeyFigure.Kind.ABSOLUTE:
        return Decimal(str(round(max(level, 0), spec.decimals))), None, None
    low, high = spec.denominator
    denominator = rng.randint(low, high)
    if spec.unit == "%":
        numerator = round(max(min(level, 1), 0) * denominator)
    else:
        # days may be halves, people are whole
        numerator = round(level * denominator * 2) / 2 if spec.unit == "Tage" else round(level * denominator)
    return Decimal(0), Decimal(str(numerator)), Decimal(str(denominator))


def _when(period: Period, days_after: int) -> datetime:
    return timezone.make_aware(datetime.combine(period.end + timedelta(days=days_after), time(10, 0)))


def seed(ctx: DemoContext) -> None:
    if KeyFigure.objects.filter(organisation=ctx.org).exists():
        return  # seeded before: keep what people changed
    specs = SUCHT if ctx.org.slug == "suchtberatung-nordstadt" else FLUSS
    rng = random.Random(ctx.org.slug)  # demo data, not security
    areas = {a.number: a for a in Area.objects.filter(model=ctx.model)}
    qb10_1 = Requirement.objects.filter(model=ctx.model, code="QB10.1").first()
    for spec in specs:
        figure = KeyFigure.objects.create(
            organisation=ctx.org,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            unit=spec.unit,
            decimals=spec.decimals,
            numerator_label=spec.numerator_label,
            denominator_label=spec.denominator_label,
            definition=spec.definition,
            justification=spec.justification,
            rhythm=spec.rhythm,
            direction=spec.direction,
            target=Decimal(spec.target) if spec.target else None,
            target_min=Decimal(spec.band[0]) if spec.band else None,
            target_max=Decimal(spec.band[1]) if spec.band else None,
            owner=ctx.people.get(spec.owner),
        )
        figure.areas.set([areas[n] for n in spec.areas if n in areas])
        if qb10_1:
            figure.requirements.set([qb10_1])
        count = HISTORY[Rhythm(spec.rhythm)]
        latest = last_completed(spec.rhythm, ctx.today)
        person = ctx.people.get(spec.owner)
        for back in range(count - 1, -1, -1):
            period = latest.shift(-back)
            if back == spec.gap or (back == 0 and spec.open_latest):
                continue
            newest = back == 0 and spec.latest_level is not None
            level = spec.latest_level if newest else None
            value, numerator, denominator = _value_for(spec, rng, count - 1 - back, level)
            if numerator is not None:
                value = figure.compute(numerator=numerator, denominator=denominator)
            item = FigureValue.objects.create(
                figure=figure,
                period=period.key,
                value=value,
                numerator=numerator,
                denominator=denominator,
                note=spec.latest_note if newest else _note(figure, value, rng),
                entered_by=person,
                updated_by=person,
            )
            stamp = _when(period, rng.randint(3, 12))
            FigureValue.objects.filter(pk=item.pk).update(entered_at=stamp, updated_at=stamp)
        # created before the history starts, so the deadline logic sees an established figure
        KeyFigure.objects.filter(pk=figure.pk).update(created_at=_when(latest.shift(-count), 0))

    for spec in INDICATORS.get(ctx.org.slug, []):
        indicator = QualitativeIndicator.objects.create(
            organisation=ctx.org,
            title=spec.title,
            description=spec.description,
            agreed_with=spec.agreed_with,
            agreed_on=ctx.today - timedelta(days=spec.agreed_days_ago),
            agreement_note=spec.agreement_note,
            rhythm=spec.rhythm,
            owner=ctx.people.get(spec.owner),
        )
        if spec.area in areas:
            indicator.areas.set([areas[spec.area], areas[10]] if 10 in areas else [areas[spec.area]])
        latest = last_completed(spec.rhythm, ctx.today)
        n = len(spec.ratings)
        for i, (rating, text, evidence) in enumerate(
            zip(spec.ratings, spec.texts, spec.evidence, strict=True)
        ):
            period = latest.shift(-(n - 1 - i))
            item = IndicatorAssessment.objects.create(
                indicator=indicator,
                period=period.key,
                rating=rating,
                assessment=text,
                evidence=f"{evidence} {(period.end + timedelta(days=20)).strftime('%d.%m.%Y')}",
                assessed_by=ctx.people.get(spec.owner),
            )
            stamp = _when(period, 20)
            IndicatorAssessment.objects.filter(pk=item.pk).update(assessed_at=stamp, updated_at=stamp)
        QualitativeIndicator.objects.filter(pk=indicator.pk).update(created_at=_when(latest.shift(-n), 0))


def _note(figure: KeyFigure, value: Decimal, rng: random.Random) -> str:
    """A short assessment now and then, as a team would write it."""
    status = figure.status_of(value)
    if rng.random() > 0.35:
        return ""
    if status == "missed":
        return rng.choice(
            [
                "Unter den Erwartungen; Thema in der nächsten Steuerungsrunde.",
                "Urlaubszeit und eine unbesetzte Stelle wirken sich aus.",
                "Ursachen werden im Qualitätszirkel geklärt.",
            ]
        )
    if status == "met":
        return rng.choice(
            [
                "Im Ziel, keine Maßnahme nötig.",
                "Entwicklung wie geplant.",
                "Stabil; Vorgehen beibehalten.",
            ]
        )
    return ""
