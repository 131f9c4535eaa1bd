"""Demo Selbstreports: Nordstadt is writing its first one; Am Fluss is updating its report for re-testing."""

from __future__ import annotations

from datetime import timedelta

from demo import accounts
from demo.context import DemoContext
from gelingen.accounts import grants
from gelingen.accounts.models import Organisation
from gelingen.accounts.roles import LEITUNG, QM, STAFF
from gelingen.quality.evidence.models import Evidence
from gelingen.quality.models import Cycle
from gelingen.selfreport.models import Chapter, SelfReport
from gelingen.selfreport.setup import create_report
from gelingen.selfreport.submission import submit

PART_TEXTS = {
    "structure": (
        "Der Verein ist Träger einer Fachstelle mit zwei Standorten in der Nordstadt. Die Geschäftsführung "
        "verantwortet Finanzen und Personal, die fachliche Leitung die Beratung. Drei Teams arbeiten nach "
        "Zielgruppen: Erwachsene, junge Menschen und Angehörige."
    ),
    "mandate": (
        "Wir beraten Menschen mit riskantem Konsum oder einer Abhängigkeit und ihre Angehörigen. Auftraggeber "
        "sind die Stadt und das Land; dazu kommen Präventionsprojekte an Schulen.\n\n"
        "- ambulante Beratung und Vermittlung in Behandlung\n- Gruppenangebote\n- Prävention"
    ),
    "legal": (
        "Eingetragener Verein, anerkannter freier Träger. Grundlage sind Leistungsvereinbarungen mit der Stadt "
        "(jährlich verhandelt) und eine Zuwendung des Landes. Datenschutz und Schweigepflicht regelt eine "
        "Dienstanweisung."
    ),
    "staffing": (
        "| Funktion | Personen | Stellen |\n|---|---|---|\n| Sozialarbeit | 7 | 5,5 |\n"
        "| Psychologie | 2 | 1,5 |\n| Verwaltung | 2 | 1,25 |\n| Ehrenamt | 6 | – |"
    ),
    "commitment": (
        "Vorstand und Leitung verpflichten sich, die Qualität der Beratung fortlaufend zu entwickeln. Sie stellen "
        "dafür jährlich 120 Stunden Arbeitszeit je Team bereit und berichten der Mitgliederversammlung jedes Jahr "
        "im Mai über den Stand."
    ),
    "process": (
        "Den Anstoß gab die Klausur im Januar: Das Team wollte wissen, ob unsere Beratung wirkt. Eine "
        "Steuerungsgruppe aus Leitung, Qualitätsbeauftragter und zwei Teamsprecherinnen trifft sich alle sechs "
        "Wochen; zwei Qualitätszirkel arbeiten an Erstkontakt und Evaluation.\n\n"
        "**Was geholfen hat:** feste Termine im Kalender und kurze Protokolle.\n\n"
        "**Was gebremst hat:** Krankheitsausfälle im Frühjahr; wir haben den Zeitplan um zwei Monate gestreckt."
    ),
}

