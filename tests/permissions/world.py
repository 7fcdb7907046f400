"""The world every permission case runs against: two bodies, two NGOs, an expert, an observer.

Body A (with ``official`` and ``observer``) runs ``open_competition`` (published, open) and
``draft_competition``. NGO A (``ngo``) has ``application`` (draft) and ``submitted_application`` on
the open competition. Body B (``other_official``) and NGO B (``other_ngo``) own nothing of that.
``expert`` has ``assignment`` (offered) on ``submitted_application``.
Extend it (add attributes) when a new page needs an object; never change what is there.
"""

from dataclasses import dataclass

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from tests import factories as f


@dataclass
class World:
    users: dict
    body: object
    other_body: object
    organization: object
    other_organization: object
    open_competition: object
    draft_competition: object
    other_draft_competition: object
    application: object
    submitted_application: object
    expert_profile: object
    assignment: object
    invitation: object  # accounts: a pending invitation to NGO A, to an address no world user has


def build_world():
    body, other_body = f.GovernmentBodyFactory(), f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    other_official = f.OfficialMembershipFactory(body=other_body).user
    observer = f.ObserverMembershipFactory(body=body).user
    ngo_membership = f.MembershipFactory(role="owner")
    other_ngo_membership = f.MembershipFactory(role="owner")
    expert_profile = f.ExpertProfileFactory()
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    open_competition = f.CompetitionFactory(body=body)
    draft_competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    other_draft_competition = f.CompetitionFactory(body=other_body, status=CompetitionStatus.DRAFT,
                                                   published_at=None)
    application = f.ApplicationFactory(competition=open_competition, organization=ngo_membership.organization)
    submitted = f.ApplicationFactory(competition=f.CompetitionFactory(body=body),
                                     organization=ngo_membership.organization,
                                     status=ApplicationStatus.SUBMITTED)
    assignment = f.AssignmentFactory(application=submitted, expert=expert_profile)
    return World(
        users={
            "anonymous": None,
            "ngo": ngo_membership.user,
            "other_ngo": other_ngo_membership.user,
            "official": official,
            "other_official": other_official,
            "observer": observer,
            "expert": expert_profile.user,
            "admin": admin,
        },
        body=body,
        other_body=other_body,
        organization=ngo_membership.organization,
        other_organization=other_ngo_membership.organization,
        open_competition=open_competition,
        draft_competition=draft_competition,
        other_draft_competition=other_draft_competition,
        application=application,
        submitted_application=submitted,
        expert_profile=expert_profile,
        assignment=assignment,
        invitation=f.InvitationFactory(organization=ngo_membership.organization, email="invitee@example.kz",
                                       invited_by=ngo_membership.user),
    )
