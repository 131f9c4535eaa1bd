"""The Testat and what leads to it: the strategic development goals, their agreement and its signatures.

One `Closing` row per procedure holds the final-workshop protocol and the signed scan of the agreement;
the goals (`Goal`) are drafted by the organisation and checked by the testing body; every laid-out
agreement document is kept as an `AgreementVersion` with the SHA-256 of its PDF, and a `Signature`
names the version it signed, so a change of the goals afterwards leaves the signature behind.
The `Testat` is created when the testing body takes the `certify` step (signals.py).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.uploads import OrgUploadTo
from gelingen.core.versioning import version_field
from gelingen.testing.models import Procedure


class TestatCounter(models.Model):
    """The last sequence number a testing body gave out in a year (numbers.py counts on the locked row)."""

    __test__ = False

    testing_body = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["testing_body", "year"], name="unique_testat_counter")]

    def __str__(self) -> str:
        return f"{self.testing_body_id}/{self.year}: {self.last}"


class Testat(models.Model):
    """The certificate of one procedure: valid four years from the final-workshop date unless withdrawn."""

    __test__ = False

    class Status(models.TextChoices):
        VALID = "valid", _("gültig")
        EXPIRED = "expired", _("abgelaufen")
        WITHDRAWN = "withdrawn", _("entzogen")

    number = models.CharField(_("Testatnummer"), max_length=40, unique=True)
    procedure = models.OneToOneField(Procedure, on_delete=models.CASCADE, related_name="testat")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="testate", verbose_name=_("Organisation")
    )
    testing_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="testate_issued",
        verbose_name=_("Testierungsstelle"),
    )
    # kept as issued: a later rename of the organisation or the model does not change a certificate
    organisation_name = models.CharField(_("Name der Organisation"), max_length=200)
    model_name = models.CharField(_("Qualitätsmodell"), max_length=200)
    model_version = models.CharField(_("Version"), max_length=20)
    testat_on = models.DateField(_("Datum des Testats"))
    valid_until = models.DateField(_("gültig bis"), db_index=True)
    issued_on = models.DateField(_("ausgestellt am"))
    withdrawn_on = models.DateField(_("entzogen am"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("Grund des Entzugs"), blank=True, max_length=4000)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Testat")
        verbose_name_plural = _("Testate")
        ordering = ["-testat_on", "-pk"]

    def __str__(self) -> str:
        return self.number

    def status(self, today: date | None = None) -> str:
        """Withdrawn wins; otherwise valid up to and including the day `valid_until`."""
        today = today or timezone.localdate()
        if self.withdrawn_on and self.withdrawn_on <= today:
            return self.Status.WITHDRAWN
        return self.Status.VALID if today <= self.valid_until else self.Status.EXPIRED

    def status_label(self, today: date | None = None) -> str:
        return str(self.Status(self.status(today)).label)

    def verification_path(self) -> str:
        return reverse("testat_public:verify", args=[self.number])

    def verification_url(self) -> str:
        return f"{settings.SITE_URL}{self.verification_path()}"


class Closing(models.Model):
    """Per procedure: the final-workshop protocol and the signed scan of the agreement."""

    procedure = models.OneToOneField(Procedure, on_delete=models.CASCADE, related_name="closing")
    protocol = models.FileField(
        _("Protokoll des Abschlussworkshops"), upload_to=OrgUploadTo("testat"), blank=True, max_length=300
    )
    protocol_name = models.CharField(max_length=255, blank=True)
    protocol_uploaded_at = models.DateTimeField(null=True, blank=True)
    protocol_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scan = models.FileField(
        _("unterschriebene Zielvereinbarung (Scan)"),
        upload_to=OrgUploadTo("testat"),
        blank=True,
        max_length=300,
    )
    scan_name = models.CharField(max_length=255, blank=True)
    scan_version = models.ForeignKey(
        "AgreementVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scan_uploaded_at = models.DateTimeField(null=True, blank=True)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Abschluss des Verfahrens")
        verbose_name_plural = _("Abschlüsse der Verfahren")

    def __str__(self) -> str:
        return str(self.procedure)

    @property
    def organisation_id(self) -> int:  # for OrgUploadTo
        return self.procedure.organisation_id


class Goal(models.Model):
    """A strategic development goal worded like a requirement, with its test indicators (one per line)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("zur Prüfung bei der Testierungsstelle")
        CHANGES = "changes", _("Änderung erbeten")
        APPROVED = "approved", _("Formulierung geprüft")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="strategic_goals")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Ziel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=4000)
    indicators = models.TextField(
        _("Prüfindikatoren"), max_length=4000, help_text=_("Ein Prüfindikator je Zeile.")
    )
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    body_comment = models.TextField(_("Anmerkung der Testierungsstelle"), blank=True, max_length=4000)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    proposal_id = models.PositiveIntegerField(null=True, blank=True)  # the QB12 proposal it started from
    lock_version = version_field()

    class Meta:
        verbose_name = _("strategisches Entwicklungsziel")
        verbose_name_plural = _("strategische Entwicklungsziele")
        ordering = ["procedure", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def indicator_list(self) -> list[str]:
        from gelingen.quality.ideas.goals import parse_indicators

        return parse_indicators(self.indicators)


class AgreementVersion(models.Model):
    """One laid-out agreement document (PDF) and the SHA-256 of exactly these bytes."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveIntegerField()
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    goals_fingerprint = models.CharField(max_length=64)  # of the goals it lists (goals.fingerprint)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_agreement_version")
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} v{self.number}"


class Signature(models.Model):
    """A signature in the app on one agreement version, by the organisation's Leitung or the officer."""

    class Side(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        TESTING_BODY = "testing_body", _("Testierungsstelle")

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    side = models.CharField(max_length=20, choices=Side.choices)
    user = models.ForeignKey(  # the name below stays when the account goes
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(_("Name"), max_length=200)
    signed_at = models.DateTimeField(_("unterschrieben am"))
    sha256 = models.CharField(_("SHA-256 des unterschriebenen PDF"), max_length=64)

    class Meta:
        ordering = ["version", "signed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "side"], name="one_signature_per_side")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_side_display()})"
