"""Forms of the assignment: the pool, the solver's runs, manual assignment, declarations and the official's
decisions on them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import ExpertProfile
from portal.widgets import DateInput

from ..enums import ConflictType
from ..models import DeclarationOverride, PotentialConflictDecision


class AutoAssignForm(forms.Form):
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=1,
                              help_text=_("The same seed gives the same proposal; change it to see an alternative."))
    max_load = forms.IntegerField(label=_("Maximum applications per expert"), min_value=1, max_value=500,
                                  help_text=_("An expert's own limit in the register applies too."))
    weigh_performance = forms.BooleanField(
        label=_("Weigh expert performance"), required=False,
        help_text=_("Experts with a poorer record (late, divergent, biased, short comments, upheld appeals) get "
                    "fewer applications at equal expertise; the effect is bounded."))


class ConfirmProposalForm(forms.Form):
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput(),
                             help_text=_("Empty: the competition's evaluation deadline."))


class ManualAssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=ExpertProfile.objects.none(),
                                    empty_label=_("— choose an expert —"),
                                    error_messages={"required": _("Choose the expert to assign.")})
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

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


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"), widget=forms.RadioSelect,
        coerce=lambda v: v == "yes", choices=[("no", _("No, I have no conflict of interest")),
                                              ("yes", _("Yes, I have a conflict of interest"))],
        error_messages={"required": _("Choose yes or no: do you have a conflict of interest with this applicant?"),
                        "invalid_choice": _("Choose yes or no: do you have a conflict of interest with this "
                                            "applicant?")})
    conflict_type = forms.ChoiceField(label=_("Type of conflict"), required=False,
                                      choices=[("", _("— choose the type —"))] + list(ConflictType.choices))
    note = forms.CharField(label=_("Explain the conflict"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("I confirm that this declaration is true and complete; it cannot be changed "
                                         "afterwards."),
                                 error_messages={"required": _("Tick the box to confirm that the declaration is true "
                                                               "and complete.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("conflict_type", "note"):  # required when a conflict is declared: not "optional"
            self.fields[name].needed_to_submit = True
        for field in self.fields.values():  # each message says what to do: the error summary shows it alone
            field.error_names_field = True

    def clean(self):
        data = super().clean()
        if data.get("has_conflict"):
            if not data.get("conflict_type"):
                self.add_error("conflict_type", _("Choose the type of conflict."))
            if not (data.get("note") or "").strip():
                self.add_error("note", _("Describe the conflict in a few words."))
        return data


class PoolForm(forms.Form):
    """Experts ticked on the pool page and what to do with them: add (or make main), add as reserve, remove."""

    MAIN, RESERVE, REMOVE = "main", "reserve", "remove"

    expert = forms.ModelMultipleChoiceField(label=_("Experts"), queryset=ExpertProfile.objects.all(),
                                            error_messages={"required": _("Tick at least one expert.")})
    action = forms.ChoiceField(choices=[(MAIN, _("Add to the pool")), (RESERVE, _("Add as reserve")),
                                        (REMOVE, _("Remove from the pool"))], required=False)

    def clean_action(self):
        return self.cleaned_data.get("action") or self.MAIN


class FillForm(forms.Form):
    """Filling freed slots: the seed and the maximum load may be left out (seed 1, the experts' own limits)."""

    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, required=False)
    max_load = forms.IntegerField(label=_("Maximum applications per expert"), min_value=1, max_value=500,
                                  required=False)

    def clean_seed(self):
        seed = self.cleaned_data.get("seed")
        return 1 if seed is None else seed


class SeedForm(forms.Form):
    """An additional expert on divergence: the solver's seed (1 when left out)."""

    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, required=False)

    def clean_seed(self):
        seed = self.cleaned_data.get("seed")
        return 1 if seed is None else seed


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))
