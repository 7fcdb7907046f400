"""Reads of rubrics: what a user may use, what a competition may copy, a competition's own criteria."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.selectors import roles_for_user
from portal.errors import DomainError

from ..models import Criterion, Rubric


def rubrics_for_user(user):
    """Templates (administrators and officials) and the rubrics of the user's bodies, competition copies too."""
    roles = roles_for_user(user)
    qs = Rubric.objects.select_related("body", "competition", "previous_version").annotate(
        criteria_count=Count("criteria"))
    if roles.is_admin:
        return qs
    if not roles.is_official:
        return qs.none()
    return qs.filter(Q(is_template=True) | Q(body_id__in=roles.official_body_ids)
                     | Q(competition__body_id__in=roles.official_body_ids))


def rubric_choices_for_competition(competition):
    return (Rubric.objects.filter(Q(is_template=True) | Q(body=competition.body, competition__isnull=True))
            .annotate(criteria_count=Count("criteria")).filter(criteria_count__gt=0)
            .order_by("-is_template", "name", "-version"))


def rubric_of_competition(competition_id):
    """The competition's own (copied) rubric, or None before one is chosen."""
    return Rubric.objects.filter(competition_id=competition_id).first()


def criteria_of_competition(competition_id):
    """The criteria of the competition's rubric in order; a DomainError when it has no rubric."""
    rubric = rubric_of_competition(competition_id)
    if rubric is None:
        raise DomainError(_("The competition has no rubric."), code="no_rubric")
    return list(rubric.criteria.all())


def criteria_in_order(competition_id):
    """The competition's criteria in order (none before a rubric is chosen): one query."""
    return list(Criterion.objects.filter(rubric__competition_id=competition_id).order_by("order"))
