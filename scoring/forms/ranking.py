"""Forms of the ranking pages: freezing, reopening, asking for a report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import ReportFormat


class FreezeForm(forms.Form):
    divergence_note = forms.CharField(label=_("How the divergence cases were resolved"), required=False,
                                      max_length=4000)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=4000,
                             error_messages={"required": _("Give the reason for reopening the ranking.")})


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices,
                               error_messages={"required": _("Unknown report format."),
                                               "invalid_choice": _("Unknown report format.")})
