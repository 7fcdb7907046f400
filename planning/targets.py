"""Plans as subjects of public council documents (registered from ``PlanningConfig.ready``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.councils.targets import register_target

from .enums import PUBLIC_PLAN_STATUSES
from .models import Plan


def register():
    register_target(Plan, title=_("Plans of topics"), label=lambda plan: plan.title,
                    url=lambda plan: reverse("planning:detail", kwargs={"pk": plan.pk}),
                    body_id=lambda plan: plan.body_id, order=10,
                    public=lambda body_id: Plan.objects.filter(body_id=body_id, status__in=PUBLIC_PLAN_STATUSES)
                    .order_by("-year", "id"))
