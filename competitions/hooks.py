"""What competitions adds to the registries of lower apps (filled from ``CompetitionsConfig.ready``):

* the plan execution view (planning.execution): each plan item's competitions;
* public council documents (portal.councils.targets): a council may file on a public competition.
"""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planning.execution import register_execution_source
from portal.councils.targets import register_target

from .models import Competition
from .selectors import PUBLIC_STATUSES


def _url(competition):
    return reverse("competitions:detail", kwargs={"reference": competition.reference})


def competitions_by_item(items, *, public=True):
    """``{item_id: [row, ...]}``: the competitions created from ``items`` (public ones unless it is the body's
    own view), in one query."""
    rows = defaultdict(list)
    found = Competition.objects.filter(plan_item__in=[item.pk for item in items]).order_by("created_at", "id")
    if public:
        found = found.filter(status__in=PUBLIC_STATUSES)
    for competition in found:
        rows[competition.plan_item_id].append({
            "label": f"{competition.reference} {competition.title}", "url": _url(competition),
            "status": competition.get_status_display(), "amount": competition.total_budget})
    return rows


def register():
    register_execution_source(key="competitions", order=10, title=_("Competitions"), rows=competitions_by_item)
    register_target(Competition, title=_("Competitions"), order=20,
                    label=lambda competition: f"{competition.reference} {competition.title}", url=_url,
                    body_id=lambda competition: competition.body_id, competition_id=lambda competition: competition.pk,
                    public=lambda body_id: Competition.objects.filter(body_id=body_id, status__in=PUBLIC_STATUSES)
                    .order_by("-created_at", "-id"))
