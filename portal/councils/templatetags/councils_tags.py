from django import template
from django.utils import timezone

from ..selectors import council_roles_for_user, documents_on, filing_councils_for_user
from ..targets import subject_key, target_of

register = template.Library()


@register.inclusion_tag("councils/_documents.html", takes_context=True)
def council_documents(context, obj):
    """The public councils' documents on ``obj`` with the body's answers; overdue ones flagged.

    A chair or secretary of a council of the object's body also gets the link to file one."""
    today = timezone.localdate()
    documents = list(documents_on(obj))
    for document in documents:
        document.overdue = document.is_overdue_on(today)
    target = target_of(obj)
    user = context.get("user")
    filing = []
    if target is not None and user is not None and council_roles_for_user(user):
        filing = list(filing_councils_for_user(user).filter(body_id=target.body_id(obj)))
    return {"documents": documents, "filing": filing, "subject": subject_key(obj), "user": user}
