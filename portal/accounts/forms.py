import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .backends import unconfirmed_with_password
from .models import LegalForm, MembershipRole, Organization, User
from .validators import validate_bin


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                               "autofocus": True}))
    error_messages = {
        **AuthenticationForm.error_messages,
        "email_not_confirmed": _("Your e-mail address is not confirmed yet. We sent you a new confirmation link: "
                                 "open it to finish creating your account."),
    }

    unconfirmed_user = None

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                self._explain_unconfirmed()
            raise

    def _explain_unconfirmed(self):
        """The right password for an account whose address was never confirmed: say so (only to someone who
        knows the password, and never while sign-in is locked), so the view can send a new link."""
        user = unconfirmed_with_password(self.request, self.cleaned_data.get("username"),
                                         self.cleaned_data.get("password"))
        if user is not None:
            self.unconfirmed_user = user
            raise forms.ValidationError(self.error_messages["email_not_confirmed"], code="email_not_confirmed")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, strip=True,
                           help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                                         "spellcheck": "false", "autocapitalize": "off"}))


class NewDeviceCodeForm(CodeForm):
    code = forms.RegexField(label=_("Code from the app"), regex=r"^\s*\d{6}\s*$", max_length=20,
                            help_text=_("The 6 digits the app shows after you add the portal."),
                            error_messages={"invalid": _("Enter the 6 digits the app shows.")},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label=_("Password"), strip=False,
                               help_text=_("The password you chose when you created the account."),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "autofocus": True}))


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("E-mail"), help_text=_("We will send a confirmation link to this address."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    password1 = forms.CharField(label=_("Password"), strip=False,
                                help_text=_("At least 8 characters; not only digits; not a common password."),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_email(self):
        # An address that already has an account is not refused here: the answer must not tell who is registered
        # (services.user_signup mails the owner instead).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(_("The two passwords differ."), code="mismatch"))
        elif password1:
            probe = User(email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or "")
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)

    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language", "iin"]
        labels = {"full_name": _("Full name"), "phone": _("Phone"), "iin": _("IIN")}
        help_texts = {"iin": _("12 digits. The EDS certificate you sign with must carry it; your first valid "
                               "signature fills it in and fixes it.")}
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"}),
                   "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                   "iin": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.iin_verified_at is not None:
            self.fields["iin"].disabled = True
            self.fields["iin"].help_text = _("Proven by your EDS signature; it cannot be changed.")


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class BinField(forms.CharField):
    """Accepts a BIN typed with spaces or dashes ("1234 5678 9012") and keeps only the digits."""

    def to_python(self, value):
        value = super().to_python(value)
        return re.sub(r"[\s\-]", "", value)


class BinLookupForm(forms.Form):
    """The BIN to look up in the state register before the registration form is filled in."""

    bin = BinField(label=_("BIN"), max_length=20, validators=[validate_bin])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OrganizationForm(forms.ModelForm):
    bin = BinField(label=_("BIN"), help_text=_("12 digits, from the state registration certificate."),
                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                   error_messages={"unique": _("An organisation with this BIN is already registered on the portal. "
                                               "Ask its owner to invite you as a member instead.")})
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=[("", "—")] + list(LegalForm.choices))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             help_text=_("For example https://example.kz"))

    class Meta:
        model = Organization
        fields = ["name", "bin", "legal_form", "region", "address", "registered_on", "in_ngo_database",
                  "ngo_database_registered_on", "contact_email", "contact_phone", "website"]
        labels = {
            "name": _("Name of the organisation"),
            "region": _("Region"),
            "address": _("Legal address"),
            "registered_on": _("State registration date"),
            "in_ngo_database": _("The organisation is entered in the NGO database"),
            "ngo_database_registered_on": _("Date entered in the NGO database"),
            "contact_email": _("Contact e-mail"),
            "contact_phone": _("Contact phone"),
            "website": _("Website"),
        }
        help_texts = {
            "name": _("As written in the registration certificate."),
            "ngo_database_registered_on": _("Required when the box above is ticked."),
            "website": _("For example https://example.kz"),
        }
        widgets = {
            "registered_on": DateInput(),
            "ngo_database_registered_on": DateInput(),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    REGISTER_SOURCED = ("registered_on", "in_ngo_database", "ngo_database_registered_on")

    def __init__(self, *args, register=None, **kwargs):
        """``register``: the state register's record for the BIN (portal.registers), when it answered."""
        super().__init__(*args, **kwargs)
        self.register = register
        if self.instance.pk:
            self.fields["bin"].disabled = True
            self.fields["bin"].help_text = _("The BIN cannot be changed. Write to the administrator if it is wrong.")
        self.fields["region"].empty_label = "—"
        found = register is not None and register.found
        if found and not self.instance.pk:
            self.initial.update({"registered_on": register.registered_on, "in_ngo_database": register.in_ngo_database,
                                 "ngo_database_registered_on": register.ngo_database_registered_on})
            self.initial.setdefault("name", register.name_ru or register.name_kk)
            self.initial.setdefault("address", register.address)
        if found or self.instance.verified_at is not None:
            for name in self.REGISTER_SOURCED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("From the state register; it cannot be changed here.")


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"),
                             help_text=_("They will be able to write and submit applications (editor)."),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
