"""The forms of the project page's actions (one small form per action; the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import MONEY
from portal.widgets import DateInput

from .enums import AmendmentKind, TrancheSchedule, YearDecisionKind


def _money(label, required=True):
    return forms.DecimalField(label=label, min_value=0, required=required, **MONEY)


class EmptyForm(forms.Form):
    pass


class ScheduleForm(forms.Form):
    schedule = forms.ChoiceField(label=_("Tranche schedule"), choices=TrancheSchedule.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class FundLowerForm(forms.Form):
    amount = _money(_("Funded amount, KZT"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    recover_amount = _money(_("Amount to recover, KZT"))


class UnspentForm(forms.Form):
    amount = _money(_("Unspent money, KZT"))


class ReturnForm(forms.Form):
    amount = _money(_("Returned, KZT"))
    returned_on = forms.DateField(label=_("Returned on"), widget=DateInput())
    document = forms.CharField(label=_("Payment document"), max_length=100)


class YearDecisionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    decision = forms.ChoiceField(label=_("Decision"), choices=YearDecisionKind.choices)
    amount = _money(_("Reduced amount of the year, KZT"), required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class PaymentForm(forms.Form):
    payment_order_number = forms.CharField(label=_("Payment order number"), max_length=60)
    payment_order_date = forms.DateField(label=_("Payment order date"),
                                         widget=DateInput())


class AmendmentDecisionForm(forms.Form):
    amendment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)


class AmendmentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AmendmentKind.choices)
    changes = forms.JSONField(label=_("Changes"), help_text=_(
        'Budget moves: {"moves": {"<line id>": "-50000", "<line id>": "50000"}}; dates: {"ends_on": "2026-12-20"}.'))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean_changes(self):
        changes = self.cleaned_data["changes"]
        if not isinstance(changes, dict):
            raise forms.ValidationError(_("Enter the changes as an object."))
        return changes


class ReportForm(forms.Form):
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    public_summary = forms.CharField(label=_("Public summary"), required=False, max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    beneficiaries_reached = forms.IntegerField(label=_("Beneficiaries reached"), min_value=0, required=False)
    spent_total = _money(_("Spent, KZT"))


class ReportReturnForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons, one per line"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=4000)

    def clean_reasons(self):
        return [line.strip() for line in self.cleaned_data["reasons"].splitlines() if line.strip()]


class RevisedBudgetForm(forms.Form):
    lines = forms.JSONField(label=_("Budget lines"), help_text=_(
        'A list of lines: [{"category": "services", "description": "Trainers", "year": 2026, "amount": "500000"}].'))

    def clean_lines(self):
        lines = self.cleaned_data["lines"]
        if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
            raise forms.ValidationError(_("Enter the lines as a list of objects."))
        return lines
