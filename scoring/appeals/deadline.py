"""The appeal window: working days after publication (Kazakhstan's public holidays excluded).

A read, kept apart from the writes so that the rules, the pages and the services all use it."""

from django.utils import timezone

from portal.reference.calendar import add_working_days


def appeal_deadline(competition):
    """The last day (Asia/Almaty) on which an appeal may be filed, or None before publication."""
    if competition.results_published_at is None:
        return None
    published_on = timezone.localdate(competition.results_published_at)
    return add_working_days(published_on, competition.appeal_window_days)
