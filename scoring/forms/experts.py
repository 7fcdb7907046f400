"""Forms of the expert register: invitations, sign-up by invitation, the expert's profile, the register filter."""

import django_filters
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import AffiliationKind, ExpertProfile
from portal.accounts.validators import validate_bin
from portal.reference.models import PriorityArea, Region
from portal.widgets import DateInput


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

    @staticmethod
    def initial_for(profile):
        return {"priority_areas": list(profile.priority_areas.all()), "regions": list(profile.regions.all()),
                "languages": profile.languages, "bio": profile.bio, "max_load": profile.max_load}


class AffiliationForm(forms.Form):
    organization_bin = forms.CharField(label=_("BIN"), max_length=12, validators=[validate_bin],
                                       widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    organization_name = forms.CharField(label=_("Organisation"), max_length=300)
    kind = forms.ChoiceField(label=_("Relation"), choices=AffiliationKind.choices,
                             help_text=_("Choose “A relative works there” for your relatives' organisations."))
    started_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ended_on = forms.DateField(label=_("To"), required=False, widget=DateInput(),
                               help_text=_("Empty while it lasts."))

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("The end date is before the start date."))
        return data


class BaseAffiliationFormSet(forms.BaseFormSet):
    FIELDS = ("organization_bin", "organization_name", "kind", "started_on", "ended_on")

    def rows(self):
        """The affiliations entered (changed and not deleted rows), as the service takes them."""
        return [{name: f.cleaned_data.get(name) for name in self.FIELDS} for f in self.forms
                if f.cleaned_data and f.has_changed() and not f.cleaned_data.get("DELETE")]

    @classmethod
    def initial_for(cls, profile):
        return [{name: getattr(a, name) for name in cls.FIELDS} for a in profile.affiliations.all()]


AffiliationFormSet = forms.formset_factory(AffiliationForm, formset=BaseAffiliationFormSet, extra=1,
                                           can_delete=True, max_num=50)


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
        return queryset.filter(Q(user__full_name__icontains=value) | Q(user__email__icontains=value))
