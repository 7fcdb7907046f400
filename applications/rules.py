"""Object permissions of applications. Visibility itself is the selector's job (``applications_for_user``):
these predicates decide what a user who can see an application may do with it. "Follows the competition"
(its body's officials and observers, administrators) is ``competitions.rules.follows_competition``."""

import rules

from competitions.rules import follows_competition
from portal.accounts.selectors import roles_for_user

from .availability import competition_cancelled
from .enums import EDITABLE, ApplicationStatus


@rules.predicate
def is_member_of_applicant(user, application):
    return application is not None and application.organization_id in roles_for_user(user).organization_ids


@rules.predicate
def is_editable(user, application):
    return application is not None and application.status in EDITABLE


@rules.predicate
def is_submitted(user, application):
    # The deadline is checked by the withdraw service, which says when it was.
    return application is not None and application.status == ApplicationStatus.SUBMITTED


@rules.predicate
def in_cancelled_competition(user, application):
    return application is not None and competition_cancelled(application.competition) is not None


@rules.predicate
def has_receipt(user, application):
    return application is not None and bool(application.registration_number and application.snapshot_sha256)


rules.add_perm("applications.change_application", is_member_of_applicant & is_editable & ~in_cancelled_competition)
rules.add_perm("applications.submit_application", is_member_of_applicant & is_editable & ~in_cancelled_competition)
rules.add_perm("applications.withdraw_application", is_member_of_applicant & is_submitted)
rules.add_perm("applications.view_receipt", has_receipt & (is_member_of_applicant | follows_competition))
