"""An integrator's view: a Python client generated from ``/api/schema/`` with openapi-python-client (at test time,
into a temporary folder, never committed) drives the whole process of ``test_full_process`` in-process (httpx's
WSGI transport into the portal). Every call goes through the generated function and model of its operation, so
a schema that lies about a path, a parameter, a body or an answer breaks this test."""

import importlib
import io
import shutil
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client as DjangoClient
from django.utils import timezone

from competitions.models import Competition
from tests import factories as f

from .helpers import PDF_BYTES, application_content

GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_blocker):
    """The generated package ``portal_client`` (its ``api.v1`` operations and ``models``)."""
    if not GENERATOR.exists():
        pytest.fail("openapi-python-client is a dev dependency: pip install -e '.[dev]'")
    folder = tmp_path_factory.mktemp("client")
    with django_db_blocker.unblock():
        schema = DjangoClient().get("/api/schema/")
    assert schema.status_code == 200
    (folder / "schema.yaml").write_bytes(schema.content)
    (folder / "config.yaml").write_text("post_hooks: []\n")
    subprocess.run([str(GENERATOR), "generate", "--path", "schema.yaml", "--meta", "none", "--output-path",
                    "portal_client", "--config", "config.yaml"], cwd=folder, check=True, capture_output=True,
                   timeout=300)
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("portal_client")
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == "portal_client" or n.startswith("portal_client.")]:
            del sys.modules[name]
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def keep_test_connection():
    """The WSGI handler would close the test's database connection after each request (see test_schemathesis)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


class Api:
    """``api.<operation>(..., status=201)``: calls the generated operation and returns its parsed model."""

    def __init__(self, package, client):
        self.package, self.client = package, client

    def __call__(self, operation, *args, status=200, **kwargs):
        module = importlib.import_module(f"portal_client.api.v1.v1_{operation}")
        response = module.sync_detailed(*args, client=self.client, **kwargs)
        assert response.status_code == status, (operation, response.status_code, response.content[:2000])
        return response.parsed

    def model(self, name, data):
        return getattr(importlib.import_module("portal_client.models"), name).from_dict(data)


def connect(package, user=None):
    transport = httpx.WSGITransport(app=get_wsgi_application())
    anonymous = package.Client(base_url="http://testserver", httpx_args={"transport": transport},
                               raise_on_unexpected_status=True)
    if user is None:
        return Api(package, anonymous)
    api = Api(package, anonymous)
    token = api("auth_token_create", body=api.model("TokenRequestRequest", {"email": user.email,
                                                                              "password": f.PASSWORD}))
    return Api(package, package.AuthenticatedClient(base_url="http://testserver", token=token.token, prefix="Token",
                                                    httpx_args={"transport": transport},
                                                    raise_on_unexpected_status=True))


@pytest.mark.django_db(transaction=False)
def test_whole_process_through_a_generated_client(generated, keep_test_connection,
                                                  django_capture_on_commit_callbacks):
    from portal_client.types import File

    body = f.GovernmentBodyFactory()
    official_user = f.OfficialMembershipFactory(body=body, role="manager").user
    ngo_users = [f.MembershipFactory(role="owner").user for _ in range(2)]
    experts = [f.ExpertProfileFactory() for _ in range(3)]
    official = connect(generated, official_user)
    ngos = [connect(generated, user) for user in ngo_users]

    rubric = official("rubrics_create", status=201, body=official.model("RubricWriteRequest", {
        "name": "Two criteria", "criteria": [{"title": "Relevance", "weight": "1"},
                                             {"title": "Feasibility", "weight": "2"}]}))
    assert [c.weight for c in rubric.criteria] == ["1.000", "2.000"]
    now = timezone.now()
    competition = official("competitions_create", status=201, body=official.model("CompetitionWriteRequest", {
        "kind": "state_grant", "title_kk": "Жастар жобаларының конкурсы", "description_kk": "Жастарды қолдау.",
        "title_ru": "Конкурс молодежных проектов", "description_ru": "Поддержка молодежи.",
        "priority_area": f.priority_area().pk, "regions": [f.region().pk],
        "opens_at": (now - timedelta(hours=1)).isoformat(), "closes_at": (now + timedelta(days=10)).isoformat(),
        "total_budget": "3500000.00", "min_amount": "1000000.00", "max_amount": "3000000.00", "planned_grants": 2,
        "rubric": rubric.id, "experts_per_application": 2, "aggregation": "mean", "pass_threshold": "10",
        "winner_rule": "budget", "required_documents": [{"document_type": "charter", "mandatory": True}]}))
    cid = competition.id
    assert official("competitions_publish_create", cid).status == "published"

    applications = []
    for index, client in enumerate(ngos):
        content = application_content(1, services_cost="150000.00" if index == 0 else "200000.00")
        del content["version"]
        draft = client("applications_create", status=201,
                       body=client.model("ApplicationCreateRequest", {"competition": cid, **content}))
        assert draft.requested_amount in ("2000000.00", "2500000.00") and draft.title == "Youth media centre"
        models = importlib.import_module("portal_client.models")
        client("applications_attachments_create", draft.id, status=201, body=models.AttachmentUploadRequest(
            document_type=models.DocumentType("charter"),
            file=File(payload=io.BytesIO(PDF_BYTES), file_name="charter.pdf", mime_type="application/pdf")))
        submitted = client("applications_submit_create", draft.id)
        assert submitted.status == "submitted" and len(submitted.snapshot_sha256) == 64
        applications.append(submitted)

    Competition.objects.filter(pk=cid).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert official("competitions_close_create", cid).status == "closed"
    for application in applications:
        assert official("applications_admit_create", application.id).status == "admitted"
    assert official("competitions_start_review_create", cid).status == "under_review"
    official("competitions_pool_create", cid, body=official.model("PoolAddRequest", {
        "experts": [e.pk for e in experts]}))
    proposal = official("competitions_assignments_auto_create", cid, status=201,
                        body=official.model("AutoAssignRequest", {"seed": 7, "max_load": 2}))
    assert len(proposal.pairs) == 4
    assert len(official("competitions_assignments_auto_confirm_create", cid, proposal.id).assignments) == 4

    criteria = [c.id for c in official("rubrics_retrieve", competition.rubric).criteria]
    for number, expert in enumerate(experts):
        client = connect(generated, expert.user)
        for assignment in client("assignments_list", competition=cid).results:
            assert client("assignments_declare_create", assignment.id,
                          body=client.model("DeclareRequest", {"conflict": False})).status == "accepted"
            scores = [{"criterion": criterion, "value": str(8 - number + position), "comment": "ok"}
                      for position, criterion in enumerate(criteria)]
            evaluation = client("assignments_evaluation_update", assignment.id, body=client.model(
                "EvaluationWriteRequest", {"scores": scores, "comment": "Solid."}))
            assert Decimal(evaluation.total) == (8 - number) + 2 * (9 - number)
            assert client("assignments_evaluation_submit_create", assignment.id).submitted_at is not None

    ranking = official("competitions_ranking_retrieve", cid)
    assert ranking.can_freeze is True and [row.rank for row in ranking.rows] == [1, 2]
    snapshot = official("competitions_ranking_freeze_create", cid, status=201)
    with django_capture_on_commit_callbacks(execute=True):
        report = official("competitions_reports_create", cid, status=202,
                          body=official.model("ReportRequestRequest", {"format": "pdf"}))
    report = official("reports_retrieve", report.id)
    assert report.status == "done" and len(report.sha256) == 64
    # The commission approves the frozen ranking (its own API journey is in test_full_process.py).
    f.approve_ranking(Competition.objects.get(pk=cid), actor=official_user)
    official("competitions_publish_results_create", cid)
    results = connect(generated)("competitions_results_retrieve", cid)
    assert results.snapshot.sha256 == snapshot.sha256 and len(results.audit_chain_head) == 64

    reserve = next(row.application for row in results.rows if row.outcome == "reserve")
    appellant = ngos[[a.id for a in applications].index(reserve)]
    appeal = appellant("applications_appeals_create", reserve, status=201,
                       body=appellant.model("AppealFileRequest", {"reason": "Our budget was cut."}))
    decided = official("appeals_decide_create", appeal.id, body=official.model("AppealDecideRequest", {
        "decision": "dismissed", "reasoning": "The budget rule was applied as published."}))
    assert decided.status == "dismissed"
    assert official("competitions_audit_list", cid).count > 20
