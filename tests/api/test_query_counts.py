"""Query counts of every list endpoint: the same number for 1 row and for 5 rows of everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from competitions.models import Clarification
from scoring.models import PoolMember
from tests import factories as f

# In this order (roles are computed once per user object and cached on it, so the order matters).
# competitions, questions, audit and pool lost one query each with the lazy close (a read no longer writes).
PINNED = {"competitions": 4, "applications-ngo": 10, "applications-official": 10, "assignments": 2,
          "assignments-expert": 6, "experts": 4, "rubrics": 3, "organizations": 2, "questions": 3, "audit": 2,
          "pool": 5}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response.json()["count"]

@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_list_endpoints_query_counts(count):
    body = f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body).user
    ngo = f.MembershipFactory()
    expert = f.ExpertProfileFactory()
    for i in range(count):
        c = f.CompetitionFactory(body=body)
        a = f.ApplicationFactory(competition=c, organization=ngo.organization, status="submitted")
        f.BudgetLineFactory(application=a)
        f.AssignmentFactory(application=a, expert=expert if i == 0 else f.ExpertProfileFactory())
        f.CriterionFactory(rubric=f.RubricFactory(body=body))
    first = body.competitions.order_by("pk").first()
    for _index in range(count):
        Clarification.objects.create(competition=first, question="When?", answer="Soon.", answered_at=first.opens_at)
    for expert_profile in f.ExpertProfileFactory._meta.model.objects.all()[:count]:
        PoolMember.objects.create(competition=first, expert=expert_profile)
    measured, counted = {}, {}
    for label, user, url in [
        ("competitions", None, "/api/v1/competitions/"),
        ("applications-ngo", ngo.user, "/api/v1/applications/"),
        ("applications-official", official, "/api/v1/applications/"),
        ("assignments", official, "/api/v1/assignments/"),
        ("assignments-expert", expert.user, "/api/v1/assignments/"),
        ("experts", official, "/api/v1/experts/"),
        ("rubrics", official, "/api/v1/rubrics/"),
        ("organizations", ngo.user, "/api/v1/organizations/"),
        ("questions", None, f"/api/v1/competitions/{first.pk}/questions/"),
        ("audit", official, f"/api/v1/competitions/{first.pk}/audit/"),
        ("pool", official, f"/api/v1/competitions/{first.pk}/pool/"),
    ]:
        client = APIClient()
        if user:
            client.force_authenticate(user)
        measured[label], counted[label] = queries(client, url)
    assert measured == PINNED
    assert counted["competitions"] == count and counted["applications-ngo"] == count
    assert counted["pool"] == count and counted["questions"] == count
