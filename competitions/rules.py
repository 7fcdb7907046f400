"""Who may see and run a competition behind the scenes. Views and API ask ``rules.has_perm(perm, user, competition)``
(never ``user.has_perm``, which lets any superuser through).

The two relations every app reuses are defined here, once:

* ``manages_competition``: an official of the competition's body, or an administrator;
* ``follows_competition``: an official or an observer of the body, or an administrator (read-only).

Both accept a competition or anything that leads to one (an application, a ranking snapshot, a report,
an appeal), so the scoring rules combine them instead of redefining them. ``acts_for_body`` is the one
answer to "may this person act for this government body" (creating a competition or a rubric for it).

* ``competitions.view_competition_internal``: followers (every page of /manage/, the review, the ranking).
* ``competitions.manage_competition``: managers (every POST of /manage/, the review and the ranking).
* ``competitions.act_for_body`` (object: a GovernmentBody): officials of that body, administrators.
* ``competitions.change_competition``: managers of a draft (only drafts are fully editable).
* ``competitions.publish_competition`` / ``extend_competition`` / ``cancel_competition`` / ``close_competition``.
"""

import rules
from django.utils import timezone

from portal.accounts.selectors import roles_for_user

from .enums import CompetitionStatus

_PATHS_TO_COMPETITION = ("competition", "snapshot.competition", "application.competition")


def competition_of(obj):
    """The competition behind ``obj``: itself, or its ``competition``, ``snapshot.competition`` or
    ``application.competition`` (applications, snapshots, reports, appeals)."""
    for path in _PATHS_TO_COMPETITION:
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    return obj


def may_act_for(user, body_id):
    """The one rule of acting for a government body: its officials, and administrators."""
    roles = roles_for_user(user)
    return roles.is_admin or body_id in roles.official_body_ids


@rules.predicate
def is_admin(user):
    return roles_for_user(user).is_admin


@rules.predicate
def acts_for_a_body(user):
    """An official of some government body, or an administrator."""
    roles = roles_for_user(user)
    return roles.is_admin or roles.is_official


@rules.predicate
def acts_for_body(user, body):
    """An official of ``body`` (a GovernmentBody), or an administrator."""
    return body is not None and may_act_for(user, body.pk)


@rules.predicate
def manages_competition(user, obj):
    """An official of the competition's body, or an administrator."""
    return obj is not None and may_act_for(user, competition_of(obj).body_id)


@rules.predicate
def follows_competition(user, obj):
    """An official or observer of the competition's body, or an administrator."""
    if obj is None:
        return False
    roles = roles_for_user(user)
    return roles.is_admin or competition_of(obj).body_id in roles.followed_body_ids


@rules.predicate
def is_draft(user, competition):
    return competition_of(competition).status == CompetitionStatus.DRAFT


@rules.predicate
def is_published(user, competition):
    return competition_of(competition).status == CompetitionStatus.PUBLISHED


@rules.predicate
def is_past_deadline(user, competition):
    return competition_of(competition).closes_at <= timezone.now()


@rules.predicate
def is_cancellable(user, competition):
    return competition_of(competition).status not in {CompetitionStatus.FINAL, CompetitionStatus.CANCELLED}


rules.add_perm("competitions.act_for_body", acts_for_body)
rules.add_perm("competitions.view_competition_internal", follows_competition)
rules.add_perm("competitions.manage_competition", manages_competition)
rules.add_perm("competitions.change_competition", manages_competition & is_draft)
rules.add_perm("competitions.publish_competition", manages_competition & is_draft)
rules.add_perm("competitions.extend_competition", manages_competition & is_published & ~is_past_deadline)
rules.add_perm("competitions.close_competition", manages_competition & is_published & is_past_deadline)
rules.add_perm("competitions.cancel_competition", manages_competition & is_cancellable)
rules.add_perm("competitions.answer_clarification", manages_competition)
