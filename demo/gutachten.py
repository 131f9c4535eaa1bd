"""Demo Gutachten: the demo reviewer is writing the Gutachten on the Selbstreport under review, and the
procedure with open Auflagen has the Gutachten that was sent.

The procedure under review (Schuldnerberatung Am Markt, see demo/testing.py and demo/reviewers.py) gets
a frozen submission with a few chapters of its own, written here; the Gutachten on it has some
requirements rated (one "teilweise erfüllt" with an Auflage), part A begun and two margin comments.
The visited procedure (Lebenshilfe Werkstatt Ost) gets its sent Gutachten with Auflagen in QB 3 and
QB 7, which the testing body's officers can read (and the visit checks, see auflagen.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from demo.accounts import TESTING_BODY
from demo.context import DemoContext
from demo.reviewers import SECOND_CHECK_SLUG
from gelingen.accounts.models import User
from gelingen.core.pdf import StaticOnlyFetcher, base_url
from gelingen.core.versioning import set_and_move_version
from gelingen.selfreport.models import SelfReport, Submission
from gelingen.selfreport.submission import seal
from gelingen.testing.gutachten import reading, rules
from gelingen.testing.gutachten.models import AreaReview, CheckEvent, Gutachten, MarginComment, Rating
from gelingen.testing.models import Notification, Procedure
from gelingen.testing.reviewers.assignment import share_new_submissions
from gelingen.testing.reviewers.models import Assignment

CHAPTERS = [
    {
        "key": "structure",
        "part": 1,
        "title": "Struktur und Angebote der Organisation",
        "texts": {
            "body": (
                "Die Schuldnerberatung Am Markt berät seit 1998 überschuldete Haushalte in Bremen. "
                "Träger ist ein gemeinnütziger Verein mit rund 60 Mitgliedern.\n\n"
                "Zum Team gehören sechs Beraterinnen und Berater, eine Verwaltungskraft und zwei "
                "Honorarkräfte für die Präventionsarbeit an Schulen.\n\n"
                "Unsere Angebote:\n\n"
                "- offene Sprechstunde zweimal pro Woche\n"
                "- Beratung nach Termin, auch per Video\n"
                "- Begleitung im Verbraucherinsolvenzverfahren"
            )
        },
    },
    {
        "key": "process",
        "part": 2,
        "title": "Unser Qualitätsprozess",
        "texts": {
            "body": (
                "Eine Steuerungsgruppe aus Leitung, zwei Beratenden und der Verwaltung traf sich während "
                "des Zyklus monatlich.\n\n"
                "Die Selbstbewertung haben wir in drei Klausurtagen mit dem ganzen Team erarbeitet; die "
                "Ergebnisse hängen im Teamraum aus."
            )
        },
    },
    {
        "key": "qb1",
        "part": 3,
        "title": "QB 1 Leitbild",
        "texts": {
            "answer_a": (
                "Unser Leitbild stammt von 2012. Im Zyklus haben wir es in zwei Workshops mit allen "
                "Mitarbeitenden und dem Vorstand überprüft und neu gefasst.\n\n"
                "Neu ist der Abschnitt über die Würde der Ratsuchenden unabhängig von der Ursache ihrer "
                "Schulden."
            ),
            "answer_b": "Das Leitbild liegt im Wartebereich aus und steht auf unserer Website.",
            "answer_c": "Wir prüfen künftig jedes Jahr in der Klausur, ob das Leitbild noch trägt.",
        },
    },
    {
        "key": "qb2",
        "part": 3,
        "title": "QB 2 Bedarfserschließung",
        "texts": {
            "answer_a": (
                "Wir werten jedes Jahr die Wartezeiten und die Anlässe der Erstgespräche aus.\n\n"
                "Mit dem Jobcenter und der Wohnungshilfe tauschen wir uns zweimal im Jahr über neue "
                "Bedarfe aus; ein Protokoll gibt es dazu bisher nicht."
            ),
            "answer_b": "Die Auswertung geht an den Vorstand und an die Stadt als Zuwendungsgeberin.",
        },
    },
]


HAFEN_CHAPTERS = [
    {
        "key": "structure",
        "part": 1,
        "title": "Wer wir sind",
        "texts": {
            "body": (
                "Das Familienzentrum Am Hafen in Hamburg-Wilhelmsburg ist ein Treffpunkt für Eltern mit "
                "kleinen Kindern. Acht Fachkräfte und ein Kreis von Ehrenamtlichen gestalten das Haus.\n\n"
                "Wir bieten Elterncafé, Erziehungsberatung, Sprachkurse für Mütter und eine Hebammen-"
                "Sprechstunde an."
            )
        },
    },
    {
        "key": "qb1",
        "part": 3,
        "title": "QB 1 Leitbild",
        "texts": {
            "answer_a": (
                "Das Leitbild haben Team, Träger und Elternrat gemeinsam in einem halben Jahr neu "
                "geschrieben.\n\nEs ist in fünf Sprachen übersetzt und hängt im Eingang aus."
            ),
            "answer_b": "Neue Mitarbeitende lernen es in der Einarbeitung kennen.",
        },
    },
]


def _content(org_name: str, chapters: list[dict] = CHAPTERS) -> dict:
    return {
        "organisation": {"name": org_name},
        "cycle": {"title": "Ersttestierung", "kind": "first", "model": "KQS"},
        "chapters": chapters,
        "evidence": [
            {
                "identifier": "QB1-01",
                "title": "Leitbild, Fassung 2025",
                "kind": "Dokument",
                "location": "Handbuch, Kapitel 1",
                "period": "",
            },
            {
                "identifier": "QB2-01",
                "title": "Auswertung der Erstgespräche",
                "kind": "Auswertung",
                "location": "Ordner Qualität",
                "period": "2024 bis 2025",
            },
        ],
    }


def _pdf(content: dict) -> bytes:
    parts = reading.chapters(content)
    html = render_to_string(
        "testing_gutachten/demo_submission_pdf.html", {"parts": parts, "content": content}
    )
    return HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher()).write_pdf()


def _submission(procedure: Procedure, by) -> Submission:
    """A frozen submission for the procedure's cycle, without the submit signal (the procedure is
    already under review, and the grants of the demo stay as they are)."""
    found = rules.latest_submission(procedure)
    if found is not None:
        return found
    report, _created = SelfReport.objects.get_or_create(cycle=procedure.cycle, defaults={"created_by": by})
    chapters = HAFEN_CHAPTERS if procedure.organisation.slug == SECOND_CHECK_SLUG else CHAPTERS
    content = _content(procedure.organisation.name, chapters)
    pdf = _pdf(content)
    docx = b"PK\x03\x04"  # the reviewer reads the text and the PDF; the Word file is a stand-in here
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    submitted_on = procedure.submitted_on or procedure.registered_at.date()
    submission = Submission(
        report=report,
        number=1,
        kind=Submission.Kind.INITIAL,
        submitted_at=datetime.combine(submitted_on, time(9, 30), tzinfo=UTC),
        submitted_by=by,
        content=content,
        content_sha256=hashlib.sha256(canonical).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        page_count=2,
    )
    stem = f"selbstreport-{procedure.organisation.slug}-{procedure.cycle_id}-1"
    submission.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    submission.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    submission.seal_sha256 = seal(submission, "")
    Submission.objects.bulk_create([submission])  # no post_save: see the docstring
    return Submission.objects.get(report=report, number=1)


def _write(gutachten: Gutachten, ctx: DemoContext) -> None:
    Gutachten.objects.filter(pk=gutachten.pk).update(
        organisation_text=(
            "Die Schuldnerberatung Am Markt ist eine kleine, gut vernetzte Beratungsstelle in Bremen. "
            "Sie verbindet Einzelberatung, Insolvenzbegleitung und Prävention an Schulen."
        ),
        success_text=(
            "Erfolg heißt für die Stelle, dass Ratsuchende wieder handlungsfähig werden: Sie kennen ihre "
            "Lage, haben einen Plan und fühlen sich nicht beschämt."
        ),
    )
    requirements = list(rules.cycle_requirements(gutachten.procedure))
    reviews = {r.area_id: r for r in gutachten.areas.all()}
    first_area = requirements[0].area_id
    second_area = next((r.area_id for r in requirements if r.area_id != first_area), first_area)
    values: dict[int, dict[int, tuple[str, str]]] = {}
    for requirement in (r for r in requirements if r.area_id == first_area):
        values.setdefault(first_area, {})[requirement.pk] = (Rating.Value.MET, "")
    for n, requirement in enumerate(r for r in requirements if r.area_id == second_area):
        if n >= 3:
            break
        rating = (
            (
                Rating.Value.PARTLY,
                "Die Stelle legt dar, wie sie die Absprachen mit den Kooperationspartnern festhält "
                "und auswertet (z. B. Protokolle der Austauschtreffen).",
            )
            if n == 1
            else (Rating.Value.MET, "")
        )
        values.setdefault(second_area, {})[requirement.pk] = rating
    for area_id, ratings in values.items():
        rules.save_ratings(reviews[area_id], ratings)
    at = datetime.combine(ctx.today - timedelta(days=2), time(15, 0), tzinfo=UTC)
    passages = reading.anchors(gutachten.submission.content)
    for anchor, text in (
        ("p-qb1-answer_a-2", "Schön konkret. Wie ist der neue Abschnitt im Team besprochen worden?"),
        ("p-qb2-answer_a-2", "Hier fehlt ein Nachweis: Gibt es Notizen zu den Austauschtreffen?"),
    ):
        if anchor in passages:
            MarginComment.objects.create(
                gutachten=gutachten,
                anchor=anchor,
                passage=passages[anchor][:300],
                text=text,
                author=gutachten.author,
                created_at=at,
            )


def _sent(ctx: DemoContext) -> None:
    """The Gutachten the visited procedure was sent: every requirement rated, Auflagen in QB 3 and QB 7."""
    procedure = (
        Procedure.objects.filter(
            testing_body__slug=TESTING_BODY["slug"], status=Procedure.Status.VISITED, gutachten__isnull=True
        )
        .select_related("organisation", "cycle", "officer")
        .order_by("pk")
        .first()
    )
    author = User.objects.filter(email="gutachterin@testierung-nord.example").first()
    if procedure is None or author is None or procedure.officer is None or not procedure.gutachten_sent_on:
        return
    submission = _submission(procedure, procedure.officer)
    sent = procedure.gutachten_sent_on
    gutachten = Gutachten.objects.create(
        procedure=procedure,
        submission=submission,
        author=author,
        status=Gutachten.Status.RELEASED,
        started_at=datetime.combine(sent - timedelta(days=40), time(9, 0), tzinfo=UTC),
        handed_over_at=datetime.combine(sent - timedelta(days=8), time(16, 0), tzinfo=UTC),
        approved_at=datetime.combine(sent - timedelta(days=3), time(11, 0), tzinfo=UTC),
        released_on=sent,
        organisation_text="Eine Werkstatt für Menschen mit Behinderung mit drei Standorten in Magdeburg.",
        success_text="Erfolg ist für die Werkstatt, wenn Beschäftigte ihre Arbeit selbst mitgestalten.",
        selfreport_text="Der Selbstreport ist gut gegliedert; in QB 3 und QB 7 fehlen Belege.",
        visit_notes="Bei der Visitation bitte die Prozessbeschreibungen und die Raumplanung ansehen.",
    )
    reviews = AreaReview.objects.bulk_create(
        AreaReview(gutachten=gutachten, area=area) for area in rules.cycle_areas(procedure)
    )
    by_area = {r.area_id: r for r in reviews}
    auflagen = {
        3: "Die Werkstatt beschreibt ihre Schlüsselprozesse schriftlich und legt fest, wer sie pflegt.",
        7: "Die Werkstatt legt dar, wie sie die Barrierefreiheit ihrer Räume prüft und verbessert.",
    }
    done: set[int] = set()
    ratings = []
    for requirement in rules.cycle_requirements(procedure):
        number = requirement.area.number
        if number in auflagen and number not in done:
            done.add(number)
            ratings.append(
                Rating(
                    review=by_area[requirement.area_id],
                    requirement=requirement,
                    value=Rating.Value.PARTLY,
                    auflage=auflagen[number],
                )
            )
        else:
            ratings.append(
                Rating(review=by_area[requirement.area_id], requirement=requirement, value=Rating.Value.MET)
            )
    Rating.objects.bulk_create(ratings)


def _in_second_check(ctx: DemoContext) -> None:
    """The harbour family centre's Gutachten: fully rated (one Auflage), parts A and B written and handed
    over to Prof. Karin Albers for the second check."""
    procedure = (
        Procedure.objects.filter(
            testing_body__slug=TESTING_BODY["slug"],
            organisation__slug=SECOND_CHECK_SLUG,
            status=Procedure.Status.SUBMITTED,
            gutachten__isnull=True,
        )
        .select_related("organisation", "cycle", "officer", "testing_body")
        .first()
    )
    author = rules.reviewer(procedure, rules.Role.FIRST) if procedure else None
    if procedure is None or author is None:
        return
    _submission(procedure, procedure.officer or author)
    share_new_submissions(procedure, procedure.officer)  # both reviewers read the frozen Selbstreport
    started = datetime.combine(ctx.today - timedelta(days=21), time(9, 0), tzinfo=UTC)
    gutachten = rules.start(procedure, author, now=started)
    Gutachten.objects.filter(pk=gutachten.pk).update(
        organisation_text=(
            "Ein offenes Haus für junge Familien im Hafenviertel, getragen von einem Verein mit engem "
            "Draht zur Nachbarschaft."
        ),
        success_text="Gelungen ist die Arbeit, wenn Eltern sich hier Rat holen, bevor es eng wird.",
        selfreport_text="Der Selbstreport ist knapp und anschaulich; die Belege sind gut geordnet.",
        next_steps_text="Für den nächsten Zyklus lohnt ein genauer Blick auf die Rückmeldungen der Eltern.",
    )
    gutachten.refresh_from_db()
    reviews = {r.area_id: r for r in gutachten.areas.all()}
    ratings: dict[int, dict[int, tuple[str, str]]] = {}
    for n, requirement in enumerate(rules.cycle_requirements(procedure)):
        value = (
            (Rating.Value.PARTLY, "Das Zentrum legt dar, wie es die Wünsche der Eltern regelmäßig erfragt.")
            if n == 4
            else (Rating.Value.MET, "")
        )
        ratings.setdefault(requirement.area_id, {})[requirement.pk] = value
    for area_id, values in ratings.items():
        rules.save_ratings(reviews[area_id], values)
    problems = rules.handover_problems(gutachten)
    if problems:  # the demo data must pass the app's own hand-over check
        raise RuntimeError(" ".join(problems))
    second = rules.reviewer(procedure, rules.Role.SECOND)
    handed_over = datetime.combine(ctx.today - timedelta(days=2), time(17, 0), tzinfo=UTC)
    # rules.hand_over without its e-mail (the demo sends none): same status, history and in-app note
    set_and_move_version(
        gutachten, {"status": Gutachten.Status.SECOND_CHECK, "checker": second, "handed_over_at": handed_over}
    )
    CheckEvent.objects.create(
        gutachten=gutachten, action=CheckEvent.Action.HANDED_OVER, by=author, at=handed_over
    )
    if second is not None:
        with translation.override(second.language):
            text = _("%(org)s: Gutachten zur Zweitbegutachtung übergeben") % {
                "org": procedure.organisation.name
            }
        Notification.objects.create(
            user=second, procedure=procedure, organisation_id=procedure.testing_body_id, text=text[:300]
        )


def seed(ctx: DemoContext) -> None:
    _sent(ctx)
    _in_second_check(ctx)
    assignment = (
        Assignment.objects.active()
        .filter(
            role=Assignment.Role.FIRST,
            procedure__testing_body__slug=TESTING_BODY["slug"],
            procedure__status=Procedure.Status.SUBMITTED,
        )
        .select_related("procedure__organisation", "procedure__cycle", "reviewer")
        .order_by("procedure_id")
        .first()
    )
    if assignment is None or assignment.procedure.gutachten.exists():
        return
    procedure = assignment.procedure
    _submission(procedure, assignment.assigned_by or assignment.reviewer)
    share_new_submissions(procedure, assignment.assigned_by)  # the reviewer reads what she assesses
    gutachten = rules.start(procedure, assignment.reviewer)
    _write(gutachten, ctx)
