"""Forms of appeals: the applicant files one, the official decides it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import AppealStatus


class AppealFileForm(forms.Form):
    reason = forms.CharField(label=_("Why do you appeal?"), max_length=20000,
                             error_messages={"required": _("Explain why you appeal.")})


class AppealDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (AppealStatus.UPHELD, AppealStatus.UPHELD.label), (AppealStatus.DISMISSED, AppealStatus.DISMISSED.label)],
        error_messages={"required": _("Choose: upheld or dismissed."),
                        "invalid_choice": _("Choose: upheld or dismissed.")})
    reasoning = forms.CharField(label=_("Reasoning"), max_length=20000,
                                error_messages={"required": _("Give the reasoning for the decision.")})
    reopen = forms.TypedMultipleChoiceField(label=_("Evaluations to reopen"), coerce=int, required=False,
                                            error_messages={"invalid_choice": _(
                                                "Only submitted evaluations of this application can be "
                                                "reopened.")})

    def __init__(self, *args, assignments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reopen"].choices = [(a.pk, str(a.pk)) for a in assignments]

    def first_error(self):
        """(field, message) of the first problem, for the page's error summary."""
        for name in ("decision", "reasoning", "reopen"):
            if name in self.errors:
                return name, self.errors[name][0]
        return "", ""
