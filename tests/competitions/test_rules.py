"""The relations every app reuses, defined once in competitions.rules: acting for a body, managing and
following a competition (through a competition or anything that leads to one)."""

from types import SimpleNamespace

import pytest
import rules

from competitions.rules import competition_of
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    body = f.GovernmentBodyFactory()
    return {
        "body": body,
        "official": f.OfficialMembershipFactory(body=body).user,
        "observer": f.ObserverMembershipFactory(body=body).user,
        "other_official": f.OfficialMembershipFactory().user,
        "admin": f.UserFactory(is_staff=True),
        "ngo": f.MembershipFactory().user,
    }


def test_acting_for_a_body(people):
    body = people["body"]
    allowed = {name for name in ("official", "observer", "other_official", "admin", "ngo")
               if rules.has_perm("competitions.act_for_body", people[name], body)}
    assert allowed == {"official", "admin"}
    assert not rules.has_perm("competitions.act_for_body", people["admin"], None)


def test_managing_and_following_through_every_object_that_leads_to_a_competition(people):
    competition = f.CompetitionFactory(body=people["body"])
    application = f.ApplicationFactory(competition=competition)
    snapshot = SimpleNamespace(competition=competition)
    report = SimpleNamespace(snapshot=snapshot)
    appeal = SimpleNamespace(application=application)
    for obj in (competition, application, snapshot, report, appeal):
        assert competition_of(obj) == competition
        managers = {name for name in people if name != "body"
                    and rules.has_perm("competitions.manage_competition", people[name], obj)}
        followers = {name for name in people if name != "body"
                     and rules.has_perm("competitions.view_competition_internal", people[name], obj)}
        assert managers == {"official", "admin"}
        assert followers == {"official", "observer", "admin"}
