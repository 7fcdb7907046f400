"""The councils API: public reads with the overdue flag, filing by the secretary, the body's answer."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from planning.enums import PlanStatus
from portal.councils import services
from tests import factories as f

from .helpers import forced_client

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def council():
    council = f.CouncilFactory()
    services.council_member_add(council=council, user=f.UserFactory(full_name="Aigerim Nurlanovna"),
                                role="secretary", actor=None)
    return council


def test_the_secretary_files_with_a_file_and_the_body_answers(council):
    plan = f.PlanFactory(body=council.body, status=PlanStatus.IN_DISCUSSION)
    secretary = council.members.get().user
    response = forced_client(secretary).post(f"{API}/councils/{council.pk}/documents/", {
        "kind": "recommendation", "subject": f"planning.plan:{plan.pk}", "title": "Rural topics",
        "text": "Add two.", "upload": SimpleUploadedFile("rec.pdf", b"%PDF-1.4\n%%EOF")}, format="multipart")
    assert response.status_code == 201, response.json()
    document = response.json()
    assert (document["subject"], document["subject_url"], document["status"], document["file_name"]) == (
        f"planning.plan:{plan.pk}", f"/plans/{plan.pk}/", "filed", "rec.pdf")
    official = f.OfficialMembershipFactory(body=council.body).user
    answered = forced_client(official).post(f"{API}/councils/documents/{document['id']}/answer/",
                                            {"answer_text": "Added as items 4 and 5."}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    again = forced_client(official).post(f"{API}/councils/documents/{document['id']}/answer/",
                                         {"answer_text": "Again"}, format="json")
    assert again.status_code == 409


def test_filing_refusals_name_the_field(council):
    secretary = council.members.get().user
    foreign = f.PlanFactory(status=PlanStatus.IN_DISCUSSION)
    response = forced_client(secretary).post(f"{API}/councils/{council.pk}/documents/", {
        "kind": "recommendation", "subject": f"planning.plan:{foreign.pk}", "title": "x", "text": "y"},
        format="json")
    assert (response.status_code, response.json()["subject"]) == (400, [
        "This plan or competition does not belong to the council's body or is not public."])
    member = f.UserFactory()
    services.council_member_add(council=council, user=member, role="member", actor=None)
    assert forced_client(member).post(f"{API}/councils/{council.pk}/documents/", {}, format="json").status_code == 403


def test_overdue_documents_are_flagged_and_filtered(settings, council):
    settings.COUNCIL_ANSWER_WORKING_DAYS = 1
    plan = f.PlanFactory(body=council.body, status=PlanStatus.PROPOSALS_OPEN)
    secretary = council.members.get().user
    old = services.council_document_file(council=council, kind="recommendation", title="Old", text="t",
                                         subject=plan, actor=secretary, now=timezone.now() - timedelta(days=9))
    services.council_document_file(council=council, kind="recommendation", title="New", text="t", subject=plan,
                                   actor=secretary)
    api = forced_client(None)
    overdue = api.get(f"{API}/councils/documents/", {"overdue": "true"}).json()["results"]
    assert [(d["id"], d["is_overdue"]) for d in overdue] == [(old.pk, True)]
    on_plan = api.get(f"{API}/councils/documents/", {"subject": f"planning.plan:{plan.pk}"}).json()
    assert on_plan["count"] == 2
    assert api.get(f"{API}/councils/documents/", {"subject": "nonsense"}).json()["count"] == 0
    councils = api.get(f"{API}/councils/").json()["results"]
    assert [(c["overdue_answers"], c["members"]) for c in councils] == [
        (1, [{"name": "Aigerim Nurlanovna", "role": "secretary"}])]
