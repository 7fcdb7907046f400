"""Kinds of notification: what a user opts into per channel (SMS, Telegram) on the profile page.

``notify(kind=...)`` names the kind; when a caller gives none, the kind follows from the link the notification
carries (its first path segment), else ``general``.
"""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "applications": _("Your applications: submission, admission, results"),
    "competitions": _("Competitions: deadlines, changes, cancellations"),
    "reviews": _("Expert work: new assignments, reopened evaluations"),
    "management": _("Managing competitions: questions, recusals, appeals"),
    "planning": _("Plans of topics and public discussion"),
    "councils": _("Public councils"),
    "account": _("Your account and organisations"),
    "general": _("Other notices"),
}

# The first segments of a notification's link, and the kind they mean.
_URL_KINDS = (
    ("/manage/plans/", "planning"),
    ("/manage/", "management"),
    ("/applications/", "applications"),
    ("/review/", "reviews"),
    ("/experts/", "reviews"),
    ("/competitions/", "competitions"),
    ("/results/", "applications"),
    ("/plans/", "planning"),
    ("/councils/", "councils"),
    ("/organizations/", "account"),
    ("/accounts/", "account"),
)


def kind_for(kind="", url=""):
    if kind:
        if kind not in KINDS:
            raise ValueError(f"unknown notification kind {kind!r}")
        return kind
    for prefix, inferred in _URL_KINDS:
        if (url or "").startswith(prefix):
            return inferred
    return "general"


def kind_choices():
    return list(KINDS.items())
