"""Browser forms of the officials' pages. Times are typed and shown in Asia/Almaty."""

import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import GovernmentBody
from portal.reference.models import PriorityArea, Region

from .enums import CompetitionDocumentKind, CompetitionKind, TermType, TieBreak
from .models import Competition, CompetitionDocument, RequiredDocument
from .services import CONFIG_FIELDS, QUESTION_MAX_LENGTH
from .validators import configuration_problems

ALMATY = ZoneInfo(settings.TIME_ZONE)
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
TIE_BREAK_SLOTS = 4


class AlmatyDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=LOCAL_FORMAT)

    def format_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = value.astimezone(ALMATY).replace(tzinfo=None)
        return super().format_value(value)


class AlmatyDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input read as Astana time, whatever time zone the request has activated."""

    widget = AlmatyDateTimeInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"])
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return value.astimezone(ALMATY).replace(tzinfo=None)
        return value

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            naive = value
        else:
            naive = forms.DateTimeField.to_python(forms.DateTimeField(input_formats=self.input_formats), value)
        if naive is None:
            return None
        if timezone.is_aware(naive):
            return naive
        return timezone.make_aware(naive.replace(tzinfo=None), ALMATY)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class YearsField(forms.CharField):
    """"2026, 2027" <-> [2026, 2027]."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return []
        parts = [p for p in re.split(r"[\s,;]+", value) if p]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Write the years as numbers separated by commas, e.g. 2026, 2027."))
        return sorted({int(p) for p in parts})


