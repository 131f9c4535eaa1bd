"""Users, organisations (tenants), memberships with roles, invitations, and grants to other organisations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gelingen.core.versioning import version_field

from .roles import ROLE_CHOICES, ROLES_BY_KIND, Level, level_of, roles_at_least
from .usernames import normalise_email

if TYPE_CHECKING:  # the stubs' manager is generic, Django's is not
    _UserManagerBase = BaseUserManager["User"]
else:
    _UserManagerBase = BaseUserManager


class UserManager(_UserManagerBase):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra)
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
        return self.get(email__iexact=normalise_email(username))


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

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)  # forms (admin too) store the one spelling

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
    lock_version = version_field()  # optimistic locking of the settings form (gelingen.core.versioning)

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
    def role_choices(self) -> list[tuple[str, str | Promise]]:
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
    # When the person last opened the organisation (at most every USE_RECORDED_EVERY): the header's
    # recent organisations.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    lock_version = version_field()  # optimistic locking of the role form (gelingen.core.versioning)

    USE_RECORDED_EVERY = timedelta(minutes=10)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        indexes = [models.Index(fields=["user", "-last_used_at"], name="membership_recent")]
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

    def record_use(self, now: datetime | None = None) -> bool:
        """Note that the person opened the organisation; writes only when the last note is older than
        USE_RECORDED_EVERY, so browsing does not write on every request. True when it wrote."""
        now = now or timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < self.USE_RECORDED_EVERY:
            return False
        Membership.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
        from .recent import forget  # the header's cached recent list changes order

        forget([self.user_id])
        return True


def recent_memberships(user: User, exclude: Membership | None = None, limit: int = 5) -> list[Membership]:
    """The person's organisations opened most recently (never opened ones last, by name); one query."""
    rows = user.memberships.select_related("organisation").order_by(
        models.F("last_used_at").desc(nulls_last=True), "organisation__name"
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return list(rows[:limit])


class RoleChange(models.Model):
    """Audit log of role changes: whose membership, old and new role ("" = joined / removed), who, when."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_changes")
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="role_changes"
    )
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("Person")
    )
    old_role = models.CharField(_("bisherige Rolle"), max_length=20, choices=ROLE_CHOICES, blank=True)
    new_role = models.CharField(_("neue Rolle"), max_length=20, choices=ROLE_CHOICES, blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("geändert von")
    )
    changed_at = models.DateTimeField(_("geändert am"), default=timezone.now)

    class Meta:
        verbose_name = _("Rollenänderung")
        verbose_name_plural = _("Rollenänderungen")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-changed_at"], name="role_change_by_org")]

    def __str__(self) -> str:
        return f"{self.user}: {self.old_role or '-'} -> {self.new_role or '-'}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked=False, expires_at__gt=timezone.now())

    def by_token(self, token: str):
        return self.filter(token_hash=_hash_token(token))


class InvitationClosed(Exception):
    """The invitation was accepted, revoked or expired in the meantime."""


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
            email=normalise_email(email),
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
        """Link the user to the organisation; an existing membership keeps the higher role.

        The invitation row is locked and checked again, so of two simultaneous acceptances only the
        first one counts; the other raises InvitationClosed."""
        with transaction.atomic():
            if not Invitation.objects.select_for_update().open().filter(pk=self.pk).exists():
                raise InvitationClosed
            return self._accept(user)

    def _accept(self, user: User) -> Membership:
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=self.organisation, defaults={"role": self.role}
        )
        old_role = "" if created else membership.role
        if not created and level_of(self.role) > membership.level:
            membership.role = self.role
            membership.save(update_fields=["role"])
        if membership.role != old_role:  # the audit log has who invited into which role
            RoleChange.objects.create(
                organisation=self.organisation,
                membership=membership,
                user=user,
                old_role=old_role,
                new_role=membership.role,
                changed_by=self.invited_by,
            )
        self.accepted_at = timezone.now()
        self.accepted_by = user
        self.save(update_fields=["accepted_at", "accepted_by"])
        return membership


class GrantQuerySet(models.QuerySet):
    def active(self, today=None):
        """Not revoked and not expired (valid_until is the last day, in Europe/Berlin)."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )

    def reaching(self, user: User, permission: str = "view"):
        """Grants that give `user` this permission: made out to the person, to an organisation the person
        belongs to, or to the person as a member of that organisation. Any grant allows viewing; other
        permissions need that exact grant and, through an organisation, a member who may write there."""
        memberships = Membership.objects.filter(user=user)
        if permission != Grant.Permission.VIEW:
            memberships = memberships.filter(role__in=roles_at_least(Level.WRITE))
        orgs = memberships.values("organisation_id")
        to_person = models.Q(grantee_user=user, grantee_organisation__isnull=True)
        to_org = models.Q(grantee_organisation__in=orgs) & (
            models.Q(grantee_user__isnull=True) | models.Q(grantee_user=user)
        )
        return self.filter(to_person | to_org, permission__in=Grant.allowing(permission))

    def on(self, obj: models.Model):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def active_for(self, user: User, obj: models.Model, permission: str = "view"):
        """The active grant that lets `user` do `permission` on `obj`, or None."""
        if not user.is_authenticated:
            return None
        return self.active().reaching(user, permission).on(obj).filter(owner_id=_owner_id(obj)).first()

    def update(self, **kwargs):
        if set(kwargs) - {"revoked_at", "revoked_by", "revoked_by_id"}:
            raise TypeError("Grants are not changed; revoke and share again")
        return super().update(**kwargs)


def _owner_id(obj: models.Model) -> int | None:
    """The organisation an object belongs to: `organisation_id`, as shared objects provide it."""
    return getattr(obj, "organisation_id", None)


class Grant(models.Model):
    """A narrow access to one object of an organisation for people outside it, never a membership.

    The grantee is an organisation (all its members), a person, or a person as member of an
    organisation. A grant is not edited: it is made and may be revoked once, so the rows are the audit
    trail of who shared what with whom and when; to extend a grant, share again.
    """

    class Permission(models.TextChoices):
        VIEW = "view", _("ansehen")
        COMMENT = "comment", _("kommentieren")
        REVIEW = "review", _("begutachten")
        SIGN = "sign", _("unterzeichnen")

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="grants_given",
        verbose_name=pgettext_lazy("grant", "freigegeben von"),
    )
    grantee_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants_received",
        verbose_name=_("freigegeben für (Organisation)"),
    )
    grantee_user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants_received",
        verbose_name=_("freigegeben für (Person)"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("Freigegeben"), max_length=300)  # the object's name when it was shared
    permission = models.CharField(_("Recht"), max_length=10, choices=Permission.choices, default="view")
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("freigegeben durch")
    )
    created_at = models.DateTimeField(pgettext_lazy("grant", "freigegeben am"), default=timezone.now)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("zurückgenommen am"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zurückgenommen durch"),
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("Freigabe")
        verbose_name_plural = _("Freigaben")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grantee_organisation__isnull=False) | models.Q(grantee_user__isnull=False),
                name="grant_has_a_grantee",
            ),
            models.CheckConstraint(
                condition=~models.Q(grantee_organisation=models.F("owner")), name="grant_leaves_the_owner"
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="grant_target"),
            models.Index(fields=["grantee_organisation", "revoked_at"], name="grant_to_organisation"),
            models.Index(fields=["grantee_user", "revoked_at"], name="grant_to_person"),
            models.Index(fields=["owner", "-created_at"], name="grant_by_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.title} -> {self.grantee_organisation or self.grantee_user}"

    def save(self, *args, **kwargs):
        if self.pk is not None and set(kwargs.get("update_fields") or ()) != {"revoked_at", "revoked_by"}:
            raise TypeError("Grants are not changed; revoke and share again")
        super().save(*args, **kwargs)

    @staticmethod
    def allowing(permission: str) -> list[str]:
        """The grant permissions that allow `permission`: every grant allows viewing."""
        return list(Grant.Permission.values) if permission == Grant.Permission.VIEW else [permission]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.valid_until is None or self.valid_until >= timezone.localdate()
        )

    @property
    def grantee(self) -> str:
        if self.grantee_user_id and self.grantee_organisation_id:
            return f"{self.grantee_user} ({self.grantee_organisation})"
        return str(self.grantee_organisation or self.grantee_user)

    @property
    def target_url(self) -> str:
        """The granted page of the object: its model names the URL (GRANTED_URL, taking the object's pk)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        name = getattr(model, "GRANTED_URL", "")
        return reverse(name, args=[self.object_id]) if name else ""
