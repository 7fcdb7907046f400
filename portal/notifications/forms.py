from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS

CHANNEL_LABELS = {"sms": _("SMS"), "telegram": _("Telegram")}


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number for SMS"), max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                            help_text=_("We send a code to this number; SMS start once you type it back."))


class PhoneCodeForm(forms.Form):
    code = forms.CharField(label=_("Code from the SMS"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class PreferencesForm(forms.Form):
    """One checkbox per (channel, kind): ``<channel>:<kind>``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for channel in CHANNEL_LABELS:
            for kind, label in KINDS.items():
                self.fields[f"{channel}:{kind}"] = forms.BooleanField(required=False, label=label)

    def rows(self, chosen):
        """[(kind label, [(bound field, channel label, checked)])] for the table."""
        return [(label, [(self[f"{channel}:{kind}"], channel_label, (channel, kind) in chosen)
                         for channel, channel_label in CHANNEL_LABELS.items()])
                for kind, label in KINDS.items()]

    def choices(self):
        return [tuple(name.split(":", 1)) for name, value in self.cleaned_data.items() if value]
