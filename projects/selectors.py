"""Every read of the projects app that a page or the API uses. ``projects_for_user`` is the one place that says
who sees which project: the organisation's members, the officials and observers of the competition's body,
administrators. The public sees ``public_projects``: every project that was funded (not the declined ones)."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from portal.accounts.selectors import roles_for_user

from .enums import ProjectStatus, TrancheStatus
from .models import AgreementVersion, Project, Tranche

MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


def _sum_of_tranches(statuses):
    paid = (Tranche.objects.filter(project=OuterRef("pk"), status__in=statuses).order_by()
            .values("project").annotate(total=Sum("amount")).values("total"))
    return Coalesce(Subquery(paid, output_field=MONEY_FIELD), Value(Decimal("0")), output_field=MONEY_FIELD)


def with_money(queryset):
    """``disbursed`` (paid) on every row, in the same query."""
    return queryset.annotate(disbursed=_sum_of_tranches([TrancheStatus.PAID]))


def _base():
    return with_money(Project.objects.select_related("competition__body", "organization", "curator"))


def projects_for_user(user, *, competition=None):
    queryset = _base()
    if competition is not None:
        queryset = queryset.filter(competition=competition)
    roles = roles_for_user(user)
    if roles.is_admin:
        return queryset
    return queryset.filter(Q(organization_id__in=roles.organization_ids)
                           | Q(competition__body_id__in=roles.followed_body_ids))


def public_projects():
    return _base().exclude(status__in=[ProjectStatus.DECLINED, ProjectStatus.CANCELLED])


def project_detail(queryset, pk):
    """One project with everything its page shows, prefetched (404 if the queryset does not hold it)."""
    queryset = queryset.select_related("agreement").prefetch_related(
        "tranches", "periods__report", "indicators__targets", "budget_lines", "activities", "year_decisions",
        "revised_budgets",
        Prefetch("agreement__versions", queryset=AgreementVersion.objects.order_by("-number")),
        "agreement__amendments")
    return get_object_or_404(queryset, pk=pk)


def money_summary(project):
    """Awarded, funded, disbursed (paid), approved and remaining, from the prefetched tranches."""
    tranches = list(project.tranches.all())
    paid = sum((t.amount for t in tranches if t.status == TrancheStatus.PAID), Decimal("0"))
    approved = sum((t.amount for t in tranches if t.status == TrancheStatus.APPROVED), Decimal("0"))
    return {"awarded": project.awarded_amount, "amount": project.amount, "disbursed": paid, "approved": approved,
            "remaining": project.amount - paid - approved,
            "percent": int(paid * 100 / project.amount) if project.amount else 0}
