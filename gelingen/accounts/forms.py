from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.core.forms import DateInput
from gelingen.core.versioning import VersionedFormMixin

from .models import Invitation, Membership, Organisation, User
from .usernames import normalise_email


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie Ihre Eingabe."),
        "inactive": _("Dieses Konto ist deaktiviert."),
    }

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data["username"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "street", "postcode", "city", "phone", "email", "website", "contact_person"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"))

    def __init__(self, *args, organisation: Organisation, roles: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        cast(forms.ChoiceField, self.fields["role"]).choices = _choices(organisation, roles)

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if Membership.objects.filter(organisation=self.organisation, user__email__iexact=email).exists():
            raise forms.ValidationError(_("Diese Person ist bereits Mitglied der Organisation."))
        if Invitation.objects.open().filter(organisation=self.organisation, email__iexact=email).exists():
            raise forms.ValidationError(_("An diese Adresse ist bereits eine offene Einladung unterwegs."))
        return email


class MembershipForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]

    def __init__(self, *args, roles: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = _choices(self.instance.organisation, roles)


def _choices(organisation: Organisation, roles: list[str] | None) -> list:
    """The organisation's roles, narrowed to those the person at the keyboard may hand out."""
    return [(value, label) for value, label in organisation.role_choices if roles is None or value in roles]


class AcceptInvitationForm(forms.Form):
    """Creates the account for an invited person who has none yet."""

    name = forms.CharField(label=_("Ihr Name"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, name=cleaned.get("name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ShareForm(forms.Form):
    """Share one object with another organisation (the caller picks which organisations may receive it)."""

    grantee_organisation = forms.ModelChoiceField(
        label=_("Freigeben für"),
        queryset=Organisation.objects.none(),
        empty_label=_("– bitte wählen –"),
        error_messages={
            "required": _("Bitte wählen Sie, mit wem Sie teilen."),
            "invalid_choice": _("Mit dieser Organisation kann hier nicht geteilt werden."),
        },
    )
    valid_until = forms.DateField(
        label=_("gültig bis (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leer lassen, wenn die Freigabe gelten soll, bis Sie sie zurücknehmen."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantee_organisation"].queryset = organisations

    def clean_valid_until(self):
        value = self.cleaned_data.get("valid_until")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Das Ende der Freigabe darf nicht in der Vergangenheit liegen."))
        return value
