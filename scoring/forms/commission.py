"""Forms of the commission pages (members, quorum, meetings, attendance, votes) and of the observed draw."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User

from ..enums import CommissionRole, MeetingFormat, Vote


class QuorumForm(forms.Form):
    quorum_numerator = forms.IntegerField(label=_("Quorum: at least"), min_value=1, max_value=100, initial=2)
    quorum_denominator = forms.IntegerField(label=_("of (parts)"), min_value=1, max_value=100, initial=3)

    def clean(self):
        data = super().clean()
        n, d = data.get("quorum_numerator"), data.get("quorum_denominator")
        if n and d and n > d:
            self.add_error("quorum_numerator", _("The quorum must be a fraction between 1/n and 1."))
        return data


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the member's account"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=CommissionRole.choices, initial=CommissionRole.MEMBER)
    council_representative = forms.BooleanField(label=_("Represents the public council"), required=False)

    def clean_email(self):
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this e-mail."))
        return user


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Date and time"),
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                           format="%Y-%m-%dT%H:%M"))
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices, initial=MeetingFormat.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    livestream_url = forms.URLField(label=_("Livestream link"), required=False, assume_scheme="https")


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(label=_("Present"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, f"{m.full_name} ({m.get_role_display()})") for m in members]


class DecisionForm(forms.Form):
    """One vote and an optional dissenting opinion per member present, and the reasons."""

    reason = forms.CharField(label=_("Reasons (required when the ranking is sent back)"), required=False,
                             max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=member.full_name, choices=Vote.choices, widget=forms.RadioSelect,
                error_messages={"required": _("Record this member's vote.")})
            self.fields[f"dissent_{member.pk}"] = forms.CharField(
                label=_("Dissenting opinion"), required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        return [(m, self[f"vote_{m.pk}"], self[f"dissent_{m.pk}"]) for m in self.members]

    def votes(self):
        return {m.pk: (self.cleaned_data[f"vote_{m.pk}"], self.cleaned_data[f"dissent_{m.pk}"]) for m in self.members}


class DrawCommitForm(forms.Form):
    seed = forms.CharField(label=_("Seed (leave empty for a random one)"), required=False, max_length=200,
                           help_text=_("At least 16 characters. It stays secret until the draw; only its SHA-256 "
                                       "is published now."))
    weigh_performance = forms.BooleanField(
        label=_("Weigh expert performance"), required=False,
        help_text=_("Each expert's performance penalty is published with the inputs, so anyone re-running the "
                    "draw weighs it the same way."))
