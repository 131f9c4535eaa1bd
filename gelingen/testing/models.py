"""The testing procedure (Testierungsverfahren): one record shared by the organisation and its testing body.

A `Procedure` joins a service organisation's quality cycle to a testing body from the registration to
the Testat. Its status only moves through `transitions.advance`, which logs every step as a `Transition`
(who, when, from, to). The dates of the steps live on the procedure, so deadlines (deadlines.py) and the
timeline (timeline.py) are computed from one row.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.versioning import version_field
from gelingen.quality.models import Cycle

from . import deadlines


class TestingBodySettings(models.Model):
    """The deadline periods of one testing body; without a row the spec's defaults apply."""

    __test__ = False  # not a pytest test class despite the name

    testing_body = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="testing_settings",
        limit_choices_to={"kind": Organisation.Kind.TESTING_BODY},
        verbose_name=_("Testierungsstelle"),
    )
    selfreport_months = models.PositiveSmallIntegerField(
        _("Selbstreport spätestens nach (Monate ab Bestätigung)"),
        default=deadlines.DEFAULT_RULES.selfreport_months,
    )
    rejection_days = models.PositiveSmallIntegerField(
        _("Ablehnung der Gutachter*in binnen (Tage)"), default=deadlines.DEFAULT_RULES.rejection_days
    )
    gutachten_weeks = models.PositiveSmallIntegerField(
        _("Gutachten spätestens nach (Wochen ab Einreichung)"),
        default=deadlines.DEFAULT_RULES.gutachten_weeks,
    )
    visit_weeks = models.PositiveSmallIntegerField(
        _("Visitation spätestens nach (Wochen ab Versand des Gutachtens)"),
        default=deadlines.DEFAULT_RULES.visit_weeks,
    )
    revision_months = models.PositiveSmallIntegerField(
        _("Überarbeiteter Selbstreport binnen (Monate ab Entscheidungsschreiben)"),
        default=deadlines.DEFAULT_RULES.revision_months,
    )
    workshop_notice_weeks = models.PositiveSmallIntegerField(
        _("Abschlussworkshop frühestens nach (Wochen ab Mitteilung des Termins)"),
        default=deadlines.DEFAULT_RULES.workshop_notice_weeks,
    )
    validity_years = models.PositiveSmallIntegerField(
        _("Gültigkeit des Testats (Jahre)"), default=deadlines.DEFAULT_RULES.validity_years
    )
    retest_registration_months = models.PositiveSmallIntegerField(
        _("Anmeldung zur Retestierung spätestens (Monate vor Ablauf)"),
        default=deadlines.DEFAULT_RULES.retest_registration_months,
    )
    retest_selfreport_months = models.PositiveSmallIntegerField(
        _("Fortgeschriebener Selbstreport spätestens (Monate vor Ablauf)"),
        default=deadlines.DEFAULT_RULES.retest_selfreport_months,
    )

    class Meta:
        verbose_name = _("Fristen einer Testierungsstelle")
        verbose_name_plural = _("Fristen der Testierungsstellen")

    def __str__(self) -> str:
        return str(self.testing_body)

    def rules(self) -> deadlines.Rules:
        return deadlines.Rules(**{name: getattr(self, name) for name in deadlines.Rules.__dataclass_fields__})


def rules_for(testing_body_id: int) -> deadlines.Rules:
    """The testing body's periods, or the spec's defaults when it configured none."""
    row = TestingBodySettings.objects.filter(testing_body_id=testing_body_id).first()
    return row.rules() if row else deadlines.DEFAULT_RULES


def attach_rules(procedures: list[Procedure]) -> list[Procedure]:
    """Load the rules of every testing body of these procedures in one query (for lists)."""
    bodies = {p.testing_body_id for p in procedures}
    found = {
        s.testing_body_id: s.rules() for s in TestingBodySettings.objects.filter(testing_body_id__in=bodies)
    }
    for p in procedures:
        p._rules = found.get(p.testing_body_id, deadlines.DEFAULT_RULES)
    return procedures


class Procedure(models.Model):
    """One testing (first testing or re-testing) of one cycle of a service organisation."""

    class Kind(models.TextChoices):
        FIRST = "first", _("Ersttestierung")
        RETEST = "retest", _("Retestierung")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("angemeldet")
        DECLINED = "declined", _("abgelehnt")
        CONFIRMED = "confirmed", _("bestätigt, Selbstreport in Arbeit")
        SUBMITTED = "submitted", _("Selbstreport eingereicht, Begutachtung")
        GUTACHTEN = "gutachten", _("Gutachten versandt")
        VISITED = "visited", _("Visitation durchgeführt")
        NOT_MET = "not_met", _("Auflagen nicht erfüllt, Überarbeitung")
        APPEAL = "appeal", _("Widerspruch eingelegt")
        RESUBMITTED = "resubmitted", _("überarbeiteter Selbstreport eingereicht")
        DECIDED = "decided", _("Testat empfohlen, Abschlussworkshop")
        WORKSHOP_HELD = "workshop_held", _("Abschlussworkshop durchgeführt")
        AGREEMENT_SENT = "agreement_sent", _("Zielvereinbarung zur Unterschrift versandt")
        CERTIFIED = "certified", _("Testat erteilt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    class Outcome(models.TextChoices):
        ALL_MET = "all_met", _("alle Anforderungen erfüllt")
        AUFLAGEN = "auflagen", _("Auflagen")

    class Decision(models.TextChoices):
        MET = "met", _("Testat empfohlen")
        NOT_MET = "not_met", _("Auflagen nicht erfüllt")

    class AppealDecision(models.TextChoices):
        UPHELD = "upheld", _("stattgegeben")
        REJECTED = "rejected", _("zurückgewiesen")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="testing_procedures",
        verbose_name=_("Organisation"),
    )
    testing_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="procedures_tested",
        limit_choices_to={"kind": Organisation.Kind.TESTING_BODY},
        verbose_name=_("Testierungsstelle"),
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("Qualitätszyklus")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vorherige Testierung"),
    )
    intended_date = models.DateField(_("angestrebter Termin der Retestierung"), null=True, blank=True)
    state = models.CharField(
        _("Bundesland"),
        max_length=2,
        choices=deadlines.STATES,
        blank=True,
        help_text=_("Für die Feiertage, auf die eine Frist fallen kann."),
    )
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuständige Sachbearbeitung"),
    )

    # registration and contract
    registered_at = models.DateTimeField(_("angemeldet am"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_on = models.DateField(_("bestätigt am"), null=True, blank=True)
    declined_on = models.DateField(_("abgelehnt am"), null=True, blank=True)
    decline_reason = models.TextField(_("Grund der Ablehnung"), blank=True, max_length=4000)
    withdrawn_on = models.DateField(_("zurückgezogen am"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("Grund des Rückzugs"), blank=True, max_length=4000)

    # Selbstreport and Gutachten
    submitted_on = models.DateField(_("Selbstreport eingegangen am"), null=True, blank=True)
    gutachten_sent_on = models.DateField(_("Gutachten versandt am"), null=True, blank=True)
    gutachten_received_on = models.DateField(_("Gutachten eingegangen am"), null=True, blank=True)
    outcome = models.CharField(
        _("Ergebnis des Gutachtens"), max_length=10, choices=Outcome.choices, blank=True
    )

    # visit and decision
    visit_on = models.DateField(_("Visitation am"), null=True, blank=True)
    decision = models.CharField(_("Entscheidung"), max_length=10, choices=Decision.choices, blank=True)
    decision_letter_on = models.DateField(_("Entscheidungsschreiben vom"), null=True, blank=True)
    resubmitted_on = models.DateField(_("überarbeiteter Selbstreport eingegangen am"), null=True, blank=True)

    # final workshop, agreement, Testat
    workshop_reported_on = models.DateField(
        _("Termin des Abschlussworkshops mitgeteilt am"), null=True, blank=True
    )
    workshop_on = models.DateField(_("Abschlussworkshop am"), null=True, blank=True)
    workshop_held_on = models.DateField(_("Abschlussworkshop durchgeführt am"), null=True, blank=True)
    agreement_sent_on = models.DateField(_("Zielvereinbarung versandt am"), null=True, blank=True)
    agreement_returned_on = models.DateField(
        _("unterschriebene Zielvereinbarung zurück am"), null=True, blank=True
    )
    testat_on = models.DateField(_("Datum des Testats"), null=True, blank=True)
    testat_issued_on = models.DateField(_("Testat ausgestellt am"), null=True, blank=True)
    valid_until = models.DateField(_("Testat gültig bis"), null=True, blank=True, db_index=True)

    # appeal (Widerspruch) against a decision
    appeal_on = models.DateField(_("Widerspruch eingelegt am"), null=True, blank=True)
    appeal_reasons = models.TextField(_("Begründung des Widerspruchs"), blank=True, max_length=8000)
    appeal_decided_on = models.DateField(_("über den Widerspruch entschieden am"), null=True, blank=True)
    appeal_decision = models.CharField(
        _("Entscheidung über den Widerspruch"), max_length=10, choices=AppealDecision.choices, blank=True
    )
    appeal_decision_reasons = models.TextField(
        _("Begründung der Entscheidung über den Widerspruch"), blank=True, max_length=8000
    )

    # the next deadline, kept by transitions.advance for the work list's "overdue first" ordering
    next_due = models.DateField(_("nächste Frist"), null=True, blank=True, db_index=True)
    next_step = models.CharField(max_length=40, blank=True)  # the timeline step of next_due

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Testierungsverfahren")
        verbose_name_plural = _("Testierungsverfahren")
        ordering = ["-registered_at", "-pk"]
        indexes = [
            models.Index(fields=["testing_body", "next_due"], name="procedure_body_due"),
            models.Index(fields=["organisation", "status"], name="procedure_org_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=~models.Q(status__in=["declined", "withdrawn"]),
                name="one_open_procedure_per_cycle",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organisation} ({self.testing_body})"

    def get_absolute_url(self) -> str:
        return reverse("testing:procedure", args=[self.organisation.slug, self.pk])

    def body_url(self) -> str:
        """The record page as the testing body opens it (below its own /o/<slug>/)."""
        return reverse("testing:procedure", args=[self.testing_body.slug, self.pk])

    @property
    def is_first(self) -> bool:
        return self.kind == self.Kind.FIRST

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    _rules: deadlines.Rules | None = None  # set by attach_rules for lists

    def rules(self) -> deadlines.Rules:
        cached = self._rules
        if cached is None:
            cached = self._rules = rules_for(self.testing_body_id)
        return cached

    def expires_on(self) -> date | None:
        return self.valid_until


CLOSED = {Procedure.Status.DECLINED, Procedure.Status.WITHDRAWN, Procedure.Status.CERTIFIED}


class Transition(models.Model):
    """One logged step of a procedure: who moved it from which status to which, when, and why."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="transitions")
    step = models.CharField(_("Schritt"), max_length=40, blank=True)  # transitions.STEPS key
    from_status = models.CharField(_("von"), max_length=20, choices=Procedure.Status.choices)
    to_status = models.CharField(_("nach"), max_length=20, choices=Procedure.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    at = models.DateTimeField(_("am"), db_index=True)
    on = models.DateField(_("Datum des Schritts"), null=True, blank=True)  # the date the step happened
    note = models.TextField(_("Notiz"), blank=True, max_length=8000)

    class Meta:
        verbose_name = _("Schritt im Testierungsverfahren")
        verbose_name_plural = _("Schritte im Testierungsverfahren")
        ordering = ["procedure", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.from_status} → {self.to_status}"


class Notification(models.Model):
    """An in-app note for one person: a step of a procedure that needs their action (also e-mailed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="notifications")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")  # whose page
    text = models.CharField(_("Mitteilung"), max_length=300)
    created_at = models.DateTimeField(_("am"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitteilung zur Testierung")
        verbose_name_plural = _("Mitteilungen zur Testierung")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="testing_notification_unread")]

    def __str__(self) -> str:
        return self.text

    def url(self) -> str:
        return reverse("testing:procedure", args=[self.organisation.slug, self.procedure_id])
