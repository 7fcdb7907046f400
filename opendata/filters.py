"""The filters of the open-data API, the same four on grants and on contracting processes: the year of the call
(when applications opened, Almaty time), the government body, a region of the competition (beneficiary location),
the priority area. An id no row has finds nothing (portal.api_http.FilterBackend); a malformed one is a 400."""

import django_filters
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from competitions.models import Competition
from portal.accounts.models import GovernmentBody
from portal.reference.models import PriorityArea, Region

YEAR = _("Year of the call (when applications opened)")
BODY = _("Government body (id)")
REGION = _("Region of the competition (id)")
AREA = _("Priority area (id)")


class GrantFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="competition__opens_at__year", min_value=2000, max_value=2100,
                                       label=YEAR)
    body = django_filters.ModelChoiceFilter(field_name="competition__body", queryset=GovernmentBody.objects.all(),
                                            label=BODY)
    region = django_filters.ModelChoiceFilter(field_name="competition__regions", queryset=Region.objects.all(),
                                              label=REGION)
    priority_area = django_filters.ModelChoiceFilter(field_name="competition__priority_area",
                                                     queryset=PriorityArea.objects.all(), label=AREA)

    class Meta:
        model = Application
        fields = ["year", "body", "region", "priority_area"]


class ProcessFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="opens_at__year", min_value=2000, max_value=2100, label=YEAR)
    body = django_filters.ModelChoiceFilter(queryset=GovernmentBody.objects.all(), label=BODY)
    region = django_filters.ModelChoiceFilter(field_name="regions", queryset=Region.objects.all(), label=REGION)
    priority_area = django_filters.ModelChoiceFilter(queryset=PriorityArea.objects.all(), label=AREA)

    class Meta:
        model = Competition
        fields = ["year", "body", "region", "priority_area"]
