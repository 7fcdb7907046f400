"""Monitoring visits and results evaluations through /api/v1/projects/visits/ and /api/v1/projects/evaluations/."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.services.monitoring import visit_plan
from tests import factories as f
from tests.api.helpers import forced_client
from tests.applications.helpers import PNG_BYTES
from tests.projects.meb_world import finished_project, running_project

pytestmark = pytest.mark.django_db
SOON = (timezone.localdate() + timedelta(days=10)).isoformat()


def _post(client, path, expect=200, fmt="json", **data):
    response = client.post(f"/api/v1/{path}", data, format=fmt)
    assert response.status_code == expect, (path, response.status_code, response.content)
    return response.json()


def test_a_visit_through_the_api(official):
    project, ngo = running_project(official)
    expert = f.ExpertProfileFactory()
    body, org, inspector = forced_client(official), forced_client(ngo), forced_client(expert.user)
    _post(body, "projects/visits/", 400, project=project.pk, planned_on=SOON, inspector=expert.user.pk, extra=1)
    _post(body, "projects/visits/", 404, project=project.pk, planned_on=SOON, inspector=f.UserFactory().pk)
    _post(org, "projects/visits/", 403, project=project.pk, planned_on=SOON, inspector=expert.user.pk)
    visit = _post(body, "projects/visits/", 201, project=project.pk, planned_on=SOON, inspector=expert.user.pk)
    path = f"projects/visits/{visit['id']}/do"
    items = list(project.visits.get().template.items.values_list("pk", flat=True))
    _post(org, f"{path}/record/", 403, answers=[])
    _post(inspector, f"{path}/record/", 400, answers=[{"item": items[0], "answer": "maybe"}])
    _post(inspector, f"{path}/complete/", 400)  # the checklist is not answered
    _post(inspector, f"{path}/record/", answers=[{"item": i, "answer": "no", "comment": "x"} for i in items],
          rating="poor", summary="Activities behind the plan")
    visit = _post(inspector, f"{path}/finding/", fmt="multipart", text="Empty hall",
                  photo=SimpleUploadedFile("hall.png", PNG_BYTES))
    finding = visit["findings"][0]
    assert len(finding["photo_sha256"]) == 64
    _post(inspector, f"{path}/action/", 404, text="Hold the training", due_on=SOON, finding=finding["id"] + 999)
    visit = _post(inspector, f"{path}/action/", text="Hold the training", due_on=SOON, finding=finding["id"])
    visit = _post(inspector, f"{path}/complete/")
    assert (visit["status"], visit["rating"]) == ("actions_open", "poor")
    action = visit["actions"][0]["id"]
    _post(body, f"projects/visits/actions/{action}/do/answer/", 403, answer="Done")
    _post(org, f"projects/visits/actions/{action}/do/answer/", 400)
    assert _post(org, f"projects/visits/actions/{action}/do/answer/", answer="Held on Monday")["status"] == "answered"
    _post(org, f"projects/visits/actions/{action}/do/close/", 403)
    assert _post(body, f"projects/visits/actions/{action}/do/reopen/", reason="No photos")["status"] == "open"
    _post(body, f"projects/visits/actions/{action}/do/reopen/", 409, reason="Again")
    _post(org, f"projects/visits/actions/{action}/do/answer/", answer="Photos attached")
    assert _post(body, f"projects/visits/actions/{action}/do/close/")["status"] == "closed"
    assert org.get(f"/api/v1/projects/visits/{visit['id']}/").json()["status"] == "closed"
    assert forced_client(f.UserFactory()).get(f"/api/v1/projects/visits/{visit['id']}/").status_code == 404


def test_visit_lists_query_counts_do_not_grow(official):
    project, ngo = running_project(official)
    client = forced_client(ngo)
    client.get("/api/v1/projects/visits/")  # warms the session and the roles cache
    counts = []
    for _round in range(2):
        visit_plan(project=project, planned_on=SOON, inspector=official, actor=official)
        visit_plan(project=project, planned_on=SOON, inspector=official, actor=official)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/projects/visits/").status_code == 200
        counts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/projects/visits/actions/")
    assert counts[0] == counts[1], counts
    assert (counts[0], len(queries)) == (5, 1)  # visits: count, page, 3 prefetches; no actions: the count only


def test_an_evaluation_through_the_api(official):
    project, ngo = finished_project(official)
    one, two = f.ExpertProfileFactory(), f.ExpertProfileFactory()
    body = forced_client(official)
    _post(forced_client(ngo), "projects/evaluations/", 403, project=project.pk, experts=[one.pk, two.pk])
    _post(body, "projects/evaluations/", 400, project=project.pk, experts=[one.pk])
    _post(body, "projects/evaluations/", 404, project=project.pk, experts=[one.pk, 999999])
    evaluation = _post(body, "projects/evaluations/", 201, project=project.pk, experts=[one.pk, two.pk])
    assert evaluation["status"] == "panel" and len(evaluation["evaluators"]) == 2
    criteria = list(project.evaluation.rubric.criteria.values_list("pk", flat=True))
    for expert in (one, two):
        client = forced_client(expert.user)
        (seat,) = client.get("/api/v1/projects/evaluations/seats/").json()["results"]
        path = f"projects/evaluations/seats/{seat['id']}/do"
        _post(client, f"{path}/declare/", has_conflict=False)
    for expert, points in ((one, 10), (two, 4)):
        client = forced_client(expert.user)
        (seat,) = client.get("/api/v1/projects/evaluations/seats/").json()["results"]
        path = f"projects/evaluations/seats/{seat['id']}/do"
        _post(client, f"{path}/save/", 400, scores={"999999": {"points": 1, "verdict": "x"}})
        _post(client, f"{path}/save/", 400, scores={str(criteria[0]): {"points": 11, "verdict": "x"}})
        _post(client, f"{path}/save/", scores={str(c): {"points": points, "verdict": "Clear"} for c in criteria})
        seat = _post(client, f"{path}/submit/")
        assert seat["status"] == "submitted" and seat["total"] == f"{points * 5}.00"
    _post(body, f"projects/evaluations/{evaluation['id']}/do/publish/", 400, extra="x")
    evaluation = _post(body, f"projects/evaluations/{evaluation['id']}/do/publish/", conclusion="Reached its aim")
    assert (evaluation["status"], evaluation["outcome"], evaluation["total"]) == ("published", "satisfactory",
                                                                                  "35.00")
    _post(body, f"projects/evaluations/{evaluation['id']}/do/publish/", 409)
    assert forced_client(ngo).get(f"/api/v1/projects/evaluations/{evaluation['id']}/").json()["outcome"] == \
        "satisfactory"
