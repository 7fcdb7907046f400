"""The projects app in the open data (``opendata.contracts``): a project with its agreement in force and a paid
tranche, built through the projects services, appears in 360Giving (``amountDisbursed``) and OCDS (a contract
release with implementation), validated against both schemas; regeneration is queued through the outbox."""

from datetime import date

import pytest
from django.db import transaction
from django.test import TestCase

from opendata import standards
from opendata.common import stamp
from opendata.models import DataFile
from opendata.selectors import awarded_grants, open_competitions
from opendata.services import build_compiled_records, build_files, build_grant_records
from portal.notifications.models import OutboxMessage
from projects.models import Project
from projects.services import (
    agreement_create,
    agreement_send,
    agreement_sign_body,
    agreement_sign_ngo,
    project_terminate,
    tranche_approve,
    tranche_pay,
)
from tests.projects.world import published_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def _jobs():
    return OutboxMessage.objects.filter(channel="task", address="opendata.regenerate").count()


def _in_force(official, ngo, project):
    agreement = agreement_create(project=project, actor=official)
    agreement_send(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo)
    agreement_sign_body(agreement=agreement, actor=official)
    agreement.refresh_from_db()
    project.refresh_from_db()
    return agreement


def _paid_world(official):
    competition, (application, *_rest), (ngo, *_members) = published_world(official)
    project = Project.objects.get(application=application)
    agreement = _in_force(official, ngo, project)
    first = project.tranches.get(number=1)
    tranche_approve(tranche=first, actor=official)
    tranche_pay(tranche=first, payment_order_number="PP-17", payment_order_date=date(2026, 2, 3), actor=official)
    return competition, application, project, agreement


def test_a_project_reports_zero_disbursed_until_a_tranche_is_paid(official):
    _competition, (application, *_rest), _members = published_world(official)
    [grant] = [g for g in build_grant_records(awarded_grants()) if g["id"].endswith(application.registration_number)]
    assert grant["amountDisbursed"] == 0
    assert "disbursementTransaction" not in grant
    [record] = build_compiled_records(open_competitions())
    assert [r["tag"] for r in record["releases"]][-1] == ["award"]  # a draft agreement is not public yet


def test_a_paid_tranche_is_disbursed_in_360giving(official):
    _competition, application, _project, _agreement = _paid_world(official)
    [grant] = [g for g in build_grant_records(awarded_grants()) if g["id"].endswith(application.registration_number)]
    assert grant["amountDisbursed"] == 750000
    assert grant["disbursementTransaction"] == [
        {"id": "PP-17", "transactionDate": "2026-02-03T00:00:00+05:00", "currency": "KZT", "value": 750000}]
    assert standards.problems(standards.GIVING_PACKAGE, {
        "version": "1.4", "grants": [grant], "license": "https://creativecommons.org/licenses/by/4.0/"}) == []


def test_an_agreement_in_force_is_a_contract_with_milestones_and_transactions(official):
    competition, application, project, agreement = _paid_world(official)
    [record] = build_compiled_records(open_competitions())
    release = record["releases"][-1]
    assert release["tag"] == ["contract", "implementation"]
    assert release["id"].startswith(f"{record['ocid']}-contract-{agreement.number}-")
    [contract] = release["contracts"]
    assert {key: contract[key] for key in ("id", "awardID", "status", "value", "period", "dateSigned")} == {
        "id": agreement.number, "awardID": application.registration_number, "status": "active",
        "value": {"amount": 1500000, "currency": "KZT"},
        "period": {"startDate": "2026-01-15T00:00:00+05:00", "endDate": "2026-11-11T00:00:00+05:00"},
        "dateSigned": stamp(agreement.signed_by_body_at)}
    supplier = {"id": f"KZ-BIN-{project.organization.bin}", "name": project.organization.name}
    buyer = {"id": f"KZ-BIN-{competition.body.bin}", "name": competition.body.name_kk}
    assert contract["implementation"]["transactions"] == [
        {"id": "PP-17", "date": "2026-02-03T00:00:00+05:00", "value": {"amount": 750000, "currency": "KZT"},
         "payer": buyer, "payee": supplier}]
    milestones = {m["id"]: m for m in contract["implementation"]["milestones"]}
    tranches = [m for m in milestones.values() if m["type"] == "financing"]
    assert [(m["id"], m["status"], m.get("dateMet"), m["value"]["amount"]) for m in tranches] == [
        ("tranche-1", "met", "2026-02-03T00:00:00+05:00", 750000), ("tranche-2", "scheduled", None, 750000)]
    reports = [m for m in milestones.values() if m["type"] == "reporting"]
    assert [(m["id"], m["code"], m["status"]) for m in reports] == [
        (f"report-{p.number}", p.kind, "scheduled") for p in project.periods.order_by("number")]
    assert reports and all(m["dueDate"] for m in reports)
    compiled = record["compiledRelease"]
    assert compiled["contracts"][0]["implementation"]["transactions"][0]["id"] == "PP-17"
    assert "date" not in compiled["contracts"][0]
    assert next(p for p in compiled["parties"] if p["id"] == supplier["id"])["roles"] == ["supplier", "payee"]
    assert standards.problems(standards.OCDS_RELEASE, compiled) == []
    built = build_files()  # validates every file against its schema (release package, records, 360Giving)
    assert built["ocds-releases.json"][1] == len(record["releases"]) == 3  # tender, award, contract


