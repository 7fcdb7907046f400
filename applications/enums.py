from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RETURNED = "returned", _("Returned for correction")
    ADMITTED = "admitted", _("Admitted to review")
    REJECTED = "rejected", _("Not admitted")
    WINNER = "winner", _("Winner")
    RESERVE = "reserve", _("Reserve")
    NOT_FUNDED = "not_funded", _("Not funded")
    BELOW_THRESHOLD = "below_threshold", _("Below the pass threshold")


S = ApplicationStatus
OUTCOMES = frozenset({S.WINNER, S.RESERVE, S.NOT_FUNDED, S.BELOW_THRESHOLD})
APPLICATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.WITHDRAWN, S.ADMITTED, S.RETURNED, S.REJECTED},
    S.RETURNED: {S.SUBMITTED, S.REJECTED},
    S.ADMITTED: set(OUTCOMES),
    # Outcomes may change only when results are re-published after an upheld appeal.
    **{outcome: set(OUTCOMES - {outcome}) for outcome in OUTCOMES},
    S.WITHDRAWN: set(),
    S.REJECTED: set(),
}
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
del S


class BudgetCategory(models.TextChoices):
    SALARIES = "salaries", _("Salaries of the project team")
    SALARY_TAXES = "salary_taxes", _("Taxes and contributions on salaries")
    TRAVEL = "travel", _("Travel")
    EVENTS = "events", _("Events (venues, catering)")
    MATERIALS = "materials", _("Goods and materials")
    SERVICES = "services", _("Services of third parties")
    EQUIPMENT = "equipment", _("Equipment")
    PUBLICITY = "publicity", _("Publications and information campaigns")
    ADMINISTRATIVE = "administrative", _("Administrative costs (rent, utilities, communications, bank)")
    OTHER = "other", _("Other direct costs")


ADMINISTRATIVE_CATEGORIES = frozenset({BudgetCategory.ADMINISTRATIVE})
