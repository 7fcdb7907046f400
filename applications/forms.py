"""Forms of the application sections. A draft may be saved half-filled: only the format of what is typed is
checked here (numbers, limits, dates); completeness is checked at submission by validators.submission_problems.
"""

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from competitions.enums import DocumentType

from .enums import BudgetCategory
from .models import Application
from .sections import SECTIONS_BY_KEY
from .validators import REQUIRED_TEXT_FIELDS

MAX_QUANTITY = Decimal("1000000")
MAX_UNIT_COST = Decimal("100000000000")  # 10^11 KZT
MAX_LINE_AMOUNT = Decimal("100000000000")
MAX_INDICATOR_VALUE = Decimal("1000000000000")
MAX_BENEFICIARIES = 100_000_000
MAX_TEXT = 20_000
MAX_ROWS = 300
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
SPACES = (" ", "\u00a0", "\u202f", "\u2009", "\u2007")


class FlexibleDecimalField(forms.DecimalField):
    """A number as people type it in Kazakhstan: ``1 500 000,50`` as well as ``1500000.50``."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a number, for example 1500000 or 1 500 000,50."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            for space in SPACES:
                value = value.replace(space, "")
            value = value.replace(",", ".").replace("\u2212", "-")
            if value and not PLAIN_NUMBER.match(value):  # no exponents, NaN or Infinity
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "input-number"})
        return attrs


def _label(field_name):
    """The model field's verbose name, capitalised, still lazy (rendered in the request's language)."""
    return capfirst(Application._meta.get_field(field_name).verbose_name)


def _text(field_name, *, rows=8, max_length=MAX_TEXT, help_text=""):
    return forms.CharField(label=_label(field_name), required=False, max_length=max_length, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class VersionForm(forms.Form):
    """Every section form carries the version it was read at (optimistic locking).

    Drafts may be saved half-filled, so no field is required here; the fields that submission needs
    are marked ``needed_to_submit`` so the page does not call them optional.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.needed_to_submit = name in REQUIRED_TEXT_FIELDS


class ProjectForm(VersionForm):
    title = forms.CharField(label=_label("title"), required=False, max_length=300,
                            help_text=_("Short and concrete, up to 300 characters."))
    summary = _text("summary", rows=6, max_length=3000, help_text=_("Up to 3000 characters."))
    co_financing = FlexibleDecimalField(
        label=_label("co_financing"), required=False, help_text=_("Own or partners' contribution in KZT; 0 if none."),
        validators=[MinValueValidator(Decimal("0"), _("Co-financing cannot be negative.")),
                    MaxValueValidator(MAX_UNIT_COST, _("Co-financing above 100 000 000 000 KZT is not plausible."))])

    def clean_co_financing(self):
        return self.cleaned_data.get("co_financing") or Decimal("0")


class ProblemForm(VersionForm):
    problem = _text("problem", rows=12)


class GoalsForm(VersionForm):
    goals = _text("goals", rows=10)


class TargetGroupForm(VersionForm):
    target_group = _text("target_group", rows=8)
    beneficiaries_count = forms.IntegerField(
        label=_label("beneficiaries_count"), required=False, min_value=0, max_value=MAX_BENEFICIARIES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-number"}),
        error_messages={"invalid": _("Enter a whole number of people, for example 250."),
                        "min_value": _("The number of beneficiaries cannot be negative."),
                        "max_value": _("More than 100 000 000 beneficiaries is not plausible.")})


class TeamForm(VersionForm):
    team = _text("team", rows=10)


class SustainabilityForm(VersionForm):
    sustainability = _text("sustainability", rows=10)


FIELD_FORMS = {
    "project": ProjectForm,
    "problem": ProblemForm,
    "goals": GoalsForm,
    "target_group": TargetGroupForm,
    "team": TeamForm,
    "sustainability": SustainabilityForm,
}


class RowForm(forms.Form):
    """A line of a formset: an entirely empty line is ignored, a started one must be complete."""

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)


