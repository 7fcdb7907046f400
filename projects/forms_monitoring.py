"""Forms of the monitoring visit and the results evaluation pages (the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ChecklistAnswer, VisitRating

TEXT = {"widget": forms.Textarea(attrs={"rows": 2}), "max_length": 4000}


class PlanVisitForm(forms.Form):
    planned_on = forms.DateField(label=_("Planned on"), widget=forms.DateInput(attrs={"type": "date"}))
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=None)

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors


class ChecklistForm(forms.Form):
    """One answer and comment per checklist item, the rating, the summary and the date of the visit."""

    rating = forms.ChoiceField(label=_("Rating"), choices=[("", "—"), *VisitRating.choices], required=False)
    summary = forms.CharField(label=_("Summary"), required=False, **TEXT)
    visited_on = forms.DateField(label=_("Visited on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for item, answer in rows:
            self.fields[f"answer_{item.pk}"] = forms.ChoiceField(
                label=item.label, choices=[("", "—"), *ChecklistAnswer.choices], required=False,
                initial=answer.answer if answer else "")
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000, initial=answer.comment if answer else "")
            self.rows.append((item, self[f"answer_{item.pk}"], self[f"comment_{item.pk}"]))

    def answers(self):
        data = self.cleaned_data
        return {item.pk: (data[f"answer_{item.pk}"], data[f"comment_{item.pk}"])
                for item, _a, _c in self.rows if data.get(f"answer_{item.pk}")}


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), **TEXT)
    photo = forms.FileField(label=_("Photo"), required=False)


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Corrective action"), **TEXT)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    finding = forms.ModelChoiceField(label=_("Finding"), queryset=None, required=False)

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer of the organisation"), **TEXT)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), **TEXT)


class EmptyForm(forms.Form):
    pass


class PanelForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(label=_("Evaluators"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = experts


class AddEvaluatorForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Evaluator"), queryset=None)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class PublishForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), required=False, **TEXT)


class DeclareForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("no", _("I have no conflict of interest with this organisation")),
                 ("yes", _("I have a conflict of interest"))])
    note = forms.CharField(label=_("Describe the conflict"), required=False, **TEXT)


class AssessmentForm(forms.Form):
    """Points and a verbal verdict per criterion of the assessment rubric."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for criterion in criteria:
            stored = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.CharField(
                label=_("Points"), required=False, max_length=20,
                initial="" if stored is None else stored.points.normalize())
            self.fields[f"verdict_{criterion.pk}"] = forms.CharField(
                label=_("Verbal verdict"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
                initial="" if stored is None else stored.verdict)
            self.rows.append((criterion, self[f"points_{criterion.pk}"], self[f"verdict_{criterion.pk}"]))

    def raw_scores(self):
        data = self.cleaned_data
        return {str(c.pk): {"points": data[f"points_{c.pk}"], "verdict": data[f"verdict_{c.pk}"]}
                for c, _p, _v in self.rows if data.get(f"points_{c.pk}") or data.get(f"verdict_{c.pk}")}
