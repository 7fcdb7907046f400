import django_filters
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import GovernmentBody

from .enums import PlanStatus
from .models import Plan


class PlanFilter(django_filters.FilterSet):
    """The filters of the public list of plans and of ``/api/v1/plans/``."""

    body = django_filters.ModelChoiceFilter(label=_("Government body"), queryset=GovernmentBody.objects.all())
    year = django_filters.NumberFilter(label=_("Budget year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(label=_("Stage"), choices=PlanStatus.choices)

    class Meta:
        model = Plan
        fields = ["body", "year", "status"]