class ActivityForm(RowForm):
    title = forms.CharField(label=_("Activity"), max_length=300,
                            error_messages={"required": _("Name the activity (or clear the whole line).")})
    description = forms.CharField(label=_("Description"), required=False, max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"},
                                format="%Y-%m-%d"), input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                                error_messages={"invalid": _("Enter a date, for example 15.03.2026.")})
    ends_on = forms.DateField(label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"},
                              format="%Y-%m-%d"), input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                              error_messages={"invalid": _("Enter a date, for example 30.06.2026.")})
    expected_result = forms.CharField(label=_("Expected result"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


def _indicator_value(label, required):
    return FlexibleDecimalField(
        label=label, required=required, max_digits=14,
        validators=[MinValueValidator(Decimal("0"), _("The value cannot be negative.")),
                    MaxValueValidator(MAX_INDICATOR_VALUE, _("The value is too large to be plausible."))],
        error_messages={"required": _("Give the target value (or clear the whole line).")})


class IndicatorForm(RowForm):
    name = forms.CharField(label=_("Indicator"), max_length=300,
                           error_messages={"required": _("Name the indicator (or clear the whole line).")})
    unit = forms.CharField(label=_("Unit"), max_length=60,
                           error_messages={"required": _("Give the unit, for example “people” or “%”.")})
    baseline = _indicator_value(_("Baseline"), required=False)
    target = _indicator_value(_("Target"), required=True)

    def clean_baseline(self):
        value = self.cleaned_data.get("baseline")
        return Decimal("0") if value is None else value


class BudgetLineForm(RowForm):
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—")] + list(BudgetCategory.choices),
                                 error_messages={"required": _("Choose a category.")})
    description = forms.CharField(label=_("Description"), max_length=300,
                                  error_messages={"required": _("Describe the cost (or clear the whole line).")})
    quantity = FlexibleDecimalField(
        label=_("Quantity"), max_digits=12,
        validators=[MinValueValidator(Decimal("0.01"), _("The quantity must be greater than zero.")),
                    MaxValueValidator(MAX_QUANTITY, _("A quantity above 1 000 000 is not plausible; check the "
                                                      "number or split the cost into lines."))],
        error_messages={"required": _("Give the quantity.")})
    unit_cost = FlexibleDecimalField(
        label=_("Unit cost, KZT"),
        validators=[MinValueValidator(Decimal("0"), _("The unit cost cannot be negative.")),
                    MaxValueValidator(MAX_UNIT_COST, _("A unit cost above 100 000 000 000 KZT is not plausible."))],
        error_messages={"required": _("Give the unit cost.")})
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(int(y) for y in (years or []))
        if len(years) > 1:
            self.fields["year"].choices = [("", "—")] + [(y, str(y)) for y in years]
        else:
            del self.fields["year"]

    def line_amount(self):
        """Quantity × unit cost as the server reckons it (saved line, or a valid posted one); ``None`` until both
        are known. The page shows it without JavaScript; the script only updates it while typing."""
        if self.is_bound:
            data = self.cleaned_data if self.is_valid() else {}
        else:
            data = self.initial
        quantity, unit_cost = data.get("quantity"), data.get("unit_cost")
        return None if quantity is None or unit_cost is None else quantity * unit_cost

    def clean(self):
        data = super().clean()
        quantity, unit_cost = data.get("quantity"), data.get("unit_cost")
        if quantity is not None and unit_cost is not None and quantity * unit_cost > MAX_LINE_AMOUNT:
            self.add_error("unit_cost", _("The line amount exceeds 100 000 000 000 KZT, which is not plausible."))
        return data


class BaseRowFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["empty_permitted"] = True  # a blank line is simply not saved
        return kwargs

    def rows(self):
        """Cleaned, non-empty, not deleted lines in order."""
        rows = []
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            data = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            rows.append(data)
        return rows


def _formset(form_class, extra):
    return forms.formset_factory(form_class, formset=BaseRowFormSet, extra=extra, can_delete=True,
                                 max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)


ROW_FORMSETS = {
    "activities": _formset(ActivityForm, extra=2),
    "indicators": _formset(IndicatorForm, extra=2),
    "budget_lines": _formset(BudgetLineForm, extra=3),
}
ROW_FIELDS = {
    "activities": ("title", "description", "starts_on", "ends_on", "expected_result"),
    "indicators": ("name", "unit", "baseline", "target"),
    "budget_lines": ("category", "description", "quantity", "unit_cost", "year"),
}


def section_forms(section_key, application, data=None, *, more_rows=False):
    """(version form or field form, formset or None) for a section, bound to ``data`` when given."""
    section = SECTIONS_BY_KEY[section_key]
    if section.is_rows:
        formset_class = ROW_FORMSETS[section.rows]
        if more_rows:  # "Add a line" without JavaScript: saved, then shown with more empty lines
            formset_class = type(formset_class.__name__, (formset_class,), {"extra": formset_class.extra + 3})
        years = application.competition.project_years or []
        if data is not None:
            return VersionForm(data), formset_class(data, prefix=section.rows, form_kwargs={"years": years})
        rows = getattr(application, section.rows).all()
        initial = [{f: getattr(row, f) for f in ROW_FIELDS[section.rows]} for row in rows]
        return (VersionForm(initial={"version": application.version}),
                formset_class(initial=initial, prefix=section.rows, form_kwargs={"years": years}))
    form_class = FIELD_FORMS[section_key]
    if data is not None:
        return form_class(data), None
    initial = {f: getattr(application, f) for f in section.fields}
    return form_class(initial={"version": application.version, **initial}), None


def section_payload(section_key, form, formset):
    """What the save service receives: field values, or {"rows": [...]} for a lines section."""
    section = SECTIONS_BY_KEY[section_key]
    if section.is_rows:
        return {"rows": formset.rows()}
    return {f: form.cleaned_data.get(f) for f in section.fields}


class AttachmentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    file = forms.FileField(label=_("File"), allow_empty_file=True,
                           help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG."),
                           error_messages={"required": _("Choose a file to attach."),
                                           "invalid": _("No file was received. Choose the file again.")})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
