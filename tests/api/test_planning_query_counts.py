"""Query counts of the plans and councils list endpoints: the same for 1 and for 5 rows of everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from planning import services
from planning.enums import CommentStatus, PlanStatus
from portal.councils.services import council_document_file, council_member_add
from tests import factories as f
from tests.planning.helpers import plan_at

# Plans: count, page. Under a plan: the plan, count, page and prefetches (regions, evidence). Councils: count,
# page, members. Documents: count, page.
PINNED = {"plans": 2, "items": 5, "proposals": 5, "comments": 3, "versions": 3, "councils": 3,
          "council-documents": 2}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_list_endpoints_query_counts(count):
    body = f.GovernmentBodyFactory()
    official = f.OfficialMembershipFactory(body=body, role="manager").user
    approved = plan_at(PlanStatus.APPROVED, body=body, official=official, items=count)
    for _index in range(1, count):
        f.PlanFactory(body=body, status=PlanStatus.PROPOSALS_OPEN)
    discussed = plan_at(PlanStatus.IN_DISCUSSION, body=body, official=official)
    for index in range(count):
        item = approved.items.get(number=index + 1)
        item.evidence.create(kind="link", title="Source", url="https://stat.gov.kz/")
        f.TopicProposalFactory(plan=approved, item=None).evidence.create(kind="link", title="S", url="https://a.kz")
        comment = services.comment_submit(plan=discussed, text=f"C{index}", actor=f.UserFactory())
        services.comment_moderate(comment=comment, decision=CommentStatus.PUBLISHED, reason="", actor=official)
        council = f.CouncilFactory(body=body)
        council_member_add(council=council, user=f.UserFactory(), role="secretary", actor=None)
        council_document_file(council=council, kind="conclusion", title="C", text="T", subject=approved,
                              actor=council.members.get().user)
    client = APIClient()
    measured, counted = {}, {}
    for label, url in [("plans", "/api/v1/plans/"), ("items", f"/api/v1/plans/{approved.pk}/items/"),
                       ("proposals", f"/api/v1/plans/{approved.pk}/proposals/"),
                       ("comments", f"/api/v1/plans/{discussed.pk}/comments/"),
                       ("versions", f"/api/v1/plans/{approved.pk}/versions/"), ("councils", "/api/v1/councils/"),
                       ("council-documents", "/api/v1/councils/documents/")]:
        client.get(url)  # warm the caches (content types)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        measured[label], counted[label] = len(captured), response.json()["count"]
    assert measured == PINNED
    assert (counted["items"], counted["proposals"], counted["comments"], counted["councils"]) == (
        count, count, count, count)
