"""The whole process through the API alone, from the rubric to a decided appeal; the ranking is checked against
numbers computed here."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from competitions.models import Competition
from tests import factories as f

from .helpers import PDF_BYTES, application_content, token_client

CRITERIA = [  # (title, weight)
    ("Relevance", Decimal("1")),
    ("Feasibility", Decimal("2")),
]
# scores[application index][expert email] = (criterion 1, criterion 2); each application gets 2 of the 3 experts.
SCORES = {0: (Decimal("8"), Decimal("9")), 1: (Decimal("6"), Decimal("7")), 2: (Decimal("7"), Decimal("5"))}


def q3(value):
    return Decimal(value).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@pytest.mark.django_db(transaction=False)
def test_whole_process_through_the_api(django_capture_on_commit_callbacks):
    body = f.GovernmentBodyFactory()
    official_user = f.OfficialMembershipFactory(body=body, role="manager").user
    ngo_users = [f.MembershipFactory(role="owner").user for _ in range(2)]
    experts = [f.ExpertProfileFactory() for _ in range(3)]
    official = token_client(official_user)
    ngos = [token_client(user) for user in ngo_users]
    expert_clients = {e.pk: token_client(e.user) for e in experts}

    # --- the official builds a rubric, creates and publishes the competition --------------------------------
    response = official.post("/api/v1/rubrics/", {"name": "Two criteria", "criteria": [
        {"title": title, "min_score": "0", "max_score": "10", "step": "1", "weight": str(weight)}
        for title, weight in CRITERIA]}, format="json")
    assert response.status_code == 201, response.json()
    rubric = response.json()
    assert [c["weight"] for c in rubric["criteria"]] == ["1.000", "2.000"]

    now = timezone.now()
    response = official.post("/api/v1/competitions/", {
        "kind": "state_grant", "title_ru": "Конкурс молодежных проектов", "description_ru": "Поддержка молодежи.",
        "title_kk": "Жастар жобаларының конкурсы", "description_kk": "Жастарды қолдау.",
        "priority_area": f.priority_area().pk, "regions": [f.region().pk],
        "opens_at": (now - timedelta(hours=1)).isoformat(), "closes_at": (now + timedelta(days=10)).isoformat(),
        "total_budget": "3500000.00", "min_amount": "1000000.00", "max_amount": "3000000.00", "planned_grants": 2,
        "rubric": rubric["id"], "experts_per_application": 2, "aggregation": "mean", "pass_threshold": "10",
        "winner_rule": "budget", "required_documents": [{"document_type": "charter", "mandatory": True}],
    }, format="json")
    assert response.status_code == 201, response.json()
    competition = response.json()
    assert competition["status"] == "draft" and competition["rubric"] is not None
    assert competition["total_budget"] == "3500000.00"
    assert competition["closes_at"].endswith("+05:00")
    cid = competition["id"]

    response = official.post(f"/api/v1/competitions/{cid}/publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published"
    assert official.post(f"/api/v1/competitions/{cid}/publish/").status_code == 409

    # --- two NGOs apply and submit --------------------------------------------------------------------------
    applications = []
    for index, client in enumerate(ngos):
        response = client.post("/api/v1/applications/", {"competition": cid}, format="json")
        assert response.status_code == 201, response.json()
        draft = response.json()
        cost = "150000.00" if index == 0 else "200000.00"  # 2 000 000 and 2 500 000 KZT
        response = client.patch(f"/api/v1/applications/{draft['id']}/",
                                application_content(draft["version"], services_cost=cost), format="json")
        assert response.status_code == 200, response.json()
        response = client.post(f"/api/v1/applications/{draft['id']}/attachments/",
                               {"document_type": "charter", "file": SimpleUploadedFile("charter.pdf", PDF_BYTES)},
                               format="multipart")
        assert response.status_code == 201, response.json()
        response = client.post(f"/api/v1/applications/{draft['id']}/submit/")
        assert response.status_code == 200, response.json()
        submitted = response.json()
        assert submitted["status"] == "submitted" and len(submitted["snapshot_sha256"]) == 64
        applications.append(submitted)
    assert [a["requested_amount"] for a in applications] == ["2000000.00", "2500000.00"]

    # --- the official closes, admits and starts the review ------------------------------------------------
    Competition.objects.filter(pk=cid).update(closes_at=timezone.now() - timedelta(minutes=1))
    response = official.post(f"/api/v1/competitions/{cid}/close/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    for application in applications:
        response = official.post(f"/api/v1/applications/{application['id']}/admit/")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "admitted"
    assert official.post(f"/api/v1/competitions/{cid}/start-review/").json()["status"] == "under_review"

    # --- automatic assignment: pool, proposal, confirmation ------------------------------------------------
    response = official.post(f"/api/v1/competitions/{cid}/pool/", {"experts": [e.pk for e in experts]},
                             format="json")
    assert response.status_code == 200, response.json()
    response = official.post(f"/api/v1/competitions/{cid}/assignments/auto/", {"seed": 7, "max_load": 2},
                             format="json")
    assert response.status_code == 201, response.json()
    proposal = response.json()
    assert len(proposal["pairs"]) == 4
    response = official.post(f"/api/v1/competitions/{cid}/assignments/auto/{proposal['id']}/confirm/")
    assert response.status_code == 200, response.json()
    assert len(response.json()["assignments"]) == 4

    # --- experts declare and score ---------------------------------------------------------------------------
    criteria_ids = [c["id"] for c in official.get(f"/api/v1/rubrics/{competition['rubric']}/").json()["criteria"]]
    totals = {a["id"]: [] for a in applications}
    for expert in experts:
        client = expert_clients[expert.pk]
        mine = client.get("/api/v1/assignments/", {"competition": cid}).json()["results"]
        for assignment in mine:
            response = client.post(f"/api/v1/assignments/{assignment['id']}/declare/", {"conflict": False},
                                   format="json")
            assert response.status_code == 200, response.json()
            assert response.json()["status"] == "accepted"
            values = SCORES[experts.index(expert)]
            if assignment["application"] == applications[1]["id"]:
                values = (values[0] - 1, values[1] - 1)
            scores = [{"criterion": criterion, "value": str(value), "comment": "ok"}
                      for criterion, value in zip(criteria_ids, values, strict=True)]
            response = client.put(f"/api/v1/assignments/{assignment['id']}/evaluation/",
                                  {"scores": scores, "comment": "Solid."}, format="json")
            assert response.status_code == 200, response.json()
            total = sum(w * v for (_t, w), v in zip(CRITERIA, values, strict=True))
            assert Decimal(response.json()["total"]) == total
            response = client.post(f"/api/v1/assignments/{assignment['id']}/evaluation/submit/")
            assert response.status_code == 200, response.json()
            assert response.json()["submitted_at"] is not None
            totals[assignment["application"]].append(total)

    # --- the ranking, checked against the numbers computed here ----------------------------------------------
    expected = {app_id: q3(sum(values) / len(values)) for app_id, values in totals.items()}
    order = sorted(expected, key=lambda app_id: -expected[app_id])
    response = official.get(f"/api/v1/competitions/{cid}/ranking/")
    assert response.status_code == 200, response.json()
    ranking = response.json()
    assert ranking["can_freeze"] is True
    assert [row["application"] for row in ranking["rows"]] == order
    assert [Decimal(row["score"]) for row in ranking["rows"]] == [expected[a] for a in order]
    assert [row["rank"] for row in ranking["rows"]] == [1, 2]
    # Budget 3 500 000: the first is funded, the second (2 000 000 or 2 500 000) no longer fits: reserve.
    assert [row["outcome"] for row in ranking["rows"]] == ["winner", "reserve"]

    response = official.post(f"/api/v1/competitions/{cid}/ranking/freeze/")
    assert response.status_code == 201, response.json()
    snapshot = response.json()
    assert len(snapshot["sha256"]) == 64

    # --- the PDF report, made by the (eager) Celery task after commit ---------------------------------------
    with django_capture_on_commit_callbacks(execute=True):
        response = official.post(f"/api/v1/competitions/{cid}/reports/", {"format": "pdf"}, format="json")
    assert response.status_code == 202, response.json()
    report = response.json()
    assert report["status"] in ("queued", "running", "done")
    report = official.get(f"/api/v1/reports/{report['id']}/").json()
    assert report["status"] == "done" and report["progress"] == 100 and len(report["sha256"]) == 64
    download = official.get(f"/api/v1/reports/{report['id']}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    # --- the commission meets and approves the frozen ranking (one dissent) -------------------------------
    response = official.put(f"/api/v1/competitions/{cid}/commission/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["quorum_numerator"], response.json()["quorum_denominator"]) == (2, 3)
    members = []
    for user, role in ((official_user, "chair"), (f.UserFactory(), "secretary"), (f.UserFactory(), "member")):
        response = official.post(f"/api/v1/competitions/{cid}/commission/members/",
                                 {"user": user.pk, "full_name": f"Member {role}", "role": role}, format="json")
        assert response.status_code == 201, response.json()
        members.append(response.json()["id"])
    response = official.post(f"/api/v1/competitions/{cid}/commission/meetings/",
                             {"held_at": "2026-05-04T10:00:00+05:00", "format": "online",
                              "livestream_url": "https://stream.example.kz/live"}, format="json")
    assert response.status_code == 201, response.json()
    meeting = response.json()["id"]
    response = official.post(f"/api/v1/competitions/{cid}/commission/meetings/{meeting}/attendance/",
                             {"present": members[:2]}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "held", response.json()
    response = official.post(f"/api/v1/competitions/{cid}/commission/meetings/{meeting}/decision/", {"votes": [
        {"member": members[0], "vote": "approve"}, {"member": members[1], "vote": "approve"}]}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "ranking_approved", response.json()

    # --- results published; public read without sign-in ---------------------------------------------------
    response = official.post(f"/api/v1/competitions/{cid}/publish-results/")
    assert response.status_code == 200, response.json()
    public = APIClient().get(f"/api/v1/competitions/{cid}/results/")
    assert public.status_code == 200
    results = public.json()
    assert results["snapshot"]["sha256"] == snapshot["sha256"]
    assert [(row["application"], row["outcome"]) for row in results["rows"]] == list(zip(order, ["winner", "reserve"],
                                                                                           strict=True))
    assert len(results["audit_chain_head"]) == 64

    # --- the reserve appeals; the official dismisses it with reasoning -------------------------------------
    loser = order[1]
    loser_client = ngos[[a["id"] for a in applications].index(loser)]
    response = loser_client.post(f"/api/v1/applications/{loser}/appeals/", {"reason": "Our budget was cut."},
                                 format="json")
    assert response.status_code == 201, response.json()
    appeal = response.json()
    response = official.post(f"/api/v1/appeals/{appeal['id']}/decide/",
                             {"decision": "dismissed", "reasoning": "The budget rule was applied as published."},
                             format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "dismissed"
    assert official.post(f"/api/v1/appeals/{appeal['id']}/decide/",
                         {"decision": "upheld", "reasoning": "again"}, format="json").status_code == 409

    audit = official.get(f"/api/v1/competitions/{cid}/audit/").json()
    assert audit["count"] > 20
