"""Progress reports and messages through /api/v1/: indicator values, spending with the 10 % rule, evidence as a
multipart upload, the snapshot's sha256; the message thread; query counts pinned."""

from decimal import Decimal

import pytest

from portal.canonical import canonical_sha256
from projects.models import ProgressReport, ProjectMessage
from tests.api.helpers import forced_client
from tests.projects.report_world import lines, png, program, report_world

pytestmark = pytest.mark.django_db
D = Decimal


def _do(client, pk, action, expect=200, **data):
    response = client.post(f"/api/v1/projects/reports/{pk}/do/{action}/", data, format="json")
    assert response.status_code == expect, (action, response.status_code, response.content)
    return response.json()


def test_report_through_the_api_with_indicators_spending_and_evidence(official):
    project, report, ngo, other_ngo = report_world(official)
    trainers, venues = lines(project)
    indicator = project.indicators.get()
    org, body = forced_client(ngo), forced_client(official)
    assert forced_client(other_ngo).get(f"/api/v1/projects/reports/{report.pk}/").status_code == 404

    error = _do(org, report.pk, "save", expect=400, narrative="x", colour="blue")
    assert [p["field"] for p in error["problems"]] == ["colour"]
    error = _do(org, report.pk, "save", expect=400, spending=[{"budget_line": venues.pk, "spent": "-1"}])
    assert [p["field"] for p in error["problems"]] == ["spending.0.spent"]
    over = (venues.amount * D("1.25")).quantize(D("0.01"))
    saved = _do(org, report.pk, "save", narrative="Two trainings held.", public_summary="60 trained",
                indicator_values=[{"indicator": indicator.pk, "actual": "60", "comment": ""}],
                spending=[{"budget_line": trainers.pk, "spent": str(trainers.amount)},
                          {"budget_line": venues.pk, "spent": str(over)}])
    assert saved["status"] == "draft" and D(saved["spent_total"]) == trainers.amount + over
    assert [(v["indicator"], D(v["actual"])) for v in saved["indicator_values"]] == [(indicator.pk, D("60"))]
    error = _do(org, report.pk, "submit", expect=400)
    assert error["code"] == "incomplete"
    assert [p["field"] for p in error["problems"]] == [f"spending-{venues.pk}-explanation"]

    url = f"/api/v1/projects/reports/{report.pk}/evidence/"
    refused = org.post(url, {"kind": "photo", "file": program()}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "file_type"
    assert body.post(url, {"kind": "photo", "file": png()}, format="multipart").status_code == 403
    created = org.post(url, {"kind": "photo", "file": png(), "is_public": "true"}, format="multipart")
    assert created.status_code == 201 and created.json()["is_public"] is True

    _do(org, report.pk, "save", spending=[{"budget_line": venues.pk, "spent": str(over),
                                           "explanation": "Venue prices rose"}])
    submitted = _do(org, report.pk, "submit")
    frozen = ProgressReport.objects.get(pk=report.pk)
    assert submitted["snapshot_sha256"] == canonical_sha256(frozen.snapshot)[1]
    assert frozen.snapshot["evidence"][0]["sha256"] == created.json()["sha256"]
    _do(org, report.pk, "save", expect=409, narrative="Too late")
    _do(body, report.pk, "return", reasons="Add the attendance lists")
    _do(org, report.pk, "submit")
    accepted = _do(body, report.pk, "accept")
    assert accepted["status"] == "accepted" and [e["original_name"] for e in accepted["evidence"]] == ["photo.png"]


def test_messages_through_the_api(official, observer):
    project, _report, ngo, other_ngo = report_world(official)
    from tests import factories as f

    watcher = f.ObserverMembershipFactory(body=project.competition.body).user
    url = f"/api/v1/projects/{project.pk}/messages/"
    org, body = forced_client(ngo), forced_client(official)
    error = org.post(url, {"body": "Hi", "subject": "x"}, format="json")
    assert error.status_code == 400 and [p["field"] for p in error.json()["problems"]] == ["subject"]
    created = org.post(url, {"body": "Photos of the training", "attachment": png()}, format="multipart")
    assert created.status_code == 201 and created.json()["attachment_name"] == "photo.png"
    assert body.post(url, {"body": "Thank you"}, format="json").status_code == 201
    assert forced_client(watcher).post(url, {"body": "Hello"}, format="json").status_code == 403
    assert forced_client(other_ngo).get(url).status_code == 404
    listed = forced_client(watcher).get(url).json()
    assert [m["body"] for m in listed["results"]] == ["Photos of the training", "Thank you"]
    assert ProjectMessage.objects.count() == 2


@pytest.mark.parametrize("count", [1, 3])
def test_message_list_and_report_detail_query_counts_do_not_grow(official, django_assert_num_queries, count):
    project, report, ngo, _other = report_world(official)
    for number in range(count):
        ProjectMessage.objects.create(project=project, author=ngo, body=f"Message {number}")
    client = forced_client(official)
    with django_assert_num_queries(7):  # the user's roles, the project, the count and the page: constant
        assert len(client.get(f"/api/v1/projects/{project.pk}/messages/").json()["results"]) == count
    with django_assert_num_queries(4):  # the report, its values, spending and evidence (roles cached above)
        client.get(f"/api/v1/projects/reports/{report.pk}/")
