"""Filters and sorting of the officials' applications table (the browser page and its CSV/XLSX exports)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.reference.models import Region

from .enums import ApplicationStatus
from .models import Application

STATUSES = [(value, label) for value, label in ApplicationStatus.choices if value != ApplicationStatus.DRAFT]
DOCUMENTS = [("complete", _("All mandatory documents")), ("missing", _("Some mandatory documents missing"))]
SORTS = {
    "number": ("registration_number", _("Registration number")),
    "organization": ("organization__name", _("Organisation")),
    "amount": ("requested_amount", _("Amount, smallest first")),
    "-amount": ("-requested_amount", _("Amount, largest first")),
    "submitted": ("submitted_at", _("Submitted, earliest first")),
    "-submitted": ("-submitted_at", _("Submitted, latest first")),
    "status": ("status", _("Status")),
}


class ApplicationTableFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUSES, empty_label=_("Any status"))
    region = django_filters.ModelChoiceFilter(label=_("Region of the organisation"), queryset=Region.objects.all(),
                                              field_name="organization__region", empty_label=_("Any region"))
    amount_from = django_filters.NumberFilter(label=_("Amount from, KZT"), field_name="requested_amount",
                                              lookup_expr="gte", min_value=0)
    amount_to = django_filters.NumberFilter(label=_("Amount up to, KZT"), field_name="requested_amount",
                                            lookup_expr="lte", min_value=0)
    documents = django_filters.ChoiceFilter(label=_("Mandatory documents"), choices=DOCUMENTS,
                                            method="filter_documents", empty_label=_("Any"))
    sort = django_filters.ChoiceFilter(label=_("Sort by"), method="filter_sort", empty_label=None,
                                       choices=[(key, label) for key, (_field, label) in SORTS.items()])

    class Meta:
        model = Application
        fields = ["status", "region", "amount_from", "amount_to", "documents", "sort"]

    def filter_documents(self, queryset, name, value):
        # ``n_missing_documents`` is annotated by the selector (applications_table_for_official).
        return queryset.filter(n_missing_documents=0) if value == "complete" else queryset.filter(
            n_missing_documents__gt=0)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in ``qs`` so that the default order holds without the parameter

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        field = SORTS.get(sort or "number", SORTS["number"])[0]
        return queryset.order_by(field, "id")
