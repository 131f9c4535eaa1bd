"""Demo handbook: four chapters, nine documents with revision histories, three key processes."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from demo.context import DemoContext
from gelingen.catalogue.models import Requirement
from gelingen.quality.handbook import revisions
from gelingen.quality.handbook.models import (
    Chapter,
    Document,
    KeyProcess,
    ProcessInterface,
    ProcessStep,
    Revision,
)

YOUTH = "jugendhilfe-am-fluss"

CHAPTERS = [
    # key, title, parent key, position, description
    ("org", "Organisation und Führung", None, 1, "Aufbau, Zuständigkeiten und Regeln der Zusammenarbeit."),
    (
        "core",
        "Kernprozesse",
        None,
        2,
        "Wie Menschen zu uns kommen, begleitet werden und uns wieder verlassen.",
    ),
    ("core-work", "Beratung und Begleitung", "core", 1, ""),
    ("qm", "Qualitätsmanagement", None, 3, "Verfahren, mit denen wir unsere Arbeit prüfen und verbessern."),
    (
        "forms",
        "Formulare und Checklisten",
        None,
        4,
        "Vorlagen zum Ausfüllen; die gültige Fassung steht hier.",
    ),
]


def _documents(youth: bool) -> list[dict]:
    """Each document: chapter, kind, owner and its revisions as (title, change note, paragraphs);
    `draft` leaves the last revision open (waiting for approval)."""
    counselling = "Hilfeplanverfahren" if youth else "Beratungsprozess"
    clients = "der Familie" if youth else "der ratsuchenden Person"
    structure = [
        "Die Einrichtung gliedert sich in Leitung, Verwaltung und zwei Fachteams.",
        "Jedes Team hat eine Teamleitung, die an der Leitungsrunde teilnimmt.",
    ]
    privacy = ["Alle Mitarbeitenden unterschreiben bei Dienstbeginn die Verpflichtung zur Verschwiegenheit."]
    intake = ["Anfragen kommen telefonisch, per E-Mail oder in der offenen Sprechstunde an."]
    callback = "Wer nicht sofort erreicht wird, bekommt innerhalb von 2 Werktagen einen Rückruf."
    work = [
        "Nach der Aufnahme wird eine feste Bezugsperson benannt.",
        "Ziele werden gemeinsam vereinbart und spätestens alle 3 Monate überprüft.",
    ]
    rooms = (
        "Barrierefreier Zugang, Beschilderung, Wartebereich, schallgeschützte Beratungsräume, "
        "Notfallnummern ausgehängt, Erste-Hilfe-Kasten geprüft"
    )
    return [
        {
            "chapter": "org",
            "kind": "rule",
            "owner": "leitung",
            "revisions": [
                ("Organigramm und Zuständigkeiten", "Erstfassung", structure),
                (
                    "Organigramm und Zuständigkeiten",
                    "Neue Teamleitung und Verwaltung ergänzt",
                    [
                        *structure,
                        "Die Verwaltung ist Ansprechpartnerin für Termine, Abrechnung und Datenschutz.",
                    ],
                ),
            ],
        },
        {
            "chapter": "org",
            "kind": "procedure",
            "owner": "leitung",
            "revisions": [
                (
                    "Entscheidungswege und Leitungsrunde",
                    "Erstfassung",
                    [
                        "Die Leitungsrunde tagt jeden zweiten Dienstag.",
                        "Sie entscheidet über Personal, Budget und neue Angebote.",
                        "Beschlüsse stehen im Protokoll und werden in der nächsten Teamsitzung bekannt.",
                    ],
                ),
            ],
        },
        {
            "chapter": "org",
            "kind": "rule",
            "owner": "qm",
            "revisions": [
                ("Datenschutz und Schweigepflicht", "Erstfassung", privacy),
                (
                    "Datenschutz und Schweigepflicht",
                    "Regeln für Videoberatung ergänzt",
                    [
                        *privacy,
                        "Videoberatung nur über den freigegebenen Dienst; Aufzeichnungen sind nicht erlaubt.",
                    ],
                ),
            ],
        },
        {
            "chapter": "core",
            "kind": "process",
            "owner": "staff",
            "key": "intake",
            "revisions": [
                ("Erstkontakt und Aufnahme", "Erstfassung", intake),
                (
                    "Erstkontakt und Aufnahme",
                    "Rückruf innerhalb von 2 Werktagen festgelegt",
                    [*intake, callback],
                ),
                (
                    "Erstkontakt und Aufnahme",
                    "Online-Terminbuchung aufgenommen",
                    [
                        "Anfragen kommen telefonisch, per E-Mail, über die Online-Terminbuchung oder in der "
                        "offenen Sprechstunde an.",
                        callback,
                        f"Im Erstgespräch klären wir gemeinsam mit {clients}, was gebraucht wird, und "
                        "vereinbaren die nächsten Schritte.",
                    ],
                ),
            ],
        },
        {
            "chapter": "core-work",
            "kind": "process",
            "owner": "qm",
            "key": "counselling",
            "draft": True,
            "revisions": [
                (counselling, "Erstfassung", work),
                (
                    counselling,
                    "Abschlussgespräch und Nachbefragung ergänzt",
                    [
                        *work,
                        "Zum Abschluss gibt es ein Auswertungsgespräch; nach 6 Monaten fragen wir nach, "
                        "wie es weitergegangen ist.",
                    ],
                ),
            ],
        },
        {
            "chapter": "qm",
            "kind": "process",
            "owner": "qm",
            "key": "complaints",
            "revisions": [
                (
                    "Beschwerdemanagement",
                    "Erstfassung",
                    [
                        "Beschwerden können mündlich, schriftlich oder anonym über den Briefkasten im "
                        "Wartebereich eingebracht werden.",
                        "Jede Beschwerde wird innerhalb von 5 Werktagen beantwortet.",
                        "Die Leitungsrunde wertet die Beschwerden quartalsweise aus.",
                    ],
                ),
            ],
        },
        {
            "chapter": "qm",
            "kind": "procedure",
            "owner": "qm",
            "draft": True,
            "revisions": [
                (
                    "Interne Audits",
                    "Erstfassung",
                    [
                        "Einmal im Jahr prüfen zwei Kolleginnen oder Kollegen aus einem anderen Team drei "
                        "Qualitätsbereiche.",
                        "So sind innerhalb von 4 Jahren alle Bereiche einmal geprüft.",
                    ],
                ),
            ],
        },
        {
            "chapter": "forms",
            "kind": "form",
            "owner": "staff",
            "revisions": [
                (
                    "Aufnahmebogen",
                    "Erstfassung",
                    ["Angaben zur Person, Anliegen, Einwilligung in die Datenverarbeitung, erster Termin."],
                ),
            ],
        },
        {
            "chapter": "forms",
            "kind": "checklist",
            "owner": "leitung",
            "revisions": [
                ("Checkliste Raumbegehung", "Erstfassung", [f"{rooms}."]),
                (
                    "Checkliste Raumbegehung",
                    "Fluchtwege und Brandschutz ergänzt",
                    [f"{rooms}, Fluchtwege frei, Feuerlöscher geprüft."],
                ),
            ],
        },
    ]


def _processes(youth: bool) -> list[dict]:
    counselling = "Hilfeplanverfahren" if youth else "Beratungsprozess"
    return [
        {
            "key": "intake",
            "name": "Erstkontakt und Aufnahme",
            "goal": "Wer sich an uns wendet, bekommt schnell einen Termin und weiß, wie es weitergeht.",
            "owners": ["staff", "qm"],
            "requirements": ["QB3.1", "QB3.2", "QB4.3"],
            "steps": [
                ("Anfrage annehmen und im Terminkalender erfassen", "Verwaltung"),
                ("Rückruf innerhalb von 2 Werktagen, falls niemand erreicht wurde", "Verwaltung"),
                ("Erstgespräch führen und Anliegen klären", "Fachkraft"),
                ("Aufnahmebogen ausfüllen und Einverständnis einholen", "Fachkraft"),
                ("Bezugsperson im Team festlegen", "Teamleitung"),
            ],
        },
        {
            "key": "counselling",
            "name": counselling,
            "goal": "Ziele werden gemeinsam vereinbart, verfolgt und am Ende gemeinsam ausgewertet.",
            "owners": ["qm"],
            "requirements": ["QB3.1", "QB3.2", "QB3.3", "QB4.4"],
            "shown_in_full": True,
            "steps": [
                ("Ziele gemeinsam vereinbaren und schriftlich festhalten", "Bezugsperson"),
                ("Termine nach Vereinbarung, mindestens alle 2 Wochen", "Bezugsperson"),
                ("Zielüberprüfung spätestens alle 3 Monate", "Bezugsperson"),
                ("Fallbesprechung im Team bei Stillstand oder Krise", "Teamleitung"),
                ("Abschlussgespräch mit Auswertung", "Bezugsperson"),
                ("Nachbefragung nach 6 Monaten", "Verwaltung"),
            ],
        },
        {
            "key": "complaints",
            "name": "Beschwerdemanagement",
            "goal": "Beschwerden werden ernst genommen, zügig beantwortet und für Verbesserungen genutzt.",
            "owners": ["leitung", "qm"],
            "requirements": ["QB3.1", "QB11.3"],
            "steps": [
                ("Beschwerde entgegennehmen und dokumentieren", "alle Mitarbeitenden"),
                ("Eingang innerhalb von 2 Werktagen bestätigen", "Qualitätsbeauftragte*r"),
                ("Klären und innerhalb von 5 Werktagen antworten", "zuständige Teamleitung"),
                ("Quartalsweise Auswertung in der Leitungsrunde", "Leitung"),
            ],
        },
    ]


INTERFACES = [
    ("intake", "counselling", "Die Bezugsperson übernimmt den Fall mit dem ausgefüllten Aufnahmebogen."),
    (
        "counselling",
        "complaints",
        "Unzufriedenheit im Verlauf wird als Beschwerde aufgenommen, wenn die Person das wünscht.",
    ),
    (
        "complaints",
        "counselling",
        "Ergebnisse der Beschwerdeauswertung fließen in die Fallbesprechungen ein.",
    ),
]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed(ctx: DemoContext) -> None:
    if Chapter.objects.filter(organisation=ctx.org).exists():
        return
    youth = ctx.org.slug == YOUTH
    people = ctx.people
    qm = people.get("qm")
    approver = people.get("leitung") or qm

    chapters: dict[str, Chapter] = {}
    for key, title, parent, position, description in CHAPTERS:
        if youth and key == "core-work":
            title = "Hilfen zur Erziehung"
        chapters[key] = Chapter.objects.create(
            organisation=ctx.org,
            title=title,
            parent=chapters.get(parent) if parent else None,
            position=position,
            description=description,
        )

    by_key: dict[str, Document] = {}
    for i, spec in enumerate(_documents(youth)):
        author = people.get(spec["owner"]) or qm
        history = spec["revisions"]
        first_title, first_note, first_text = history[0]
        first_text = "\n\n".join(first_text)
        document = revisions.create_document(
            ctx.org,
            author,
            chapter=chapters[spec["chapter"]],
            kind=spec["kind"],
            title=first_title,
            owner=author,
            position=i + 1,
            content=first_text,
            change_note=first_note,
        )
        start = ctx.today - timedelta(days=400 - 25 * i)
        step = 300 // max(len(history), 1)
        for n, (title, note, text) in enumerate(history, start=1):
            last = n == len(history)
            revision = document.revisions.get() if n == 1 else revisions.start_revision(document, author)
            if n > 1:
                revisions.update_draft(revision, title=title, content="\n\n".join(text), change_note=note)
            created = start + timedelta(days=step * (n - 1))
            Revision.objects.filter(pk=revision.pk).update(created_at=_at(created))
            if last and spec.get("draft"):
                break  # left open for the demo: a draft waiting for approval
            revisions.approve(revision, approver)
            Revision.objects.filter(pk=revision.pk).update(approved_at=_at(created + timedelta(days=7)))
        if spec.get("key"):
            by_key[spec["key"]] = document

    requirements = {
        r.code: r for r in Requirement.objects.filter(model=ctx.model, area__number__in=[3, 4, 11])
    }
    processes: dict[str, KeyProcess] = {}
    for position, spec in enumerate(_processes(youth), start=1):
        process = KeyProcess.objects.create(
            organisation=ctx.org,
            name=spec["name"],
            goal=spec["goal"],
            document=by_key.get(spec["key"]),
            shown_in_full=spec.get("shown_in_full", False),
            position=position,
        )
        process.owners.set([people[k] for k in spec["owners"] if people.get(k)])
        process.requirements.set([requirements[c] for c in spec["requirements"] if c in requirements])
        ProcessStep.objects.bulk_create(
            ProcessStep(process=process, position=n, text=text, responsible_role=role)
            for n, (text, role) in enumerate(spec["steps"], start=1)
        )
        processes[spec["key"]] = process
    ProcessInterface.objects.bulk_create(
        ProcessInterface(process=processes[a], other=processes[b], description=text)
        for a, b, text in INTERFACES
    )