AREA_TEXTS = {
    1: (
        "Das Leitbild entstand in zwei Workshops mit dem ganzen Team und den Ehrenamtlichen. Es beschreibt alle "
        "acht Spezifikationen und hängt in beiden Beratungsstellen aus.",
        "Das Leitbild ist selbst der Maßstab; wir haben es so formuliert, dass jede Kollegin ihre Arbeit darin "
        "wiederfindet, weil nur ein geteiltes Selbstverständnis im Alltag trägt.",
        "Die Rückmeldungen aus dem Team waren gut; die DgD wollen wir bis März 2027 mit Klientinnen und Klienten "
        "überprüfen.",
        "Protokolle der Workshops und die veröffentlichte Fassung: {ids}.",
    ),
    2: (
        "Wir werten jährlich im Februar die kommunale Suchthilfestatistik aus und befragen alle zwei Jahre "
        "Kooperationspartner zu neuen Bedarfen.",
        "Unsere DgD verlangt, dass Hilfe dort ankommt, wo sie gebraucht wird; die Bedarfsanalyse zeigt uns, welche "
        "Gruppen wir noch nicht erreichen, und lenkt dadurch Ressourcen dorthin.",
        "Die Analyse 2026 zeigte mehr Anfragen junger Erwachsener; daraus folgte die Abendsprechstunde.",
        "Auswertungen und Befragungsbögen: {ids}.",
    ),
    3: (
        "Drei Schlüsselprozesse sind beschrieben: Erstkontakt und Aufnahme, Beratungsprozess, Beschwerdemanagement. "
        "Jeder hat eine verantwortliche Person und dokumentierte Schnittstellen.",
        "Der Erstkontakt entscheidet, ob Menschen wiederkommen; weil unser Leitbild Niedrigschwelligkeit verspricht, "
        "haben wir ihn zuerst beschrieben.",
        "Die Prozessbeschreibungen werden jährlich im Herbst überprüft; zuletzt haben wir die Wartezeit verkürzt.",
        "Prozessbeschreibungen im Organisationshandbuch: {ids}.",
    ),
}


def _cite(org, number: int) -> str:
    ids = Evidence.objects.filter(organisation=org, area_number=number).order_by("sequence")[:2]
    return ", ".join(f"[{e.identifier}]" for e in ids) or "Ordner QM"


def _fill(report: SelfReport, ctx: DemoContext, areas: set[int]) -> None:
    owners = [ctx.people[QM], ctx.people[LEITUNG], ctx.people[STAFF]]
    for i, chapter in enumerate(report.chapters.select_related("area")):
        chapter.owner = owners[i % len(owners)]
        if chapter.key in PART_TEXTS:
            chapter.body = PART_TEXTS[chapter.key]
            chapter.status = Chapter.Status.FINAL
        elif chapter.area and chapter.area.number in areas:
            a, b, c, d = AREA_TEXTS.get(chapter.area.number, AREA_TEXTS[2])
            chapter.answer_a, chapter.answer_b, chapter.answer_c = a, b, c
            chapter.answer_d = d.format(ids=_cite(ctx.org, chapter.area.number))
            chapter.status = Chapter.Status.REVIEW
        chapter.save()
        if chapter.area and chapter.area.number in areas:
            chapter.requirements.set(chapter.area.requirements.all())


def seed(ctx: DemoContext) -> None:
    if SelfReport.objects.filter(cycle=ctx.cycle).exists():
        return
    if ctx.cycle.kind == Cycle.Kind.RETEST:
        _seed_previous_report(ctx)
    report = create_report(ctx.cycle, ctx.people[QM])
    if ctx.cycle.kind == Cycle.Kind.FIRST:
        _fill(report, ctx, areas={1, 2, 3})
        # one weak spot the checks will find
        qb2 = report.chapters.get(key="qb2")
        qb2.answer_c += " Künftig wollen wir regelmäßig nachsteuern."
        qb2.save()


def _seed_previous_report(ctx: DemoContext) -> None:
    """Am Fluss was tested four years ago; its submitted report is the basis of the re-testing edition."""
    start = ctx.cycle.start_date - timedelta(days=4 * 365)
    previous, _ = Cycle.objects.get_or_create(
        organisation=ctx.org,
        title=f"Ersttestierung {start.year}/{start.year + 1}",
        defaults={
            "model": ctx.model,
            "kind": Cycle.Kind.FIRST,
            "start_date": start,
            "target_date": start + timedelta(days=330),
            "created_by": ctx.people[QM],
        },
    )
    report = create_report(previous, ctx.people[QM])
    _fill(report, ctx, areas=set(range(1, 13)))
    submission = submit(report, ctx.people[LEITUNG], override_reason="Historische Einreichung (Demo-Daten).")
    # the testing body's people can read it under "Für mich freigegeben"
    grants.share(
        submission,
        by=ctx.people[LEITUNG],
        grantee_organisation=Organisation.objects.get(slug=accounts.TESTING_BODY["slug"]),
        title=f"Selbstreport {ctx.org.name}, Einreichung {submission.number}",
    )
