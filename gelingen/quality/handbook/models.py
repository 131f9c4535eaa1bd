"""The organisation handbook (Organisationshandbuch) and the key processes of QB3.

Chapters form a tree the organisation chooses. A document keeps a stable number (`HB-04`) and a chain of
revisions; a revision becomes current only when a Leitung/QM member approves it, and the document ID
then shows its number (`HB-04 Rev. 3`). Earlier revisions stay readable. Key processes have owners,
ordered steps and interfaces to other processes and can be marked as shown in full in the Selbstreport.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Requirement
from gelingen.core.uploads import OrgUploadTo
from gelingen.core.versioning import version_field

MAX_CHAPTER_DEPTH = 3


class HandbookCounter(models.Model):
    """The last document number handed out per organisation (numbers are never reused)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organisation_id}: HB-{self.last}"


class Chapter(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="handbook_chapters")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnetes Kapitel"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(
        _("Position"), default=1, help_text=_("Reihenfolge innerhalb der Ebene (1, 2, 3 …).")
    )

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Kapitel")
        verbose_name_plural = _("Kapitel")
        ordering = ["position", "title"]
        indexes = [models.Index(fields=["organisation", "parent", "position"])]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    class Kind(models.TextChoices):
        PROCESS = "process", _("Prozess")
        PROCEDURE = "procedure", _("Verfahrensanweisung")
        RULE = "rule", _("Regelung")
        FORM = "form", _("Formular")
        CHECKLIST = "checklist", _("Checkliste")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="handbook_documents"
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.PROTECT, related_name="documents", verbose_name=_("Kapitel")
    )
    number = models.PositiveIntegerField(_("Dokumentnummer"))
    title = models.CharField(_("Titel"), max_length=200)  # of the current revision (or the first draft)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.PROCESS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    position = models.PositiveSmallIntegerField(_("Position im Kapitel"), default=1)
    current = models.ForeignKey(
        "Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Handbuchdokument")
        verbose_name_plural = _("Handbuchdokumente")
        ordering = ["position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="unique_handbook_document_number")
        ]
        indexes = [models.Index(fields=["organisation", "chapter", "position"])]

    def __str__(self) -> str:
        return f"{self.display_id} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("handbook:document_detail", args=[self.organisation.slug, self.pk])

    @property
    def code(self) -> str:
        return f"HB-{self.number:02d}"

    @property
    def display_id(self) -> str:
        """`HB-04 Rev. 3`: the current (approved) revision's number; `HB-04` while only a draft exists."""
        if self.current_id is None:
            return self.code
        return f"{self.code} Rev. {self.current.number}"

    @property
    def is_published(self) -> bool:
        return self.current_id is not None


class Revision(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("Revision"))
    title = models.CharField(_("Titel"), max_length=200)
    content = models.TextField(
        _("Inhalt"), blank=True, max_length=50000, help_text=_("Absätze durch eine Leerzeile trennen.")
    )
    file = models.FileField(_("Datei"), upload_to=OrgUploadTo("handbook"), blank=True, max_length=200)
    file_name = models.CharField(_("Dateiname"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    change_note = models.CharField(_("Was wurde geändert?"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("freigegeben von"),
    )

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Revision")
        verbose_name_plural = _("Revisionen")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"{self.document.code} Rev. {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "handbook:revision_detail", args=[self.document.organisation.slug, self.document_id, self.pk]
        )

    @property
    def organisation_id(self) -> int:
        """For the upload path (files live in the organisation's folder)."""
        return self.document.organisation_id

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def display_id(self) -> str:
        return f"{self.document.code} Rev. {self.number}"


class KeyProcess(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="key_processes")
    name = models.CharField(_("Name"), max_length=200)
    goal = models.TextField(_("Ziel und Zweck"), blank=True, max_length=4000)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_processes",
        verbose_name=_("Prozessbeschreibung im Handbuch"),
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("Prozessverantwortliche")
    )
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="key_processes", verbose_name=_("Anforderungen")
    )
    shown_in_full = models.BooleanField(
        _("im Selbstreport vollständig dargestellt"),
        default=False,
        help_text=_(
            "QB3 verlangt, dass mindestens ein Schlüsselprozess im Selbstreport vollständig beschrieben wird."
        ),
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Schlüsselprozess")
        verbose_name_plural = _("Schlüsselprozesse")
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["organisation", "position"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("handbook:process_detail", args=[self.organisation.slug, self.pk])


class ProcessStep(models.Model):
    process = models.ForeignKey(KeyProcess, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("Nr."), default=1)
    text = models.CharField(_("Schritt"), max_length=500)
    responsible_role = models.CharField(_("verantwortliche Rolle"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("Prozessschritt")
        verbose_name_plural = _("Prozessschritte")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class ProcessInterface(models.Model):
    """Where one key process hands over to (or takes from) another, and how."""

    process = models.ForeignKey(KeyProcess, on_delete=models.CASCADE, related_name="interfaces")
    other = models.ForeignKey(
        KeyProcess,
        on_delete=models.CASCADE,
        related_name="incoming_interfaces",
        verbose_name=_("Schnittstelle zu"),
    )
    description = models.TextField(_("Beschreibung der Schnittstelle"), max_length=2000)

    class Meta:
        verbose_name = _("Schnittstelle")
        verbose_name_plural = _("Schnittstellen")
        constraints = [
            models.UniqueConstraint(fields=["process", "other"], name="one_interface_per_process_pair"),
            models.CheckConstraint(
                condition=~models.Q(process=models.F("other")), name="interface_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} -> {self.other}"
