"""The forms of the progress report page and the message thread. The report form has one row of fields per
activity, indicator and budget line of the period (``activity-<id>-done``, ``indicator-<id>-actual``,
``spending-<id>-spent``, ...), so a service's problem keyed by such a name is shown beside its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import MONEY

from .enums import EvidenceKind
from .models.project import QUANTITY

TEXT = {"rows": 2}


class ReportEditForm(forms.Form):
    narrative = forms.CharField(label=_("Narrative"), required=False, max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 5}))
    public_summary = forms.CharField(label=_("Public summary"), required=False, max_length=4000,
                                     help_text=_("Shown on the public project page once the report is accepted."),
                                     widget=forms.Textarea(attrs=TEXT))
    beneficiaries_reached = forms.IntegerField(label=_("Beneficiaries reached"), min_value=0, required=False)

    def __init__(self, *args, report, activities, indicators, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.activities, self.indicators, self.lines = activities, indicators, lines
        done = {row["activity"]: row for row in report.activities_done}
        values = {v.indicator_id: v for v in report.indicator_values.all()}
        spent = {s.budget_line_id: s for s in report.spending.all()}
        self.initial.update(narrative=report.narrative, public_summary=report.public_summary,
                            beneficiaries_reached=report.beneficiaries_reached)
        for activity in activities:
            row = done.get(activity.pk, {})
            self.fields[f"activity-{activity.pk}-done"] = forms.BooleanField(
                label=_("Done"), required=False, initial=row.get("done", False))
            self.fields[f"activity-{activity.pk}-note"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, initial=row.get("note", ""))
        for indicator in indicators:
            value = values.get(indicator.pk)
            self.fields[f"indicator-{indicator.pk}-actual"] = forms.DecimalField(
                label=_("Actual"), required=False, min_value=0, **QUANTITY,
                initial=value.actual if value else None)
            self.fields[f"indicator-{indicator.pk}-comment"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000, initial=value.comment if value else "")
        for line in lines:
            row = spent.get(line.pk)
            self.fields[f"spending-{line.pk}-spent"] = forms.DecimalField(
                label=_("Spent, KZT"), required=False, min_value=0, **MONEY, initial=row.spent if row else None)
            self.fields[f"spending-{line.pk}-explanation"] = forms.CharField(
                label=_("Explanation of the variance"), required=False, max_length=4000,
                initial=row.explanation if row else "", widget=forms.Textarea(attrs=TEXT))

    def rows(self):
        """(object, [bound fields]) per activity, indicator and budget line, for the template."""
        def bound(prefix, obj, names):
            return [self[f"{prefix}-{obj.pk}-{name}"] for name in names]
        return {"activities": [(a, bound("activity", a, ("done", "note"))) for a in self.activities],
                "indicators": [(i, bound("indicator", i, ("actual", "comment"))) for i in self.indicators],
                "lines": [(line, bound("spending", line, ("spent", "explanation"))) for line in self.lines]}

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "narrative": data["narrative"], "public_summary": data["public_summary"],
            "beneficiaries_reached": data["beneficiaries_reached"],
            "activities_done": [{"activity": a.pk, "done": data[f"activity-{a.pk}-done"],
                                 "note": data[f"activity-{a.pk}-note"]} for a in self.activities],
            "indicator_values": [{"indicator": i.pk, "actual": data[f"indicator-{i.pk}-actual"],
                                  "comment": data[f"indicator-{i.pk}-comment"]} for i in self.indicators],
            "spending": [{"budget_line": line.pk, "spent": data[f"spending-{line.pk}-spent"],
                          "explanation": data[f"spending-{line.pk}-explanation"]} for line in self.lines],
        }

    def add_problems(self, problems):
        for key, message in problems.items():
            self.add_error(key if key in self.fields else None, message)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG."))
    is_public = forms.BooleanField(label=_("Show on the public project page"), required=False)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment"), required=False,
                                 help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG."))
