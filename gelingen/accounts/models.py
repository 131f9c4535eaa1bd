"""Users, organisations (tenants), memberships with roles, and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .roles import ROLE_CHOICES, ROLES_BY_KIND, Level, level_of


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; logs in with the e-mail address."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    name = models.CharField(_("Name"), max_length=150)
    language = models.CharField(
        _("Sprache"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("Zugang zur Administration"), default=False)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class Organisation(models.Model):
    """A tenant: everything an organisation works on belongs to exactly one of these."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Soziale Dienstleistungsorganisation")
        TESTING_BODY = "testing_body", _("Testierungsstelle")
        MUNICIPALITY = "municipality", _("Kommune / Netzwerkkoordination")
        PROVIDER = "provider", _("Anbieter")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=60, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    contact_person = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("dashboard", args=[self.slug])

    def members(self):
        """The people of this organisation, by name (for "responsible person" choices)."""
        return User.objects.filter(memberships__organisation=self).order_by("name")

    @property
    def address_lines(self) -> list[str]:
        return [line for line in (self.street, f"{self.postcode} {self.city}".strip()) if line]

    @property
    def role_choices(self) -> list[tuple[str, str]]:
        allowed = ROLES_BY_KIND[self.kind]
        return [(value, label) for value, label in ROLE_CHOICES if value in allowed]


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=ROLE_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"

    @property
    def level(self) -> Level:
        return level_of(self.role)

    @property
    def can_write(self) -> bool:
        return self.level >= Level.WRITE

    @property
    def can_manage(self) -> bool:
        return self.level >= Level.MANAGE


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked=False, expires_at__gt=timezone.now())

    def by_token(self, token: str):
        return self.filter(token_hash=_hash_token(token))


class Invitation(models.Model):
    """An e-mailed, single-use, expiring invitation to join an organisation in a role.

    Only a hash of the token is stored, so a database leak does not hand out memberships.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=20, choices=ROLE_CHOICES)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked = models.BooleanField(default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} -> {self.organisation}"

    @classmethod
    def issue(
        cls, organisation: Organisation, email: str, role: str, invited_by: User
    ) -> tuple[Invitation, str]:
        """Create an invitation and return it with the clear-text token (shown once, in the e-mail)."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            organisation=organisation,
            email=email.lower(),
            role=role,
            token_hash=_hash_token(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, token

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.revoked and self.expires_at > timezone.now()

    def accept(self, user: User) -> Membership:
        """Link the user to the organisation; an existing membership keeps the higher role."""
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=self.organisation, defaults={"role": self.role}
        )
        if not created and level_of(self.role) > membership.level:
            membership.role = self.role
            membership.save(update_fields=["role"])
        self.accepted_at = timezone.now()
        self.accepted_by = user
        self.save(update_fields=["accepted_at", "accepted_by"])
        return membership