class CompetitionForm(forms.ModelForm):
    """Every setting of a competition on one page (the rubric is chosen on its own page)."""

    opens_at = AlmatyDateTimeField(label=_("Applications open (Astana time)"))
    closes_at = AlmatyDateTimeField(label=_("Applications close (Astana time)"))
    project_years = YearsField(label=_("Budget years"), required=False,
                               help_text=_("For multi-year projects: the calendar years with a budget, "
                                           "e.g. 2026, 2027, 2028."))
    regions = forms.ModelMultipleChoiceField(label=_("Regions"), queryset=Region.objects.all(),
                                             widget=forms.CheckboxSelectMultiple)
    priority_area = forms.ModelChoiceField(label=_("Priority area"),
                                           queryset=PriorityArea.objects.filter(is_active=True))

    class Meta:
        model = Competition
        fields = [name for name in CONFIG_FIELDS if name not in {"tie_breaks"}] + ["regions"]
        widgets = {
            "project_starts_on": DateInput(),
            "project_ends_on": DateInput(),
            "evaluation_deadline": DateInput(),
            "description_kk": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            bodies = list(bodies)
            self.fields["body"] = forms.ModelChoiceField(
                label=_("Government body"), queryset=GovernmentBody.objects.filter(pk__in=[b.pk for b in bodies]),
                initial=bodies[0].pk if len(bodies) == 1 else None,
                widget=forms.HiddenInput if len(bodies) == 1 else forms.Select)
        chain = list(self.instance.tie_breaks or []) if self.instance.pk else []
        choices = [("", _("— none —")), *TieBreak.choices]
        for index in range(TIE_BREAK_SLOTS):
            label = _("Tie-break 1 (applied first)") if index == 0 else _("Then tie-break %(n)s") % {"n": index + 1}
            self.fields[f"tie_break_{index + 1}"] = forms.ChoiceField(
                label=label, choices=choices, required=False,
                initial=chain[index] if index < len(chain) else "")
        for name in ("title_kk", "title_ru", "title_en"):
            self.fields[name].required = False

    def tie_break_fields(self):
        return [self[f"tie_break_{index + 1}"] for index in range(TIE_BREAK_SLOTS)]

    def clean(self):
        data = super().clean()
        chain = [data.get(f"tie_break_{i + 1}") for i in range(TIE_BREAK_SLOTS)]
        chain = [c for c in chain if c]
        data["tie_breaks"] = chain
        if not any((data.get(name) or "").strip() for name in ("title_kk", "title_ru", "title_en")):
            self.add_error("title_ru", _("Give the competition a title in at least one language."))
        for field, message in configuration_problems(data):
            if field == "tie_breaks":
                field = "tie_break_1"
            self.add_error(field if field in self.fields else None, message)
        return data

    def service_fields(self):
        """The cleaned values the services take (everything but regions, body and the tie-break slots)."""
        return {name: self.cleaned_data[name] for name in CONFIG_FIELDS if name in self.cleaned_data}


class RequiredDocumentForm(forms.ModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["document_type", "mandatory", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].required = False  # an empty row is skipped


RequiredDocumentFormSet = inlineformset_factory(
    Competition, RequiredDocument, form=RequiredDocumentForm, extra=3, can_delete=True, max_num=12,
    validate_max=True)


def required_documents_from(formset):
    """The ordered list of ``{"document_type", "mandatory", "note"}`` a valid formset describes."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE") or not data.get("document_type"):
            continue
        rows.append({"document_type": data["document_type"], "mandatory": data.get("mandatory", False),
                     "note": data.get("note", "")})
    return rows


def required_documents_problems(rows):
    types = [r["document_type"] for r in rows]
    if len(types) != len(set(types)):
        return [_("Each document type may be listed once.")]
    return []


class CompetitionDocumentForm(forms.ModelForm):
    upload = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG."))

    class Meta:
        model = CompetitionDocument
        fields = ["kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = CompetitionDocumentKind.TERMS_OF_REFERENCE


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class ExtendForm(forms.Form):
    closes_at = AlmatyDateTimeField(label=_("New closing time (Astana time)"))
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=4000, help_text=_("Every applicant with a draft or a submission reads it."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000,
                             help_text=_("Published on the competition page for everyone; the asker is not named."))


class QuestionForm(forms.Form):
    """An applicant's question on an open competition (the answer is published to everyone)."""

    organization = forms.ModelChoiceField(queryset=None, label=_("Asked on behalf of"), required=False)
    question = forms.CharField(
        label=_("Your question"), max_length=QUESTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The answer is published for everyone; your name and organisation are not shown. "
                    "Do not write personal data."))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        listed = list(organizations)
        self.only_organization = listed[0] if len(listed) == 1 else None
        if self.only_organization is not None:
            field.widget = forms.HiddenInput()
        else:
            field.required = True

    def clean_organization(self):
        return self.cleaned_data.get("organization") or self.only_organization
TERM_BY_YEARS = {1: TermType.SHORT, 2: TermType.MEDIUM, 3: TermType.LONG}


def initial_from_plan_item(item):
    """The competition form pre-filled from an approved plan's item (the official completes the rest)."""
    language = (translation.get_language() or "ru")[:2]
    language = language if language in ("kk", "ru", "en") else "ru"
    parts = [(_("Target group"), item.target_group), (_("Expected results"), item.expected_results),
             (_("Indicators"), item.indicators),
             (_("Legal basis"), " ".join(p for p in (item.legal_act, item.legal_act_number,
                                                     item.legal_act_date.strftime("%d.%m.%Y")
                                                     if item.legal_act_date else "") if p))]
    description = "\n\n".join(f"{label}: {text}" for label, text in parts if text)
    return {
        "kind": CompetitionKind.STATE_SOCIAL_ORDER, "title_kk": item.topic_kk, "title_ru": item.topic_ru,
        "title_en": item.topic_en, f"description_{language}": description, "priority_area": item.priority_area_id,
        "regions": [region.pk for region in item.regions.all()], "total_budget": item.amount,
        "max_amount": item.amount, "term_type": TERM_BY_YEARS.get(item.term_years, TermType.SHORT),
        "project_years": list(range(item.plan.year, item.plan.year + item.term_years)),
    }
