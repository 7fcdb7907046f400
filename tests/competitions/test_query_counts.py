"""Query counts of the competitions' list pages: the same for one row and for many (DESIGN.md §5)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.enums import CompetitionStatus
from competitions.models import Clarification
from portal import audit
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 12])
def test_public_competition_list_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        competition = f.CompetitionFactory(status=CompetitionStatus.PUBLISHED)
        competition.regions.add(f.region())
    with django_assert_num_queries(5):  # was 6 with the lazy close: a read no longer writes
        response = client.get(reverse("competitions:list"))
    assert response.status_code == 200


def _questions(competition, count, *, answered_by):
    ngo = f.MembershipFactory()
    for index in range(count):
        Clarification.objects.create(
            competition=competition, asked_by=ngo.user, organization=ngo.organization, question=f"Question {index}",
            **({"answer": f"Answer {index}", "answered_by": answered_by, "answered_at": timezone.now()}
               if index % 2 else {}))


@pytest.mark.parametrize("count", [1, 12])
def test_questions_page_query_count(client, django_assert_num_queries, official, count):
    competition = f.CompetitionFactory(body=official.official_memberships.get().body,
                                       status=CompetitionStatus.PUBLISHED)
    _questions(competition, count, answered_by=official)
    client.force_login(official)
    url = reverse("manage:questions", kwargs={"reference": competition.reference})
    client.get(url)  # the session and the roles settle on the first request
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_question_queue_query_count(client, django_assert_num_queries, official, count):
    competition = f.CompetitionFactory(body=official.official_memberships.get().body,
                                       status=CompetitionStatus.PUBLISHED)
    _questions(competition, count, answered_by=official)
    client.force_login(official)
    url = reverse("manage:question_queue")
    client.get(url)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_audit_page_query_count(client, django_assert_num_queries, official, count):
    competition = f.CompetitionFactory(body=official.official_memberships.get().body,
                                       status=CompetitionStatus.PUBLISHED)
    for index in range(count):
        audit.record(actor=official if index % 2 else None, action="competition.noted", target=competition,
                     competition_id=competition.pk, after={"n": index})
    client.force_login(official)
    url = reverse("manage:audit", kwargs={"reference": competition.reference})
    client.get(url)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