def test_paying_a_tranche_and_entering_into_force_queue_a_regeneration_in_the_same_transaction(official):
    _competition, (application, *_rest), (ngo, *_members) = published_world(official)
    project = Project.objects.get(application=application)
    before = _jobs()
    agreement = agreement_create(project=project, actor=official)
    agreement_send(agreement=agreement, actor=official)
    agreement_sign_ngo(agreement=agreement, actor=ngo)
    assert _jobs() == before  # drafts, sending and the first signature change nothing public
    agreement_sign_body(agreement=agreement, actor=official)  # in force
    assert _jobs() == before + 1
    first = project.tranches.get(number=1)
    tranche_approve(tranche=first, actor=official)
    assert _jobs() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        tranche_pay(tranche=first, payment_order_number="PP-1", payment_order_date=date(2026, 2, 1), actor=official)
        assert _jobs() == before + 2
        raise RuntimeError("the payment fails later in its transaction")
    assert _jobs() == before + 1
    first.refresh_from_db()
    tranche_pay(tranche=first, payment_order_number="PP-1", payment_order_date=date(2026, 2, 1), actor=official)
    assert _jobs() == before + 2


def test_each_agreement_is_a_release_of_its_own_merged_into_the_record(official):
    _competition, applications, members = published_world(official, amounts=("1500000", "1000000"),
                                                           total_budget="2500000")
    for application, ngo in zip(applications, members, strict=True):
        _in_force(official, ngo, Project.objects.get(application=application))
    [record] = build_compiled_records(open_competitions())
    contracts = [r for r in record["releases"] if r["tag"] == ["contract", "implementation"]]
    assert sorted(r["contracts"][0]["awardID"] for r in contracts) == sorted(
        a.registration_number for a in applications)
    assert len({r["id"] for r in contracts}) == 2
    assert sorted(c["awardID"] for c in record["compiledRelease"]["contracts"]) == sorted(
        a.registration_number for a in applications)
    assert standards.problems(standards.OCDS_RELEASE, record["compiledRelease"]) == []


def test_a_terminated_project_is_a_terminated_contract_and_queues_a_regeneration(official):
    _competition, _application, project, _agreement = _paid_world(official)
    before = _jobs()
    project_terminate(project=project, reason="Activities stopped", recover_amount="100000", actor=official)
    assert _jobs() == before + 1
    [record] = build_compiled_records(open_competitions())
    [contract] = record["compiledRelease"]["contracts"]
    assert contract["status"] == "terminated"
    assert [(m["id"], m["status"]) for m in contract["implementation"]["milestones"] if m["type"] == "financing"] == [
        ("tranche-1", "met"), ("tranche-2", "notMet")]
    assert standards.problems(standards.OCDS_RELEASE, record["compiledRelease"]) == []


@pytest.mark.parametrize("count", [1, 3])
def test_generation_query_counts_stay_constant(official, count, django_assert_num_queries):
    for _ in range(count):
        _paid_world(official)
    grants, competitions = list(awarded_grants()), list(open_competitions())
    assert len(competitions) == count
    with django_assert_num_queries(1):  # projects with their tranches
        records = build_grant_records(grants)
    assert sum(1 for r in records if r.get("amountDisbursed") == 750000) == count
    with django_assert_num_queries(3):  # agreements (project, application, organisation, body), tranches, periods
        records = build_compiled_records(competitions)
    assert [len(r["compiledRelease"]["contracts"]) for r in records] == [1] * count


def test_the_queued_regeneration_publishes_the_payment(official):
    _competition, (application, *_rest), (ngo, *_members) = published_world(official)
    project = Project.objects.get(application=application)
    _in_force(official, ngo, project)
    first = project.tranches.get(number=1)
    tranche_approve(tranche=first, actor=official)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox delivers after the commit
        tranche_pay(tranche=first, payment_order_number="PP-99", payment_order_date=date(2026, 2, 5), actor=official)
    for name in ("360giving-grants.json", "ocds-records.json"):
        with DataFile.objects.get(name=name).file.open("rb") as handle:
            assert b'"PP-99"' in handle.read()
