"""What projects adds to the plan execution view (``planning.execution``, filled from ``ProjectsConfig.ready``):
each plan item's projects (status, awarded, disbursed) and their evaluated outcomes. One query per source,
whatever the number of items."""

from collections import defaultdict

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planning.execution import register_execution_source

from .enums import EvaluationStatus, ProjectStatus
from .models import Project
from .selectors import with_money


def _projects(items, *, public):
    found = Project.objects.filter(competition__plan_item__in=[item.pk for item in items])
    if public:
        found = found.exclude(status=ProjectStatus.DECLINED)
    return found


def projects_by_item(items, *, public=True):
    """``{item_id: [row, ...]}``: the projects awarded in the competitions of each item, with the money paid."""
    rows = defaultdict(list)
    found = with_money(_projects(items, public=public).annotate(item_id=_item_id())).order_by("reference", "id")
    for project in found:
        rows[project.item_id].append({
            "label": f"{project.reference} {project.title}", "url": reverse("projects:detail", args=[project.pk]),
            "status": project.get_status_display(), "amount": project.amount,
            "figures": [(_("disbursed"), project.disbursed)]})
    return rows


def outcomes_by_item(items, *, public=True):
    """``{item_id: [row, ...]}``: the outcome class of each evaluated project (published ones for the public; the
    body also sees a scored evaluation before it is published)."""
    rows = defaultdict(list)
    shown = [EvaluationStatus.PUBLISHED] if public else [EvaluationStatus.PUBLISHED, EvaluationStatus.DONE]
    found = (_projects(items, public=public).filter(evaluation__status__in=shown).exclude(evaluation__outcome="")
             .annotate(item_id=_item_id()).select_related("evaluation").order_by("reference", "id"))
    for project in found:
        evaluation = project.evaluation
        rows[project.item_id].append({
            "label": project.reference, "url": reverse("projects:detail", args=[project.pk]),
            "status": evaluation.get_outcome_display(),
            "figures": [(_("total"), evaluation.total)] if evaluation.total is not None else []})
    return rows


def _item_id():
    return F("competition__plan_item_id")


def register():
    register_execution_source(key="projects", order=20, title=_("Projects"), rows=projects_by_item)
    register_execution_source(key="outcomes", order=30, title=_("Outcomes"), rows=outcomes_by_item)
