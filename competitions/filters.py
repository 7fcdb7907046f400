import django_filters
from django import forms
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.reference.models import PriorityArea, Region

from .enums import CompetitionKind, CompetitionStatus
from .models import Competition

PHASES = [
    ("open", _("Open now")),
    ("upcoming", _("Upcoming")),
    ("closed", _("Closed, under review")),
    ("results", _("Results published")),
]
SORTS = [
    ("closing", _("Closing soonest")),
    ("newest", _("Newest")),
    ("budget", _("Largest budget")),
]
CLOSED_PHASE = [CompetitionStatus.CLOSED, CompetitionStatus.UNDER_REVIEW, CompetitionStatus.RANKED]
RESULTS_PHASE = [CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.FINAL]


class CompetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search in title and description"), method="filter_text",
                                  widget=forms.TextInput(attrs={"type": "search"}))
    phase = django_filters.ChoiceFilter(label=_("Stage"), choices=PHASES, method="filter_phase",
                                        empty_label=_("Any stage"))
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all(),
                                              field_name="regions", empty_label=_("Any region"))
    priority_area = django_filters.ModelChoiceFilter(label=_("Priority area"), queryset=PriorityArea.objects.all(),
                                                     empty_label=_("Any area"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CompetitionKind.choices, empty_label=_("Any kind"))
    amount_from = django_filters.NumberFilter(label=_("Amount I need, from (KZT)"), field_name="max_amount",
                                              lookup_expr="gte", min_value=0)
    amount_to = django_filters.NumberFilter(label=_("Amount I need, up to (KZT)"), field_name="min_amount",
                                            lookup_expr="lte", min_value=0)
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORTS, method="filter_sort",
                                       empty_label=_("Closing soonest"))

    class Meta:
        model = Competition
        fields = ["q", "phase", "region", "priority_area", "kind", "amount_from", "amount_to", "sort"]

    def filter_text(self, queryset, name, value):
        words = value.split()[:8]
        for word in words:
            condition = Q()
            for field in ("title_kk", "title_ru", "title_en", "description_kk", "description_ru",
                          "description_en", "reference"):
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    def filter_phase(self, queryset, name, value):
        now = timezone.now()
        published = queryset.filter(status=CompetitionStatus.PUBLISHED)
        past_deadline = Q(status=CompetitionStatus.PUBLISHED, closes_at__lte=now)  # closed for readers already
        return {
            "open": lambda: published.filter(opens_at__lte=now, closes_at__gt=now),
            "upcoming": lambda: published.filter(opens_at__gt=now),
            "closed": lambda: queryset.filter(Q(status__in=CLOSED_PHASE) | past_deadline),
            "results": lambda: queryset.filter(status__in=RESULTS_PHASE),
        }[value]()

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in ``qs`` so that the default order holds without the parameter

    @property
    def qs(self):
        queryset = super().qs.distinct()
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        if sort == "newest":
            return queryset.order_by("-published_at", "-id")
        if sort == "budget":
            return queryset.order_by("-total_budget", "closes_at", "id")
        still_open = Case(When(status=CompetitionStatus.PUBLISHED, closes_at__gt=timezone.now(), then=Value(0)),
                          default=Value(1))
        return queryset.order_by(still_open, "closes_at", "id")
