"""``{% my_project_evaluations as seats %}``: the signed-in expert's seats on results evaluation panels, for the
expert's page (scoring's templates include ``projects/evaluation_assignments.html``; scoring never imports
projects)."""

from django import template

from ..selectors_monitoring import seats_of_user

register = template.Library()


@register.simple_tag(takes_context=True)
def my_project_evaluations(context):
    request = context.get("request")
    return list(seats_of_user(request.user)) if request is not None else []
