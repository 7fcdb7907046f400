"""Whether a project's agreement may be drawn up or sent: with a lower funded amount, only from an accepted
revised budget of that amount (``services.revision``). Apart so that ``services.agreement`` can ask it."""

from django.utils.translation import gettext_lazy as _

from ..enums import RevisionStatus
from ..models import RevisedBudget
from .transitions import StateError


def revision_needed(project):
    """A lower amount is funded and no revised budget of that amount is accepted yet."""
    if project.funded_amount is None:
        return False
    return not RevisedBudget.objects.filter(project=project, status=RevisionStatus.ACCEPTED,
                                            amount=project.funded_amount).exists()


def revision_problem(project):
    """The refusal to raise when the agreement would be drawn up or sent without an accepted revised budget."""
    if revision_needed(project):
        return StateError(_("A lower amount is funded: the agreement is made only from an accepted revised "
                            "budget."), code="revised_budget_required")
    return None
