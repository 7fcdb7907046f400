"""Reads of appeals."""

from applications.selectors import applications_for_user

from ..enums import AssignmentStatus
from ..models import Appeal, Assignment


def appeals_of_competition(competition):
    return (Appeal.objects.filter(application__competition=competition)
            .select_related("application__organization", "decided_by").order_by("-filed_at"))


def appeals_of_application(application):
    return Appeal.objects.filter(application=application).order_by("-filed_at")


def appeals_for_user(user):
    """Appeals of the applications the user may see (``applications_for_user``)."""
    return Appeal.objects.filter(application__in=applications_for_user(user)).select_related(
        "application__competition")


def submitted_assignments_of(application):
    """The submitted evaluations an upheld appeal may reopen, with their experts (for the official)."""
    return list(Assignment.objects.filter(application=application, status=AssignmentStatus.SUBMITTED)
                .select_related("expert__user", "evaluation").order_by("id"))
