"""The admission check: what the official sees for each submitted application before admitting it.

Every rule comes from ``validators.py`` (the same functions the submission uses), evaluated with the
competition's deadline as the moment of eligibility; nothing here restates a rule.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import RequiredDocument

from .enums import ApplicationStatus
from .models import Attachment
from .validators import budget_problems, document_problems, eligibility_problems, register_problems

AMOUNT_CODES = frozenset({"missing_budget", "amount_out_of_limits", "budget_year_missing"})
ADMIN_CODES = frozenset({"admin_costs_above_direct"})


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    passed: bool
    reasons: list = field(default_factory=list)  # the messages of the problems found


CHECK_LABELS = {
    "documents": _("Mandatory documents present"),
    "eligibility": _("Eligible at the deadline"),
    "amount": _("Amount within the limits"),
    "admin_costs": _("Administrative costs not above direct costs"),
    "register": _("Confirmed by the state register"),
}


def _check(key, problems):
    return Check(key, CHECK_LABELS[key], not problems, [p.message for p in problems])


def admission_checks(application):
    """The five checks for one application. Prefetch ``budget_lines``, ``attachments``,
    ``competition__required_documents`` and ``competition__regions`` to keep it query-free."""
    competition = application.competition
    lines = list(application.budget_lines.all())
    budget = budget_problems(application, lines)
    return [
        _check("documents", document_problems(application, list(application.attachments.all()))),
        _check("eligibility", eligibility_problems(application.organization, competition, at=competition.closes_at)),
        _check("amount", [p for p in budget if p.code in AMOUNT_CODES]),
        _check("admin_costs", [p for p in budget if p.code in ADMIN_CODES]),
        _check("register", register_problems(application.organization)),
    ]


def passes_all(checks):
    return all(check.passed for check in checks)


def with_admission_data(queryset):
    """Prefetches ``admission_checks`` needs."""
    return queryset.select_related("organization", "organization__region", "competition").prefetch_related(
        "budget_lines", "attachments", "competition__required_documents", "competition__regions")


def undecided_filter(now=None):
    """Applications still waiting for a decision: submitted, or returned and within their correction deadline."""
    now = now or timezone.now()
    return Q(status=ApplicationStatus.SUBMITTED) | Q(status=ApplicationStatus.RETURNED, correction_deadline__gt=now)


def missing_documents_annotation():
    """Per application: how many mandatory document types of its competition have no attachment."""
    missing = RequiredDocument.objects.filter(competition_id=OuterRef("competition_id"), mandatory=True).exclude(
        Exists(Attachment.objects.filter(application_id=OuterRef(OuterRef("pk")),
                                         document_type=OuterRef("document_type"))))
    return Subquery(missing.order_by().values("competition_id").annotate(n=Count("pk")).values("n")[:1])
