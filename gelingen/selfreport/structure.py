"""The mandatory structure of a Selbstreport: three parts, four answers per quality area.

Prompts are written in our own words; they guide authors, the export does not print them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ChapterSpec:
    key: str
    title: Promise
    prompt: Promise
    optional: bool = False


PART_TITLES = {
    1: _("Teil 1: Angaben zur Organisation"),
    2: _("Teil 2: Der Qualitätsprozess im Ganzen"),
    3: _("Teil 3: Die Qualitätsbereiche"),
}

PART1 = [
    ChapterSpec(
        "structure",
        _("Aufbau und Struktur"),
        _("Wie ist die Organisation aufgebaut: Träger, Standorte, Bereiche, Leitungsebenen?"),
    ),
    ChapterSpec(
        "mandate",
        _("Aufgaben und Auftrag"),
        _("Welche Aufgaben hat die Organisation übernommen oder übertragen bekommen, für wen?"),
    ),
    ChapterSpec(
        "legal",
        _("Rechtliche Rahmenbedingungen"),
        _("Rechtsform, gesetzliche Grundlagen, Finanzierung, Verträge mit Kostenträgern."),
    ),
    ChapterSpec(
        "staffing",
        _("Personelle Rahmenbedingungen"),
        _("Stellen, Qualifikationen, Ehrenamtliche, Honorarkräfte, Teamstruktur."),
    ),
    ChapterSpec(
        "commitment",
        _("Selbstverpflichtung zur Qualitätsentwicklung"),
        _(
            "Erklären Sie verbindlich, dass die Organisation ihre Qualität fortlaufend weiterentwickelt, "
            "und wer dafür einsteht."
        ),
    ),
    ChapterSpec(
        "history",
        _("Geschichte der Organisation"),
        _("Optional: wichtige Stationen seit der Gründung."),
        optional=True,
    ),
]

PART2 = [
    ChapterSpec(
        "process",
        _("Beschreibung des gesamten Qualitätsprozesses"),
        _("Reflektieren und bewerten Sie den Weg seit Beginn des Zyklus."),
    )
]

PROCESS_QUESTIONS = [
    _("Auf welchen Wegen haben Sie die Qualitätsentwicklung vorangebracht?"),
    _("Wer war wann beteiligt: Gremien, Teams, Fachbereiche, Funktionen?"),
    _("Wie oft stand Qualitätsentwicklung auf der Tagesordnung von Teamsitzungen und Konferenzen?"),
    _("Wie arbeiteten die Qualitätszirkel, und wie hat sich ihr Rhythmus bewährt?"),
    _("Wie hat die Steuerung der Qualitätsprojekte funktioniert?"),
    _("Was haben die Evaluations- und Entwicklungsworkshops gebracht?"),
    _("Was waren Höhepunkte, wo zeigten sich Schwächen?"),
    _("Was hat die Arbeit erleichtert, was hat sie gebremst?"),
    _("Was wollen Sie im nächsten Zyklus anders machen?"),
]


@dataclass(frozen=True)
class AnswerSpec:
    field: str
    label: Promise
    prompt: Promise


ANSWERS = [
    AnswerSpec(
        "answer_a",
        _("a) Erfüllung der Anforderungen"),
        _(
            "Wie erfüllen Sie die Anforderungen dieses Bereichs, und was tun Sie darüber hinaus? "
            "Beschreiben Sie Verfahren und Ergebnisse."
        ),
    ),
    AnswerSpec(
        "answer_b",
        _("b) Begründung mit Leitbild und DgD"),
        _(
            "Warum dienen diese Maßnahmen dem, was Ihr Leitbild und Ihre Definition gelungener sozialer "
            "Dienstleistung beschreiben? Argumentieren Sie, statt nur zu verweisen oder zu zitieren."
        ),
    ),
    AnswerSpec(
        "answer_c",
        _("c) Bewertung und Schlussfolgerungen"),
        _(
            "Wie bewerten Sie Verfahren und Ergebnisse gemessen an Ihren Zielen, und was folgt daraus: "
            "beibehalten oder ändern?"
        ),
    ),
    AnswerSpec(
        "answer_d",
        _("d) Dokumentation und Nachweise"),
        _(
            "Wo ist all das dokumentiert und nachprüfbar? Zitieren Sie Nachweise mit ihrer Kennung, z. B. [QB3-07]."
        ),
    ),
]
ANSWER_FIELDS = [a.field for a in ANSWERS]

# Re-testing splits QB12 into a report on the agreed goals (12a) and the new proposal (12b).
QB12A = ChapterSpec(
    "qb12a",
    _("12a Bericht zu den vereinbarten strategischen Zielen"),
    _("Wurde jedes Ziel erreicht, verfehlt oder verändert? Begründen Sie Abweichungen."),
)
QB12B = ChapterSpec(
    "qb12b",
    _("12b Neue Ziele, Maßnahmen und Vorschlag"),
    _(
        "Welche Ziele und Maßnahmen haben Sie neu gesammelt, und was schlagen Sie für die nächste Periode vor?"
    ),
)

PAGE_LIMITS = {"first": (60, 90), "retest": (60, 100)}
