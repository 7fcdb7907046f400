"""The revised budget after a lower funded amount (projects.services.revision) and a winner that loses after an
upheld appeal (projects.services.results)."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import TestCase

from applications.enums import ApplicationStatus
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications.models import Notification
from projects.enums import AgreementStatus, ProjectStatus, RevisionStatus, TrancheStatus
from projects.models import Project
from projects.services import (
    agreement_create,
    agreement_send,
    agreement_sign_body,
    agreement_sign_ngo,
    project_fund_lower,
    revision_accept,
    revision_return,
    revision_submit,
    tranche_approve,
    tranche_pay,
)
from scoring.appeals.services import appeal_decide, appeal_file
from scoring.enums import AppealStatus
from scoring.models import Assignment
from scoring.ranking.services import ranking_freeze, results_publish
from tests import factories as f
from tests.api.helpers import forced_client
from tests.projects.world import published_world
from tests.scoring.appeals.test_services import rescore

pytestmark = pytest.mark.django_db
D = Decimal


def _lines(*amounts, category="services", year=2026):
    return [{"category": category, "description": f"Line {n}", "year": year, "amount": str(a)}
            for n, a in enumerate(amounts, start=1)]


def _funded(official, amount="1200000"):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = Project.objects.get()
    project_fund_lower(project=project, amount=amount, reason="Venues are cheaper", actor=official)
    project.refresh_from_db()
    return project, ngo


def test_the_agreement_waits_for_an_accepted_revised_budget(official):
    project, ngo = _funded(official)
    with pytest.raises(DomainError) as refused:
        agreement_create(project=project, actor=official)
    assert refused.value.code == "revised_budget_required" and refused.value.status_code == 409
    revision = revision_submit(project=project, lines=_lines("900000", "300000"), actor=ngo)
    assert (revision.number, revision.status, revision.amount) == (1, RevisionStatus.SUBMITTED, D("1200000.00"))
    assert len(revision.sha256) == 64
    with pytest.raises(DomainError) as refused:
        agreement_create(project=project, actor=official)
    assert refused.value.code == "revised_budget_required"
    revision_accept(project=project, actor=official)
    assert [(line.category, line.year, line.amount) for line in project.budget_lines.all()] == [
        ("services", 2026, D("900000.00")), ("services", 2026, D("300000.00"))]
    agreement = agreement_create(project=project, actor=official)
    content = agreement.versions.get().content
    assert [line["amount"] for line in content["budget_lines"]] == ["900000.00", "300000.00"]
    assert [t["amount"] for t in content["tranches"]] == ["600000.00", "600000.00"]
    actions = list(AuditEvent.objects.filter(target_id=str(project.pk)).values_list("action", flat=True))
    assert actions.count("revised_budget.submitted") == 1 and actions.count("revised_budget.accepted") == 1


def test_a_revised_budget_names_each_problem(official):
    project, ngo = _funded(official)
    cases = [
        ([], ["lines_empty"]),
        (_lines("1000000", "100000"), ["total_mismatch"]),
        (_lines("1200000", category="equipment"), ["category_not_allowed"]),
        (_lines("1200000", year=2031), ["line_invalid"]),
        ([{"category": "services", "amount": "1200000"}], ["line_invalid"]),
        (_lines("-5", "1200005"), ["line_invalid"]),
    ]
    for lines, codes in cases:
        with pytest.raises(DomainError) as refused:
            revision_submit(project=project, lines=lines, actor=ngo)
        assert [code for _field, code in refused.value.codes] == codes, lines
    assert not project.revised_budgets.exists()


def test_returned_budget_is_corrected_and_resubmitted(official):
    project, ngo = _funded(official)
    revision_submit(project=project, lines=_lines("1000000", "200000"), actor=ngo)
    with pytest.raises(DomainError) as refused:
        revision_submit(project=project, lines=_lines("1000000", "200000"), actor=ngo)
    assert refused.value.code == "already_submitted"
    with pytest.raises(DomainError) as refused:
        revision_return(project=project, reasons=" ", actor=official)
    assert refused.value.code == "reason_required"
    revision = revision_return(project=project, reasons="Trainers are overpaid\nAdd venues", actor=official)
    assert revision.status == RevisionStatus.RETURNED
    assert revision.return_reasons == ["Trainers are overpaid", "Add venues"]
    again = revision_submit(project=project, lines=_lines("800000", "400000"), actor=ngo)
    assert (again.pk, again.number, again.status) == (revision.pk, 1, RevisionStatus.SUBMITTED)
    revision_accept(project=project, actor=official)
    with pytest.raises(DomainError) as refused:
        revision_submit(project=project, lines=_lines("800000", "400000"), actor=ngo)
    assert refused.value.code == "already_accepted"
    transitions = list(AuditEvent.objects.filter(action__startswith="revised_budget.").order_by("id")
                       .values_list("action", flat=True))
    assert transitions == ["revised_budget.submitted", "revised_budget.returned", "revised_budget.submitted",
                           "revised_budget.accepted"]
    assert Notification.objects.filter(user=ngo).count() >= 2


def test_a_drafted_agreement_is_regenerated_from_the_accepted_budget(official):
    _competition, _apps, (ngo, *_rest) = published_world(official)
    project = Project.objects.get()
    agreement = agreement_create(project=project, actor=official)
    project_fund_lower(project=project, amount="1000000", reason="Lower", actor=official)
    with pytest.raises(DomainError) as refused:
        agreement_send(agreement=agreement, actor=official)
    assert refused.value.code == "revised_budget_required"
    revision_submit(project=project, lines=_lines("700000", "300000"), actor=ngo)
    revision_accept(project=project, actor=official)
    current = agreement.versions.get(is_current=True)
    assert current.number == 3 and [line["amount"] for line in current.content["budget_lines"]] == [
        "700000.00", "300000.00"]
    agreement_send(agreement=agreement, actor=official)


def test_revised_budget_through_the_api(official):
    project, ngo = _funded(official)
    body, org = forced_client(official), forced_client(ngo)
    path = f"/api/v1/projects/{project.pk}/do"
    assert "budget-revise" in org.get(f"/api/v1/projects/{project.pk}/").json()["actions"]
    response = org.post(f"{path}/budget-revise/", {"lines": _lines("1000000")}, format="json")
    assert response.status_code == 400 and response.json()["problems"][0]["field"] == "lines"
    response = org.post(f"{path}/budget-revise/", {"lines": "nope"}, format="json")
    assert response.status_code == 400 and "lines" in response.json()
    assert body.post(f"{path}/budget-revise/", {"lines": _lines("1200000")}, format="json").status_code == 403
    assert org.post(f"{path}/budget-revise/", {"lines": _lines("1200000")}, format="json").status_code == 200
    assert org.post(f"{path}/budget-accept/", {}, format="json").status_code == 403
    assert body.post(f"{path}/agreement-create/", {"schedule": "halves"}, format="json").status_code == 409
    response = body.post(f"{path}/budget-accept/", {}, format="json")
    assert response.status_code == 200
    assert body.post(f"{path}/agreement-create/", {"schedule": "halves"}, format="json").status_code == 200


def test_the_revised_budget_page(official, client):
    project, ngo = _funded(official)
    client.force_login(ngo)
    url = f"/projects/{project.pk}/budget/"
    page = client.get(url)
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r["amount"] for r in rows] == [D("1125000.00"), D("375000.00")]
    data = {f"amount-{i}": v for i, v in enumerate(["1000000", "100000"])}
    response = client.post(url, data)
    assert response.status_code == 400 and "lines" in response.context["errors"][0][0]
    data = {f"amount-{i}": v for i, v in enumerate(["900000", "300000"])}
    assert client.post(url, data).status_code == 302
    assert project.revised_budgets.get().lines[0]["amount"] == "900000.00"
    client.force_login(f.UserFactory())
    assert client.get(url).status_code == 404


# -------------------------------------------------------------------------- a winner that loses after an appeal

def _republish_with_b_first(competition, b, official, ngo_b):
    appeal = appeal_file(application=b, reason="Expert 1 misread criterion 1", actor=ngo_b)
    assignments = list(Assignment.objects.filter(application=b))
    appeal_decide(appeal=appeal, decision=AppealStatus.UPHELD, reasoning="Misread", actor=official,
                  reopen_assignment_ids=[x.pk for x in assignments])
    for assignment in Assignment.objects.filter(application=b):
        rescore(assignment, [10, 10], official)
    ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    f.approve_ranking(competition, actor=official)
    with TestCase.captureOnCommitCallbacks(execute=True):
        results_publish(competition=competition, actor=official)


def test_a_winner_that_loses_before_the_agreement_is_in_force_is_cancelled(official):
    competition, (a, b, _c), (ngo_a, ngo_b, _ngo_c) = published_world(official)
    project = Project.objects.get(application=a)
    agreement = agreement_create(project=project, actor=official)
    _republish_with_b_first(competition, b, official, ngo_b)
    a.refresh_from_db()
    project.refresh_from_db()
    agreement.refresh_from_db()
    assert a.status != ApplicationStatus.WINNER
    assert project.status == ProjectStatus.CANCELLED and agreement.status == AgreementStatus.CANCELLED
    assert project.end_reason.startswith("@no_longer_winner")
    assert Project.objects.get(application=b).status == ProjectStatus.AWARDED
    event = AuditEvent.objects.get(action="project.cancelled", target_id=str(project.pk))
    assert event.reason == project.end_reason
    assert Notification.objects.filter(user=ngo_a, url=f"/projects/{project.pk}/").exists()
    assert not Project.objects.filter(pk=project.pk, status__in=["declined"]).exists()
    public = forced_client(None).get("/api/v1/public/projects/").json()["results"]
    assert project.pk not in [row["id"] for row in public]


def test_a_winner_in_force_is_flagged_not_touched(official):
    competition, (a, b, _c), (ngo_a, ngo_b, _ngo_c) = published_world(official)
    project = Project.objects.get(application=a)
    agreement = agreement_create(project=project, actor=official)
    agreement_send(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo_a)
    agreement_sign_body(agreement=agreement, actor=official)
    first = project.tranches.get(number=1)
    tranche_approve(tranche=first, actor=official)
    tranche_pay(tranche=first, payment_order_number="PP-1", payment_order_date=date(2026, 2, 2), actor=official)
    _republish_with_b_first(competition, b, official, ngo_b)
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS and project.lost_in_results_at is not None
    assert [t.status for t in project.tranches.all()] == [TrancheStatus.PAID, TrancheStatus.PLANNED]
    assert AuditEvent.objects.filter(action="project.lost_in_results", target_id=str(project.pk)).count() == 1
    assert Notification.objects.filter(user=official, url=f"/projects/{project.pk}/").exists()
