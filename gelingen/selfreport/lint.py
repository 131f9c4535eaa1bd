"""The Selbstreport checks an author can run any time. Errors block submission; warnings advise.

Every rule is a plain function `(ctx) -> list[Finding]`; each finding points at the chapter and
field to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gelingen.catalogue.models import Requirement
from gelingen.core.wording import vague_words
from gelingen.quality.leitbild.justification import Level, classify

from . import pages, sources
from .document import ReportDocument, build
from .models import Chapter, GoalReport, SelfReport
from .render import citations
from .structure import ANSWERS, PAGE_LIMITS

ERROR, WARNING = "error", "warning"


@dataclass
class Finding:
    severity: str
    rule: str
    message: str
    chapter: str = ""  # chapter key
    field: str = ""
    url: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class LintContext:
    report: SelfReport
    chapters: list[Chapter] = field(default_factory=list)

    @cached_property
    def organisation(self):
        return self.report.cycle.organisation

    def url(self, chapter: Chapter | None, field_name: str = "") -> str:
        if chapter is None:
            return self.report.get_absolute_url()
        base = reverse("selfreport:chapter", args=[self.organisation.slug, self.report.cycle_id, chapter.key])
        return f"{base}#field-{field_name}" if field_name else base

    @cached_property
    def register(self) -> set[str]:
        return sources.register_identifiers(self.organisation)

    @cached_property
    def document(self) -> ReportDocument:
        return build(self.report)

    @cached_property
    def pages(self) -> pages.PageState:
        """The stored page count (current content, or the last known one); never laid out here."""
        return pages.state(self.report, self.document)

    def texts(self):
        """(chapter, field, text) for every text an author wrote."""
        for chapter in self.chapters:
            for name, text in chapter.texts().items():
                yield chapter, name, text
            for goal in chapter.goal_reports.all():
                yield chapter, "goals", goal.text


def rule_vague_words(ctx: LintContext) -> list[Finding]:
    findings = []
    for chapter, name, text in ctx.texts():
        for found in vague_words(text):
            findings.append(
                Finding(
                    WARNING,
                    "vague",
                    _("„%(word)s“ ohne konkretes Intervall oder Datum: „%(sentence)s“")
                    % {"word": found.word, "sentence": found.sentence[:160]},
                    chapter.key,
                    name,
                    ctx.url(chapter, name),
                )
            )
    return findings


def rule_unknown_citations(ctx: LintContext) -> list[Finding]:
    findings = []
    for chapter, name, text in ctx.texts():
        for identifier in citations(text):
            if identifier not in ctx.register:
                findings.append(
                    Finding(
                        ERROR,
                        "unknown-evidence",
                        _("Der zitierte Nachweis [%(id)s] steht nicht im Nachweisregister.")
                        % {"id": identifier},
                        chapter.key,
                        name,
                        ctx.url(chapter, name),
                    )
                )
    return findings


UNCITED_SHOWN = 5  # identifiers named in the one finding about uncited evidence


def rule_uncited_evidence(ctx: LintContext) -> list[Finding]:
    """One counted finding for all linked evidence the texts never cite (identifiers and codes only)."""
    cited = {i for _c, _n, text in ctx.texts() for i in citations(text)}
    uncited = [(i, codes) for i, codes in sources.linked_evidence(ctx.report.cycle).items() if i not in cited]
    if not uncited:
        return []
    named = ", ".join(
        f"[{identifier}] ({', '.join(codes)})" if codes else f"[{identifier}]"
        for identifier, codes in uncited[:UNCITED_SHOWN]
    )
    if len(uncited) > UNCITED_SHOWN:
        named += " …"
    message = ngettext(
        "%(n)d Nachweis ist mit Anforderungen verknüpft, wird im Text aber nirgends zitiert: %(ids)s",
        "%(n)d Nachweise sind mit Anforderungen verknüpft, werden im Text aber nirgends zitiert: %(ids)s",
        len(uncited),
    ) % {"n": len(uncited), "ids": named}
    return [Finding(WARNING, "uncited-evidence", message, url=sources.evidence_url(ctx.organisation))]


def rule_requirements_addressed(ctx: LintContext) -> list[Finding]:
    addressed = {r.pk for chapter in ctx.chapters for r in chapter.requirements.all()}
    areas = {c.area_id: c for c in ctx.chapters if c.area_id}
    required = Requirement.objects.filter(area__in=ctx.report.cycle.areas()).order_by(
        "area__number", "position"
    )
    return [
        Finding(
            ERROR,
            "requirement-not-addressed",
            _("Anforderung %(code)s ist keinem Kapiteltext zugeordnet.") % {"code": r.code},
            areas[r.area_id].key if r.area_id in areas else "",
            "requirements",
            ctx.url(areas.get(r.area_id), "requirements"),
        )
        for r in required
        if r.pk not in addressed
    ]


def rule_missing_texts(ctx: LintContext) -> list[Finding]:
    findings = []
    for chapter in ctx.chapters:
        if chapter.optional:
            continue
        if chapter.key == "qb12a":
            findings += _goal_report_findings(ctx, chapter)
            continue
        if chapter.is_area:
            for answer in ANSWERS:
                if not getattr(chapter, answer.field).strip():
                    findings.append(
                        Finding(
                            ERROR,
                            "missing-answer",
                            _("%(chapter)s: Antwort „%(answer)s“ fehlt.")
                            % {"chapter": chapter.title, "answer": answer.label},
                            chapter.key,
                            answer.field,
                            ctx.url(chapter, answer.field),
                        )
                    )
        elif not chapter.body.strip():
            findings.append(
                Finding(
                    ERROR,
                    "missing-text",
                    _("%(chapter)s ist noch leer.") % {"chapter": chapter.title},
                    chapter.key,
                    "body",
                    ctx.url(chapter, "body"),
                )
            )
    return findings


def _goal_report_findings(ctx: LintContext, chapter: Chapter) -> list[Finding]:
    """12a must report on every agreed goal: an outcome and, for every outcome, a report."""
    goals = list(chapter.goal_reports.all())
    if not goals:
        return [
            Finding(
                ERROR,
                "missing-answer",
                _("12a berichtet noch über kein vereinbartes strategisches Ziel."),
                chapter.key,
                "goals",
                ctx.url(chapter, "goals"),
            )
        ]
    return [
        Finding(
            ERROR,
            "goal-not-reported",
            _("12a: Zum Ziel „%(goal)s“ fehlen Ergebnis oder Bericht.") % {"goal": goal.goal},
            chapter.key,
            "goals",
            ctx.url(chapter, "goals"),
        )
        for goal in goals
        if goal.outcome == GoalReport.Outcome.OPEN
        or not goal.text.strip()
        or (goal.outcome == GoalReport.Outcome.CHANGED and not goal.changed_goal.strip())
    ]


def rule_g2_justification(ctx: LintContext) -> list[Finding]:
    g2_areas = set(
        Requirement.objects.filter(area__in=ctx.report.cycle.areas(), generic="G2").values_list(
            "area_id", flat=True
        )
    )
    leitbild = sources.leitbild_texts(ctx.organisation)
    findings = []
    for chapter in ctx.chapters:
        if chapter.area_id not in g2_areas or not chapter.is_area or chapter.key == "qb12a":
            continue
        verdict = classify(chapter.answer_b, leitbild)
        if verdict.level == Level.MISSING:
            findings.append(
                Finding(
                    ERROR,
                    "g2-missing",
                    _("%(chapter)s: Die Rückbegründung auf Leitbild und DgD (G2) fehlt.")
                    % {"chapter": chapter.title},
                    chapter.key,
                    "answer_b",
                    ctx.url(chapter, "answer_b"),
                )
            )
        elif not verdict.accepted:
            findings.append(
                Finding(
                    WARNING,
                    "g2-weak",
                    f"{chapter.title}: {verdict.message}",
                    chapter.key,
                    "answer_b",
                    ctx.url(chapter, "answer_b"),
                )
            )
    return findings


def rule_page_count(ctx: LintContext) -> list[Finding]:
    """60-90 pages (100 for a re-testing), read from the last layout of the same content."""
    low, high = PAGE_LIMITS[ctx.report.cycle.kind]
    state = ctx.pages
    if state.count is None:
        return [
            Finding(
                WARNING,
                "page-count-unknown",
                _(
                    "Die Seitenzahl ist noch nicht bekannt; sie wird neu berechnet (spätestens beim nächsten "
                    "PDF-Export oder bei der Einreichung)."
                ),
                url=ctx.url(None),
            )
        ]
    if low <= state.count <= high:
        return []
    message = _("Der Selbstreport hat %(pages)d Seiten; vorgesehen sind %(low)d bis %(high)d Seiten.") % {
        "pages": state.count,
        "low": low,
        "high": high,
    }
    if not state.current:
        message += " " + _("(Stand %(date)s; nach den letzten Änderungen wird sie neu berechnet.)") % {
            "date": laid_out_label(state)
        }
    return [Finding(ERROR, "page-count", message, url=ctx.url(None))]


def laid_out_label(state: pages.PageState) -> str:
    """When the stored page count was laid out, e.g. "02.12.2026, 14:03"."""
    if state.laid_out_at is None:
        return ""
    return format_date(timezone.localtime(state.laid_out_at), "d.m.Y, H:i")


def rule_key_process(ctx: LintContext) -> list[Finding]:
    chapter = next((c for c in ctx.chapters if c.key == "qb3"), None)
    if chapter is None or sources.key_processes_in_full(ctx.organisation):
        return []
    return [
        Finding(
            ERROR,
            "qb3-process",
            _(
                "QB3 stellt keinen Schlüsselprozess vollständig dar. Markieren Sie im Handbuch mindestens "
                "einen Prozess als „im Selbstreport vollständig dargestellt“."
            ),
            chapter.key,
            "",
            sources.processes_url(ctx.organisation),
        )
    ]


def rule_leitbild(ctx: LintContext) -> list[Finding]:
    chapter = next((c for c in ctx.chapters if c.key == "qb1"), None)
    if chapter is None:
        return []
    leitbild = sources.leitbild(ctx.organisation)
    if leitbild is None:
        message = _("QB1 muss das vollständige Leitbild enthalten, es ist aber noch keines veröffentlicht.")
    elif leitbild.missing:
        message = _("Das Leitbild ist unvollständig; es fehlen: %(missing)s.") % {
            "missing": ", ".join(leitbild.missing)
        }
    else:
        return []
    return [Finding(ERROR, "qb1-leitbild", message, chapter.key, "", sources.leitbild_url(ctx.organisation))]


RULES: list[Callable[[LintContext], list[Finding]]] = [
    rule_missing_texts,
    rule_requirements_addressed,
    rule_g2_justification,
    rule_unknown_citations,
    rule_uncited_evidence,
    rule_vague_words,
    rule_leitbild,
    rule_key_process,
    rule_page_count,
]


def context(report: SelfReport, document: ReportDocument | None = None) -> LintContext:
    """`document`: the report's content already built (e.g. for the submission), so the checks do not
    build it again."""
    chapters = list(
        report.chapters.select_related("area")
        .prefetch_related("requirements", "goal_reports")
        .order_by("part", "position")
    )
    ctx = LintContext(report, chapters)
    if document is not None:
        ctx.__dict__["document"] = document  # fills the cached_property
    return ctx


def run(ctx: LintContext, rules: list | None = None) -> list[Finding]:
    findings = [f for rule in (rules or RULES) for f in rule(ctx)]
    return sorted(findings, key=lambda f: (f.severity != ERROR, f.rule))


def lint(report: SelfReport, rules: list | None = None) -> list[Finding]:
    return run(context(report), rules)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]
