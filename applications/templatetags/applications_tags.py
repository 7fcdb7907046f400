from django import template
from django.urls import reverse

from competitions.enums import DocumentType
from portal.accounts.selectors import roles_for_user

from ..enums import ApplicationStatus, BudgetCategory
from ..selectors import existing_applications

register = template.Library()


@register.inclusion_tag("applications/_apply_action.html", takes_context=True)
def apply_action(context, competition):
    """The "Apply" box of a competition page: for NGO members while it is open, plus their applications."""
    request = context.get("request")
    user = getattr(request, "user", None)
    anonymous = not getattr(user, "is_authenticated", False)
    roles = roles_for_user(user)
    is_open = competition.is_open
    existing = list(existing_applications(user, competition)) if roles.is_ngo else []
    active = [a for a in existing if a.status != ApplicationStatus.WITHDRAWN]
    allowed = (competition.max_applications_per_organization or 1) * len(roles.organization_ids)
    return {
        "competition": competition,
        "show": (is_open and (anonymous or roles.is_ngo)) or bool(existing),
        "is_open": is_open,
        "anonymous": anonymous,
        "existing": existing,
        "can_start": roles.is_ngo and len(active) < allowed,
        "start_url": reverse("applications:start", kwargs={"reference": competition.reference}),
    }


@register.filter
def budget_category(code):
    """The label of a budget category code as stored in a snapshot ("salary_taxes" -> its translated label)."""
    return dict(BudgetCategory.choices).get(code, code)


@register.filter
def document_type(code):
    """The label of a document type code as stored in a snapshot."""
    return dict(DocumentType.choices).get(code, code)
