"""Forms of the rubric builder and of a competition's rubric choice."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.models import GovernmentBody

from ..rubrics.validators import criterion_problems
from .common import decimal_field

BANDS = 5


class RubricForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    suggested_pass_threshold = decimal_field(_("Suggested pass threshold (rubric units)"), required=False)
    body = forms.ModelChoiceField(label=_("Government body"), queryset=GovernmentBody.objects.none(), required=False)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies
            self.fields["body"].required = True
            self.fields["body"].empty_label = None


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    min_score = decimal_field(_("Scale minimum"), initial=Decimal("0"))
    max_score = decimal_field(_("Scale maximum"), initial=Decimal("10"))
    step = decimal_field(_("Step"), initial=Decimal("1"))
    weight = decimal_field(_("Weight (coefficient)"), initial=Decimal("1"))
    min_required = decimal_field(_("Minimum score required"), required=False,
                                  help_text=_("Leave empty when there is no threshold on this criterion."))
    comment_required = forms.BooleanField(label=_("A comment is required"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(BANDS):
            self.fields[f"band_from_{n}"] = decimal_field(_("From"), required=False)
            self.fields[f"band_to_{n}"] = decimal_field(_("To"), required=False)
            self.fields[f"band_text_{n}"] = forms.CharField(label=_("Guidance"), required=False, max_length=1000)

    def band_rows(self):
        return [(self[f"band_from_{n}"], self[f"band_to_{n}"], self[f"band_text_{n}"]) for n in range(BANDS)]

    def clean(self):
        data = super().clean()
        bands = []
        for n in range(BANDS):
            low, high, text = data.get(f"band_from_{n}"), data.get(f"band_to_{n}"), data.get(f"band_text_{n}") or ""
            if low is None and high is None and not text.strip():
                continue
            bands.append({"from": low, "to": high, "text": text.strip()})
        data["guidance"] = bands
        if self.errors or data.get("DELETE"):
            return data
        for problem in criterion_problems(min_score=data.get("min_score"), max_score=data.get("max_score"),
                                          step=data.get("step"), weight=data.get("weight"),
                                          min_required=data.get("min_required"), guidance=bands):
            target = problem.field if problem.field in self.fields else None
            if problem.field == "guidance":
                target = "band_text_0"
            self.add_error(target, problem.message)
        return data

    @staticmethod
    def initial_for(criterion):
        initial = {"id": criterion.pk, "title": criterion.title, "description": criterion.description,
                   "min_score": criterion.min_score, "max_score": criterion.max_score, "step": criterion.step,
                   "weight": criterion.weight, "min_required": criterion.min_required,
                   "comment_required": criterion.comment_required}
        for n, band in enumerate((criterion.guidance or [])[:BANDS]):
            initial.update({f"band_from_{n}": band.get("from"), f"band_to_{n}": band.get("to"),
                            f"band_text_{n}": band.get("text", "")})
        return initial


class BaseCriterionFormSet(forms.BaseFormSet):
    def ordered_rows(self):
        """Criterion dicts in the chosen order, deleted ones left out."""
        rows = []
        for position, form in enumerate(self.forms):
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            order = data.get("ORDER")
            rows.append((order if order is not None else 10_000 + position, position, {
                "id": data.get("id"), "title": data["title"], "description": data.get("description") or "",
                "guidance": data.get("guidance") or [], "min_score": data["min_score"], "max_score": data["max_score"],
                "step": data["step"], "weight": data["weight"], "min_required": data.get("min_required"),
                "comment_required": data.get("comment_required", False)}))
        return [row for _order, _position, row in sorted(rows, key=lambda r: (r[0], r[1]))]

    def clean(self):
        if any(self.errors):
            return
        if not self.ordered_rows():
            raise forms.ValidationError(_("Add at least one criterion."))


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True,
                                         can_order=True, max_num=40)


class CompetitionRubricForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Rubric"), queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = choices
        self.fields["source"].label_from_instance = lambda r: (
            f"{r.name} (v{r.version}, "
            + ngettext("%(counter)s criterion", "%(counter)s criteria", r.criteria_count)
            % {"counter": r.criteria_count}
            + ")"
            + (" · " + str(_("template")) if r.is_template else ""))
