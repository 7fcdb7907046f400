"""Refusals of the scoring services that carry more than a message (several problems, numbers, blockers)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.errors import DomainError


class ProblemsError(DomainError):
    """Several problems at once (rubric criteria, scores); ``problems`` go beside their fields."""

    def __init__(self, problems, message=None, *, code="invalid"):
        self.problems = list(problems)
        super().__init__(message or _("Please correct the problems shown."), code=code)


class AssignmentRefused(DomainError):
    """The solver found no complete assignment; ``details`` has the numbers (see scoring.calc.solver)."""

    status_code = 409

    def __init__(self, infeasible):
        self.details = infeasible.as_dict()
        super().__init__(
            _("No complete assignment exists: %(needed)s expert slots are needed but the pool can take at most "
              "%(capacity)s (sum over experts of the smaller of their free load and the applications they may "
              "score); at most %(fillable)s slots can be filled.")
            % {"needed": infeasible.slots_needed, "capacity": infeasible.capacity_available,
               "fillable": infeasible.max_fillable},
            code="assignment_infeasible")


class RankingBlocked(DomainError):
    """Freezing refused: missing or pending evaluations. ``blockers`` lists each one (see scoring.ranking)."""

    status_code = 409

    def __init__(self, blockers):
        super().__init__(ngettext("%(n)d application blocks the ranking.", "%(n)d applications block the ranking.",
                                  len(blockers)) % {"n": len(blockers)}, code="ranking_blocked")
        self.blockers = blockers
