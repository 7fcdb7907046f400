from django import template
from django.urls import reverse

from competitions.enums import DocumentType
from portal.accounts.selectors import organizations_for_user, roles_for_user

from ..availability import start_choice
from ..enums import BudgetCategory
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
    choices = ([start_choice(org, competition, existing) for org in organizations_for_user(user)]
               if roles.is_ngo and is_open else [])
    refusals = [] if any(c["can_start"] for c in choices) else list(
        dict.fromkeys(str(p.message) for c in choices for p in [*c["problems"], c["refusal"]] if p))
    return {
        "competition": competition,
        "show": (is_open and (anonymous or roles.is_ngo)) or bool(existing),
        "is_open": is_open,
        "anonymous": anonymous,
        "existing": existing,
        "can_start": any(c["can_start"] for c in choices),
        "refusals": refusals,
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
