"""The Gutachten of a testing procedure: one round per frozen Selbstreport submission.

A round is written by the first reviewer on exactly one `Submission` (never on live data): parts A, B
and D are texts on the `Gutachten`, part C is one `AreaReview` per quality area of the cycle with one
`Rating` per requirement. `MarginComment`s point at a paragraph anchor of the submission's text. The
status moves draft → second check → (returned → second check …) → approved → released; the rules of
each move live in rules.py, who may see what in access.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gelingen.catalogue.models import Area, Requirement
from gelingen.core.versioning import version_field
from gelingen.selfreport.models import Submission
from gelingen.testing.models import Procedure

TEXT = 20000  # generous: a part of a Gutachten runs to several pages


class Gutachten(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("in Arbeit")
        SECOND_CHECK = "second_check", _("in der Zweitbegutachtung")
        RETURNED = "returned", _("zur Überarbeitung zurückgegeben")
        APPROVED = "approved", _("freigegeben, Versand an die Organisation offen")
        RELEASED = "released", _("an die Organisation versandt")

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="gutachten", verbose_name=_("Verfahren")
    )
    round = models.PositiveSmallIntegerField(_("Runde"), default=1)
    # submissions are deleted only when an organisation is erased (selfreport.submission.purge): its
    # Gutachten go with them
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="+", verbose_name=_("Einreichung")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("Gutachter*in")
    )
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(_("begonnen am"))

    # Part A: re-description
    organisation_text = models.TextField(_("Die Organisation"), blank=True, max_length=TEXT)
    success_text = models.TextField(_("Ihre Definition von Erfolg"), blank=True, max_length=TEXT)
    # Part B: feedback
    selfreport_text = models.TextField(_("Zum Selbstreport"), blank=True, max_length=TEXT)
    process_text = models.TextField(_("Zum Qualitätsprozess"), blank=True, max_length=TEXT)
    result_text = models.TextField(_("Zum Ergebnis"), blank=True, max_length=TEXT)
    next_steps_text = models.TextField(_("Zu den nächsten Schritten"), blank=True, max_length=TEXT)
    # Part D: notes
    visit_notes = models.TextField(_("Hinweise für die Visitation"), blank=True, max_length=TEXT)
    workshop_notes = models.TextField(_("Hinweise für den Abschlussworkshop"), blank=True, max_length=TEXT)

    # second check
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zweitgutachter*in"),
    )
    check_comment = models.TextField(_("Kommentar der Zweitbegutachtung"), blank=True, max_length=TEXT)
    handed_over_at = models.DateTimeField(_("zur Zweitbegutachtung übergeben am"), null=True, blank=True)
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    released_on = models.DateField(_("versandt am"), null=True, blank=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Gutachten")
        verbose_name_plural = _("Gutachten")
        ordering = ["procedure", "-round"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "round"], name="one_gutachten_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id}/{self.round}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED


class AreaReview(models.Model):
    """Part C for one quality area: comments and suggestions; its ratings hang below it."""

    gutachten = models.ForeignKey(Gutachten, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("Bereich"))
    comments = models.TextField(_("Anmerkungen zum Bereich"), blank=True, max_length=TEXT)
    suggestions = models.TextField(_("Anregungen zur Weiterentwicklung"), blank=True, max_length=TEXT)
    lock_version = version_field()

    class Meta:
        verbose_name = _("Bewertung eines Qualitätsbereichs")
        verbose_name_plural = _("Bewertungen der Qualitätsbereiche")
        ordering = ["gutachten", "area__number"]
        constraints = [models.UniqueConstraint(fields=["gutachten", "area"], name="one_review_per_area")]

    def __str__(self) -> str:
        return f"{self.gutachten_id}: {self.area.code}"


class Rating(models.Model):
    class Value(models.TextChoices):
        MET = "met", _("erfüllt")
        PARTLY = "partly", _("teilweise erfüllt")
        NOT_MET = "not_met", _("nicht erfüllt")

    review = models.ForeignKey(AreaReview, on_delete=models.CASCADE, related_name="ratings")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="+", verbose_name=_("Anforderung")
    )
    value = models.CharField(_("Bewertung"), max_length=10, choices=Value.choices)
    auflage = models.TextField(_("Auflage"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("Bewertung einer Anforderung")
        verbose_name_plural = _("Bewertungen der Anforderungen")
        ordering = ["review", "requirement__position", "requirement__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "requirement"], name="one_rating_per_requirement")
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.value}"

    @property
    def needs_auflage(self) -> bool:
        return self.value in (self.Value.PARTLY, self.Value.NOT_MET)


class MarginComment(models.Model):
    """A reviewer's note on one paragraph of the submitted Selbstreport (anchor from reading.py)."""

    gutachten = models.ForeignKey(Gutachten, on_delete=models.CASCADE, related_name="comments")
    anchor = models.CharField(_("Absatz"), max_length=120)
    passage = models.CharField(_("Textstelle"), max_length=300, blank=True)  # the paragraph's start
    text = models.TextField(_("Kommentar"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("am"))

    class Meta:
        verbose_name = _("Randkommentar")
        verbose_name_plural = _("Randkommentare")
        ordering = ["gutachten", "created_at", "pk"]
        indexes = [models.Index(fields=["gutachten", "anchor"], name="margin_comment_anchor")]

    def __str__(self) -> str:
        return f"{self.gutachten_id}: {self.anchor}"


class CheckEvent(models.Model):
    """One step of the second check, kept as history (handed over, returned with comment, approved)."""

    class Action(models.TextChoices):
        HANDED_OVER = "handed_over", _("zur Zweitbegutachtung übergeben")
        RETURNED = "returned", _("zur Überarbeitung zurückgegeben")
        APPROVED = "approved", _("freigegeben")
        RELEASED = "released", _("an die Organisation versandt")

    gutachten = models.ForeignKey(Gutachten, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("Schritt"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("am"))
    comment = models.TextField(_("Kommentar"), blank=True, max_length=TEXT)

    class Meta:
        verbose_name = _("Schritt der Zweitbegutachtung")
        verbose_name_plural = _("Schritte der Zweitbegutachtung")
        ordering = ["gutachten", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.gutachten_id}: {self.action}"


class GoalRating(models.Model):
    """Re-testing, part C: the rating of one strategic goal agreed at the last Testat.

    The agreed goals are extra requirements of the new cycle. A rating is keyed by the goal's stable key
    (selfreport.sources.AgreedGoal.key) and keeps a copy of its wording, so the Gutachten stays readable
    whatever later happens to the goal itself.
    """

    gutachten = models.ForeignKey(Gutachten, on_delete=models.CASCADE, related_name="goal_ratings")
    key = models.CharField(max_length=60)
    title = models.CharField(_("vereinbartes Ziel"), max_length=300)
    indicators = models.TextField(_("Prüfindikatoren"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    value = models.CharField(_("Bewertung"), max_length=10, choices=Rating.Value.choices)
    auflage = models.TextField(_("Auflage"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("Bewertung eines vereinbarten Ziels")
        verbose_name_plural = _("Bewertungen der vereinbarten Ziele")
        ordering = ["gutachten", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["gutachten", "key"], name="one_rating_per_goal")]

    def __str__(self) -> str:
        return f"{self.gutachten_id}: {self.key}"

    @property
    def needs_auflage(self) -> bool:
        return self.value in (Rating.Value.PARTLY, Rating.Value.NOT_MET)

    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]
