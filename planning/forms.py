"""Browser forms of planning. The services check every rule again; forms only parse and show messages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import GovernmentBody
from portal.reference.models import PriorityArea, Region

from .enums import AnswerOutcome, CommentStatus, EvidenceKind, ProposalStatus
from .models import Plan, PlanItem
from .services.items import ITEM_FIELDS
from .validators import TEXT_MAX_LENGTH, item_problems


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["year", "title_kk", "title_ru", "title_en", "description"]
        widgets = {"description": _textarea()}
        help_texts = {"title_ru": _("Leave empty for “Plan of topics for <year>”.")}

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            bodies = list(bodies)
            self.fields["body"] = forms.ModelChoiceField(
                label=_("Government body"), queryset=GovernmentBody.objects.filter(pk__in=[b.pk for b in bodies]),
                initial=bodies[0].pk if len(bodies) == 1 else None,
                widget=forms.HiddenInput if len(bodies) == 1 else forms.Select)
        else:
            del self.fields["year"]


class ItemForm(forms.ModelForm):
    priority_area = forms.ModelChoiceField(label=_("Priority area"),
                                           queryset=PriorityArea.objects.filter(is_active=True))
    regions = forms.ModelMultipleChoiceField(label=_("Regions"), queryset=Region.objects.all(),
                                             widget=forms.CheckboxSelectMultiple)
    term_years = forms.TypedChoiceField(label=_("Term, years"), coerce=int, choices=[(1, "1"), (2, "2"), (3, "3")],
                                        help_text=_("Multi-year projects get a budget per year."))
    reason = forms.CharField(label=_("Reason for the change"), required=False, widget=_textarea(3), max_length=2000,
                             help_text=_("The plan is approved: the change makes a new version, published with "
                                         "this reason."))

    class Meta:
        model = PlanItem
        fields = [*ITEM_FIELDS, "regions"]
        widgets = {"target_group": _textarea(3), "expected_results": _textarea(4), "indicators": _textarea(3),
                   "legal_act_date": DateInput()}

    def __init__(self, *args, approved=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("topic_kk", "topic_ru", "topic_en"):
            self.fields[name].required = False
        if approved:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        for field, message in item_problems(data, data.get("regions") or []):
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in ITEM_FIELDS if name in self.cleaned_data}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300,
                            help_text=_("E.g. “Youth unemployment by district, statistics office, 2025”."))
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    upload = forms.FileField(label=_("File"), required=False, help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG."))
    note = forms.CharField(label=_("Note"), required=False, widget=_textarea(2), max_length=2000)

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("upload") and "url" not in self.errors:
            self.add_error("url", _("Give a link or upload a file."))
        return data


class OpenProposalsForm(forms.Form):
    proposals_until = forms.DateField(label=_("Proposals accepted until (inclusive)"), widget=DateInput())


class StartDiscussionForm(forms.Form):
    discussion_ends_on = forms.DateField(label=_("Comments accepted until (inclusive)"), widget=DateInput())


class ApproveForm(forms.Form):
    decision = forms.CharField(label=_("Approving decision"), max_length=1000, widget=_textarea(2),
                               help_text=_("The act that approves the plan, e.g. “Order No. 45 of 12.12.2026”."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=_textarea(3))


class ProposalForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, required=False,
                                          empty_label=_("myself, as a citizen"))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    priority_area = forms.ModelChoiceField(label=_("Priority area"),
                                           queryset=PriorityArea.objects.filter(is_active=True))
    justification = forms.CharField(label=_("The need and what shows it"), max_length=TEXT_MAX_LENGTH,
                                    widget=_textarea(6),
                                    help_text=_("Who needs this and why now: figures, sources, earlier projects."))
    target_group = forms.CharField(label=_("Target group"), required=False, max_length=TEXT_MAX_LENGTH,
                                   widget=_textarea(2))
    regions = forms.ModelMultipleChoiceField(label=_("Regions"), queryset=Region.objects.all(), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    suggested_amount = forms.DecimalField(label=_("Suggested amount, KZT"), required=False, max_digits=16,
                                          decimal_places=2, min_value=Decimal("0.01"))
    evidence_title = forms.CharField(label=_("Evidence: title"), required=False, max_length=300)
    evidence_url = forms.URLField(label=_("Evidence: link"), required=False, max_length=500, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Evidence: file"), required=False,
                                    help_text=_("Statistics or a study: PDF, DOCX, XLSX, ODT, JPEG or PNG."))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        if (data.get("evidence_url") or data.get("evidence_file")) and not data.get("evidence_title"):
            self.add_error("evidence_title", _("Give the evidence a title."))
        return data

    def evidence(self):
        data = self.cleaned_data
        if not (data.get("evidence_url") or data.get("evidence_file")):
            return []
        kind = EvidenceKind.STATISTICS if data.get("evidence_file") else EvidenceKind.LINK
        return [{"kind": kind, "title": data["evidence_title"], "url": data.get("evidence_url") or "",
                 "upload": data.get("evidence_file")}]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (ProposalStatus.ACCEPTED, _("Accept: add as a new plan item")),
        (ProposalStatus.MERGED, _("Merge into an existing plan item")),
        (ProposalStatus.DECLINED, _("Decline")),
    ])
    item = forms.ModelChoiceField(label=_("Plan item (when merging)"), queryset=None, required=False)
    amount = forms.DecimalField(label=_("Amount of the new item, KZT (when accepting)"), required=False,
                                max_digits=16, decimal_places=2, min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=_textarea(3),
                             help_text=_("Published with the decision; the author is notified."))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class CommentForm(forms.Form):
    item = forms.ModelChoiceField(label=_("On"), queryset=None, required=False, empty_label=_("the whole plan"))
    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, required=False,
                                          empty_label=_("myself, as a citizen"))
    text = forms.CharField(label=_("Your comment"), max_length=TEXT_MAX_LENGTH, widget=_textarea(6),
                           help_text=_("Published after moderation with the body's answer. Do not write personal "
                                       "data."))

    def __init__(self, *args, items, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["organization"].queryset = organizations


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (CommentStatus.PUBLISHED, _("Publish the comment")), (CommentStatus.HIDDEN, _("Hide the comment"))])
    reason = forms.CharField(label=_("Moderation reason"), required=False, max_length=2000, widget=_textarea(3),
                             help_text=_("Required when hiding; the author reads it."))


class AnswerForm(forms.Form):
    answer_outcome = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect, choices=AnswerOutcome.choices)
    answer_text = forms.CharField(label=_("Reason"), max_length=4000, widget=_textarea(4),
                                  help_text=_("Published beside the comment and in the summary table."))
