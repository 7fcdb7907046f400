from datetime import date, timedelta

import pytest

from portal.accounts.models import ExpertAffiliation
from scoring.assignment.conflicts import (
    HARD_AFFILIATION,
    HARD_MEMBER,
    POTENTIAL_DOMAIN,
    POTENTIAL_REGION,
    conflict_index,
    is_private_domain,
)
from scoring.models import PotentialConflictDecision
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def _pair(**expert_user):
    application = f.ApplicationFactory(status="admitted", registration_number="SZ-X-1")
    expert = f.ExpertProfileFactory(user=f.UserFactory(**expert_user)) if expert_user else f.ExpertProfileFactory()
    return expert, application


def _index(expert, application, **kwargs):
    return conflict_index(experts=[expert], applications=[application], today=TODAY, **kwargs)


def test_member_of_the_applicant_is_a_hard_conflict():
    expert, application = _pair()
    f.MembershipFactory(user=expert.user, organization=application.organization, role="editor")
    index = _index(expert, application)
    assert index.hard == {(expert.pk, application.pk): [HARD_MEMBER]}
    assert index.forbidden() == {(expert.pk, application.pk)}


@pytest.mark.parametrize(("started", "ended", "conflict"), [
    (None, None, True),                                      # ongoing
    (date(2020, 1, 1), TODAY - timedelta(days=364), True),   # ended within 12 months
    (date(2020, 1, 1), TODAY - timedelta(days=366), False),  # ended more than 12 months ago
    (TODAY + timedelta(days=10), None, False),               # not started yet
])
def test_affiliation_by_bin_within_twelve_months(started, ended, conflict):
    expert, application = _pair()
    ExpertAffiliation.objects.create(expert=expert, organization_bin=application.organization.bin,
                                     organization_name="X", kind="relative", started_on=started, ended_on=ended)
    index = _index(expert, application)
    assert (index.hard == {(expert.pk, application.pk): [HARD_AFFILIATION]}) is conflict


def test_affiliation_with_another_bin_is_no_conflict():
    expert, application = _pair()
    ExpertAffiliation.objects.create(expert=expert, organization_bin=f.make_bin(), organization_name="Other",
                                     kind="employee")
    assert _index(expert, application).hard == {}


def test_same_private_email_domain_is_a_potential_conflict_public_providers_are_not():
    expert, application = _pair(email="aigerim@ngo-alpha.kz")
    f.MembershipFactory(user=f.UserFactory(email="boss@ngo-alpha.kz"), organization=application.organization)
    index = _index(expert, application)
    assert index.potential == {(expert.pk, application.pk): [POTENTIAL_DOMAIN]}
    assert index.forbidden() == set()
    assert not is_private_domain("gmail.com") and not is_private_domain("mail.ru")

    public_expert = f.ExpertProfileFactory(user=f.UserFactory(email="someone@gmail.com"))
    f.MembershipFactory(user=f.UserFactory(email="other@gmail.com"), organization=application.organization)
    assert _index(public_expert, application).potential == {}


def test_same_region_is_potential_only_when_outside_experts_are_required():
    expert, application = _pair()
    expert.regions.add(application.organization.region)
    assert _index(expert, application).potential == {}
    index = _index(expert, application, require_outside_region=True)
    assert index.potential == {(expert.pk, application.pk): [POTENTIAL_REGION]}


def test_confirmed_potential_conflict_blocks_the_pair_dismissed_does_not():
    expert, application = _pair(email="a@ngo-beta.kz")
    f.MembershipFactory(user=f.UserFactory(email="b@ngo-beta.kz"), organization=application.organization)
    decision = PotentialConflictDecision.objects.create(application=application, expert=expert,
                                                        decision="dismissed", note="different branch")
    index = _index(expert, application)
    assert index.forbidden() == set() and index.open_potential(expert.pk, application.pk) == []
    decision.decision = "confirmed"
    decision.save()
    assert _index(expert, application).forbidden() == {(expert.pk, application.pk)}


def test_bulk_index_uses_a_fixed_number_of_queries(django_assert_num_queries):
    applications = [f.ApplicationFactory(status="admitted", registration_number=f"SZ-Y-{i}") for i in range(5)]
    experts = [f.ExpertProfileFactory() for _ in range(4)]
    for expert in experts:
        assert expert.user.pk
    with django_assert_num_queries(3):  # memberships, affiliations, decisions: whatever the number of pairs
        conflict_index(experts=experts, applications=applications, today=TODAY)
