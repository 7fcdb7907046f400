from decimal import Decimal

import django_filters
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.models import AffiliationKind, ExpertProfile, GovernmentBody
from portal.accounts.validators import validate_bin
from portal.reference.models import PriorityArea, Region

from .enums import ConflictType
from .models import DeclarationOverride, PotentialConflictDecision
from .validators import criterion_problems, scale_values, to_decimal

BANDS = 5
SELECT_LIMIT = 21  # scales with at most this many values are a select, longer ones a number input


def _decimal_field(label, required=True, **kwargs):
    return forms.DecimalField(label=label, required=required, max_digits=8, decimal_places=3,
                              widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}), **kwargs)


# ------------------------------------------------------------------------------------------- rubrics

class RubricForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    suggested_pass_threshold = _decimal_field(_("Suggested pass threshold (rubric units)"), required=False)
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
    min_score = _decimal_field(_("Scale minimum"), initial=Decimal("0"))
    max_score = _decimal_field(_("Scale maximum"), initial=Decimal("10"))
    step = _decimal_field(_("Step"), initial=Decimal("1"))
    weight = _decimal_field(_("Weight (coefficient)"), initial=Decimal("1"))
    min_required = _decimal_field(_("Minimum score required"), required=False,
                                  help_text=_("Leave empty when there is no threshold on this criterion."))
    comment_required = forms.BooleanField(label=_("A comment is required"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(BANDS):
            self.fields[f"band_from_{n}"] = _decimal_field(_("From"), required=False)
            self.fields[f"band_to_{n}"] = _decimal_field(_("To"), required=False)
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


# ------------------------------------------------------------------------------------ expert register

class ExpertInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    message = forms.CharField(label=_("Message to the expert"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class InvitationSignupForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Repeat the password"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The passwords differ."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ExpertProfileForm(forms.Form):
    priority_areas = forms.ModelMultipleChoiceField(label=_("Priority areas"), queryset=PriorityArea.objects.filter(
        is_active=True), widget=forms.CheckboxSelectMultiple)
    regions = forms.ModelMultipleChoiceField(label=_("Regions where you work"), queryset=Region.objects.all(),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Working languages"), choices=ExpertProfile.LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple)
    bio = forms.CharField(label=_("Experience"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    max_load = forms.IntegerField(label=_("Maximum applications per competition"), min_value=1, max_value=200)


class AffiliationForm(forms.Form):
    organization_bin = forms.CharField(label=_("BIN"), max_length=12, validators=[validate_bin],
                                       widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    organization_name = forms.CharField(label=_("Organisation"), max_length=300)
    kind = forms.ChoiceField(label=_("Relation"), choices=AffiliationKind.choices,
                             help_text=_("Choose “A relative works there” for your relatives' organisations."))
    started_on = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Empty while it lasts."))

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("The end date is before the start date."))
        return data


AffiliationFormSet = forms.formset_factory(AffiliationForm, extra=1, can_delete=True, max_num=50)


class ExpertFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(label=_("Priority area"), field_name="priority_areas",
                                            queryset=PriorityArea.objects.all())
    region = django_filters.ModelChoiceFilter(label=_("Region"), field_name="regions", queryset=Region.objects.all())
    language = django_filters.ChoiceFilter(label=_("Language"), choices=ExpertProfile.LANGUAGES,
                                           method="filter_language")
    active = django_filters.BooleanFilter(label=_("Active"), field_name="is_active",
                                          widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")),
                                                                       ("false", _("No"))]))
    max_current_load = django_filters.NumberFilter(label=_("Current load at most"), field_name="current_load",
                                                   lookup_expr="lte", min_value=0)
    q = django_filters.CharFilter(label=_("Name or e-mail"), method="filter_text")

    class Meta:
        model = ExpertProfile
        fields = []

    def filter_language(self, queryset, name, value):
        # JSON list membership that works on SQLite and PostgreSQL alike.
        return queryset.filter(languages__icontains=f'"{value}"')

    def filter_text(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(user__full_name__icontains=value) | Q(user__email__icontains=value))


# ------------------------------------------------------------------------------------- pool, assignment

class AutoAssignForm(forms.Form):
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=1,
                              help_text=_("The same seed gives the same proposal; change it to see an alternative."))
    max_load = forms.IntegerField(label=_("Maximum applications per expert"), min_value=1, max_value=500,
                                  help_text=_("An expert's own limit in the register applies too."))


class ConfirmProposalForm(forms.Form):
    due_on = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                             help_text=_("Empty: the competition's evaluation deadline."))


class ManualAssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=ExpertProfile.objects.none())
    due_on = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(forms.Form):
    action = forms.ChoiceField(label=_("Override"), choices=DeclarationOverride.ACTIONS)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PotentialConflictForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=ExpertProfile.objects.all(),
                                    widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=PotentialConflictDecision.DECISIONS)
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# ------------------------------------------------------------------------------------ expert's forms

class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"), widget=forms.RadioSelect,
        coerce=lambda v: v == "yes", choices=[("no", _("No, I have no conflict of interest")),
                                              ("yes", _("Yes, I have a conflict of interest"))])
    conflict_type = forms.ChoiceField(label=_("Type of conflict"), required=False,
                                      choices=[("", "—")] + list(ConflictType.choices))
    note = forms.CharField(label=_("Explain the conflict"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("I confirm that this declaration is true and complete; it cannot be changed "
                                         "afterwards."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("conflict_type", "note"):  # required when a conflict is declared: not "optional"
            self.fields[name].needed_to_submit = True

    def clean(self):
        data = super().clean()
        if data.get("has_conflict"):
            if not data.get("conflict_type"):
                self.add_error("conflict_type", _("Choose the type of conflict."))
            if not (data.get("note") or "").strip():
                self.add_error("note", _("Describe the conflict in a few words."))
        return data


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
        for score in evaluation.scores.all():
            value = score.value
            if value is not None:
                value = value.normalize() if value != value.to_integral() else value.quantize(Decimal("1"))
            initial[f"score_{score.criterion_id}"] = "" if value is None else str(value)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial
