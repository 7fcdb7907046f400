"""Who may see and run a competition behind the scenes. Views ask ``request.user.has_perm(perm, competition)``.

* ``competitions.view_competition_internal``: the body's officials and observers, administrators.
* ``competitions.manage_competition``: the body's officials and administrators (every POST of /manage/).
* ``competitions.change_competition``: managers of a draft (only drafts are fully editable).
* ``competitions.publish_competition`` / ``extend_competition`` / ``cancel_competition`` / ``close_competition``.
"""

import rules
from django.utils import timezone

from portal.accounts.selectors import roles_for_user

from .enums import CompetitionStatus


def _competition(obj):
    # Application-level checks pass the application; its competition decides.
    return getattr(obj, "competition", obj)


@rules.predicate
def is_admin(user):
    return roles_for_user(user).is_admin


@rules.predicate
def is_official_of_body(user, competition):
    competition = _competition(competition)
    return competition is not None and competition.body_id in roles_for_user(user).official_body_ids


@rules.predicate
def is_observer_of_body(user, competition):
    competition = _competition(competition)
    return competition is not None and competition.body_id in roles_for_user(user).observer_body_ids


@rules.predicate
def is_draft(user, competition):
    return _competition(competition).status == CompetitionStatus.DRAFT


@rules.predicate
def is_published(user, competition):
    return _competition(competition).status == CompetitionStatus.PUBLISHED


@rules.predicate
def is_past_deadline(user, competition):
    return _competition(competition).closes_at <= timezone.now()


@rules.predicate
def is_cancellable(user, competition):
    return _competition(competition).status not in {CompetitionStatus.FINAL, CompetitionStatus.CANCELLED}


can_manage = is_official_of_body | is_admin

rules.add_perm("competitions.view_competition_internal", can_manage | is_observer_of_body)
rules.add_perm("competitions.manage_competition", can_manage)
rules.add_perm("competitions.change_competition", can_manage & is_draft)
rules.add_perm("competitions.publish_competition", can_manage & is_draft)
rules.add_perm("competitions.extend_competition", can_manage & is_published & ~is_past_deadline)
rules.add_perm("competitions.close_competition", can_manage & is_published & is_past_deadline)
rules.add_perm("competitions.cancel_competition", can_manage & is_cancellable)
rules.add_perm("competitions.answer_clarification", can_manage)
