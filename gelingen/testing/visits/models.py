"""The visit (Visitation) with its findings per Auflage, the decision letter, and the workshops.

A procedure may see more than one visit: after a revised Selbstreport with new Auflagen a new Gutachten
is sent and a new visit follows. `round` is the number of the Gutachten the visit belongs to (1 for the
first), so the guards always look at the visit of the current Gutachten.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from gelingen.core.uploads import extension_of, stored_name
from gelingen.core.versioning import version_field

DEFAULT_HOURS = 4
HOURS = [MinValueValidator(1), MaxValueValidator(12)]
DEFAULT_AGENDA = (
    _("Rundgang durch die Einrichtung"),
    _("Nachweise und Auflagen"),
    _("Gespräch über das Gutachten"),
)


@deconstructible
class TestingBodyUploadTo:
    """Files of the testing procedure live in the testing body's folder, under a random name."""

    __test__ = False

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return stored_name(instance.procedure.testing_body_id, self.folder, extension_of(filename))

    def __eq__(self, other) -> bool:
        return isinstance(other, TestingBodyUploadTo) and other.folder == self.folder


class Visit(models.Model):
    class Recommendation(models.TextChoices):
        TESTAT = "testat", _("Testat empfehlen")
        NOT_MET = "not_met", _("Auflagen nicht erfüllt")

    procedure = models.ForeignKey("testing.Procedure", on_delete=models.CASCADE, related_name="visits")
    round = models.PositiveSmallIntegerField(_("zum Gutachten Nr."), default=1)
    on = models.DateField(_("Termin der Visitation"))
    hours = models.PositiveSmallIntegerField(_("Dauer (Stunden)"), default=DEFAULT_HOURS, validators=HOURS)
    place = models.CharField(_("Ort"), max_length=200)
    agenda = models.TextField(_("Tagesordnung"), max_length=4000, help_text=_("Ein Punkt pro Zeile."))
    participants = models.TextField(
        _("Teilnehmende"),
        max_length=4000,
        blank=True,
        help_text=_("Eine Person pro Zeile: Name und Funktion, keine weiteren persönlichen Angaben."),
    )
    reported_at = models.DateTimeField(_("der Testierungsstelle mitgeteilt am"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # after the visit
    protocol = models.TextField(_("Protokoll"), max_length=20000, blank=True)
    protocol_file = models.FileField(
        _("Protokoll als Datei"), upload_to=TestingBodyUploadTo("visits"), blank=True, max_length=200
    )
    protocol_file_name = models.CharField(max_length=255, blank=True)
    recommendation = models.CharField(
        _("Empfehlung"), max_length=10, choices=Recommendation.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("Protokoll eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_version = version_field()

    class Meta:
        verbose_name = _("Visitation")
        verbose_name_plural = _("Visitationen")
        ordering = ["procedure", "round"]
        constraints = [models.UniqueConstraint(fields=["procedure", "round"], name="one_visit_per_gutachten")]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.on:%d.%m.%Y}"

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def participant_lines(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Finding(models.Model):
    """What the reviewer saw at the visit for one Auflage, and whether it is now met (None: not yet)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    key = models.CharField(max_length=100)
    area = models.CharField(_("Bereich"), max_length=200)
    requirement = models.CharField(_("Anforderung"), max_length=300)
    auflage = models.TextField(_("Auflage"), max_length=8000)
    evidence = models.TextField(_("gesehene Nachweise"), max_length=4000, blank=True)
    met = models.BooleanField(_("jetzt erfüllt"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Befund zu einer Auflage")
        verbose_name_plural = _("Befunde zu Auflagen")
        ordering = ["visit", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "key"], name="one_finding_per_auflage")]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.met}"


class DecisionLetter(models.Model):
    """The testing body's letter on its decision, frozen once issued (content and PDF with its hash)."""

    procedure = models.ForeignKey("testing.Procedure", on_delete=models.CASCADE, related_name="letters")
    transition = models.OneToOneField(
        "testing.Transition", on_delete=models.CASCADE, related_name="decision_letter"
    )
    decision = models.CharField(_("Entscheidung"), max_length=10)
    letter_on = models.DateField(_("Datum des Schreibens"))
    resubmission_due = models.DateField(_("überarbeiteter Selbstreport bis"), null=True, blank=True)
    content = models.JSONField(default=dict)  # what the letter says, as rendered
    pdf = models.FileField(upload_to=TestingBodyUploadTo("letters"), max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("ausgestellt am"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Entscheidungsschreiben")
        verbose_name_plural = _("Entscheidungsschreiben")
        ordering = ["procedure", "issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.letter_on:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("An issued decision letter is frozen")
        super().save(*args, **kwargs)


class Workshop(models.Model):
    """The introductory workshop of a first testing, or the follow-up workshop of a re-testing.

    Moderating it is no conflict of interest (decided rule 9): nothing is recorded in the pool's conflicts.
    """

    class Kind(models.TextChoices):
        INTRO = "intro", _("Einführungsworkshop")
        FOLLOW_UP = "follow_up", _("Folgeworkshop")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("vor Ort")
        DIGITAL = "digital", _("digital")

    # the workshop opens a cycle: a first testing's introductory workshop, a re-testing's follow-up one
    # (which may come before the re-testing is registered, so it belongs to the cycle, not a procedure)
    cycle = models.OneToOneField("quality.Cycle", on_delete=models.CASCADE, related_name="testing_workshop")
    testing_body = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Testierungsstelle"),
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    moderator = models.ForeignKey(
        "testing_reviewers.ReviewerProfile",
        on_delete=models.PROTECT,
        related_name="moderated_workshops",
        verbose_name=_("Moderation"),
    )
    chosen_by_organisation = models.BooleanField(default=False)
    on = models.DateField(_("Datum des Workshops"))
    hours = models.PositiveSmallIntegerField(_("Dauer (Stunden)"), default=DEFAULT_HOURS, validators=HOURS)
    format = models.CharField(_("Form"), max_length=10, choices=Format.choices, default=Format.ON_SITE)
    call_on = models.DateField(
        _("Vorgespräch am"),
        null=True,
        blank=True,
        help_text=_("Telefonat der Moderation mit Leitung und Qualitätsbeauftragter*m vor dem Workshop."),
    )
    participants = models.TextField(
        _("Teilnehmende"),
        max_length=4000,
        blank=True,
        help_text=_("Eine Person oder Gruppe pro Zeile, z. B. „alle Mitarbeitenden“, „Steuerungsgruppe“."),
    )
    result = models.TextField(_("Ergebnis"), max_length=8000, blank=True)
    held_on = models.DateField(_("durchgeführt am"), null=True, blank=True)
    # the self-assessment's first stock-taking as it stood when the workshop's result was recorded
    stocktaking = models.JSONField(default=dict, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_version = version_field()

    class Meta:
        verbose_name = _("Workshop zu Beginn")
        verbose_name_plural = _("Workshops zu Beginn")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d.%m.%Y}"

    @property
    def participant_lines(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]
