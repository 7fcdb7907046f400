"""Reads of the reports of frozen rankings."""

from django.utils import translation

from competitions.selectors import competitions_followed_by

from ..models import Report


def reports_of(snapshot, *, language=None):
    """The reports of a snapshot in one language (the active one by default), by format."""
    language = (language or translation.get_language() or "ru")[:2]
    return {r.format: r for r in Report.objects.filter(snapshot=snapshot, language=language)}


def reports_for_user(user):
    """Reports of the competitions the user follows (officials, observers, administrators)."""
    return Report.objects.filter(
        snapshot__competition__in=competitions_followed_by(user)).select_related(
        "snapshot__competition")


def reports_of_competition(competition):
    """The competition's reports (a page looks one up by id: 404 for another competition's)."""
    return Report.objects.select_related("snapshot__competition").filter(snapshot__competition=competition)
