"""The expert's scoring form: a score on the scale and a comment per criterion, an overall comment."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..rubrics.validators import scale_values, to_decimal

SELECT_LIMIT = 21  # scales with at most this many values are a select, longer ones a number input


class ScoringForm(forms.Form):
    """One score (select or number on the scale) and one comment per criterion, an overall comment."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            values = scale_values(criterion)
            if len(values) <= SELECT_LIMIT:
                field = forms.ChoiceField(choices=[("", "—")] + [(str(v), str(v)) for v in values], required=False)
            else:
                field = forms.CharField(required=False, widget=forms.NumberInput(attrs={
                    "min": criterion.min_score, "max": criterion.max_score, "step": criterion.step,
                    "inputmode": "decimal"}))
            field.label = _("Score")
            field.needed_to_submit = True  # a draft may leave it empty; submission may not
            self.fields[f"score_{criterion.pk}"] = field
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment (optional)") if not criterion.comment_required else _("Comment (required to submit)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}))

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        scores = {}
        for criterion in self.criteria:
            raw = data.get(f"score_{criterion.pk}")
            try:
                value = to_decimal(raw)
            except ValueError:
                self.add_error(f"score_{criterion.pk}", _("Enter a number."))
                continue
            scores[criterion.pk] = (value, (data.get(f"comment_{criterion.pk}") or "").strip())
        data["scores"] = scores
        return data

    def add_problems(self, problems):
        for key, message in problems:
            kind, _sep, pk = str(key).partition(":")
            field = {"criterion": f"score_{pk}", "comment": f"comment_{pk}"}.get(kind)
            self.add_error(field if field in self.fields else None, message)

    @staticmethod
    def initial_for(evaluation):
        initial = {"version": evaluation.version, "comment": evaluation.comment}
        for score in evaluation.scores.all() if evaluation.pk else ():
            value = score.value
            if value is not None:
                value = value.normalize() if value != value.to_integral() else value.quantize(Decimal("1"))
            initial[f"score_{score.criterion_id}"] = "" if value is None else str(value)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial
