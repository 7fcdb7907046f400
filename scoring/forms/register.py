"""Forms of the open expert register: the application, vetting, renewal, calibration and fees."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import ExpertProfile
from portal.multilingual import localized, localized_value
from portal.reference.models import PriorityArea, Region
from portal.widgets import DateInput

from ..enums import NominationSource
from .common import decimal_field


class ExpertApplyForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    cv = forms.FileField(label=_("CV"), help_text=_("PDF, DOCX or ODT, at most 10 MB."))
    qualifications = forms.CharField(label=_("Qualifications and experience"), widget=forms.Textarea(attrs={"rows": 5}))
    priority_areas = forms.ModelMultipleChoiceField(label=_("Priority areas"), queryset=PriorityArea.objects.filter(
        is_active=True), widget=forms.CheckboxSelectMultiple)
    regions = forms.ModelMultipleChoiceField(label=_("Regions where you work"), queryset=Region.objects.all(),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Working languages"), choices=ExpertProfile.LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple)
    nomination_source = forms.ChoiceField(label=_("Nominated by"), choices=NominationSource.choices,
                                          initial=NominationSource.SELF, widget=forms.RadioSelect)
    nominating_bin = forms.CharField(label=_("BIN of the nominating NGO"), max_length=12, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    accept_code = forms.BooleanField(label=_("I accept the code of conduct and the conflict-of-interest rules"),
                                     required=False)


class VetForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (required when declining)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    valid_until = forms.DateField(label=_("Included until"), required=False,
                                  widget=DateInput())


class RenewForm(forms.Form):
    valid_until = forms.DateField(label=_("Included until"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class CalibrationForm(forms.Form):
    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.order}"] = decimal_field(
                f"{criterion.order}. {criterion.title} ({criterion.min_score}–{criterion.max_score})", required=False)
        self.criteria = list(criteria)

    def scores(self):
        return {str(c.order): self.cleaned_data.get(f"c{c.order}") for c in self.criteria}


class FeeForm(forms.Form):
    amount_per_evaluation = forms.DecimalField(label=_("Fee per evaluation, KZT"), min_value=0, max_digits=14,
                                               decimal_places=2)


class CourseQuizForm(forms.Form):
    """One radio group per quiz question of the methodology course (options in the reader's language)."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=f"{question.order}. {localized(question, 'text')}", widget=forms.RadioSelect, required=False,
                choices=[(str(i), localized_value(option)) for i, option in enumerate(question.options)])

    def answers(self):
        return {str(q.pk): self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
