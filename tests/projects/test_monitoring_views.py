from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from projects.enums import ActionStatus, EvaluationStatus, VisitStatus
from projects.models import MonitoringVisit, ProjectEvaluation
from tests import factories as f
from tests.applications.helpers import PNG_BYTES
from tests.projects.meb_world import finished_project, running_project

pytestmark = pytest.mark.django_db
SOON = (timezone.localdate() + timedelta(days=15)).isoformat()


def _as(client, user):
    client.force_login(user)
    return client


def test_a_visit_through_the_pages(client, official):
    project, ngo = running_project(official)
    expert = f.ExpertProfileFactory()
    page = _as(client, official).get(f"/projects/{project.pk}/")
    assert page.status_code == 200 and b'id="visits"' in page.content and b'id="evaluation"' in page.content
    response = client.post(f"/projects/{project.pk}/visits/plan/", {"planned_on": SOON, "inspector": expert.user.pk})
    visit = MonitoringVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/visits/{visit.pk}/"
    items = list(visit.template.items.all())
    inspector = _as(client, expert.user)
    assert inspector.get(f"/projects/visits/{visit.pk}/").status_code == 200
    data = {f"answer_{i.pk}": "yes" for i in items} | {"rating": "good", "summary": "Well run"}
    bad = inspector.post(f"/projects/visits/{visit.pk}/record/", {**data, f"answer_{items[0].pk}": "maybe"})
    assert bad.status_code == 400
    assert inspector.post(f"/projects/visits/{visit.pk}/record/", data).status_code == 302
    refused = inspector.post(f"/projects/visits/{visit.pk}/findings/",
                             {"text": "A program", "photo": SimpleUploadedFile("a.png", b"MZ" * 100)})
    assert refused.status_code == 400 and b"not an accepted type" in refused.content
    inspector.post(f"/projects/visits/{visit.pk}/findings/",
                   {"text": "Lists missing", "photo": SimpleUploadedFile("hall.png", PNG_BYTES)})
    finding = visit.findings.get()
    photo = inspector.get(f"/projects/visits/findings/{finding.pk}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert inspector.post(f"/projects/visits/{visit.pk}/actions/", {"text": "Fix", "due_on": "2001-01-01"}
                          ).status_code == 400
    inspector.post(f"/projects/visits/{visit.pk}/actions/", {"text": "Complete the lists", "due_on": SOON,
                                                           "finding": finding.pk})
    assert inspector.post(f"/projects/visits/{visit.pk}/complete/").status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ACTIONS_OPEN
    action = visit.actions.get()
    org = _as(client, ngo)
    assert b"Send the answer" in org.get(f"/projects/visits/{visit.pk}/").content
    assert org.post(f"/projects/visits/actions/{action.pk}/close/").status_code == 403
    assert org.post(f"/projects/visits/actions/{action.pk}/answer/", {"answer": ""}).status_code == 400
    assert org.post(f"/projects/visits/actions/{action.pk}/answer/", {"answer": "Done"}).status_code == 302
    curator = _as(client, official)
    assert curator.post(f"/projects/visits/actions/{action.pk}/close/").status_code == 302
    action.refresh_from_db()
    visit.refresh_from_db()
    assert (action.status, visit.status) == (ActionStatus.CLOSED, VisitStatus.CLOSED)
    assert _as(client, f.UserFactory()).get(f"/projects/visits/{visit.pk}/").status_code == 404


def test_an_evaluation_through_the_pages(client, official):
    project, ngo = finished_project(official)
    one, two = f.ExpertProfileFactory(), f.ExpertProfileFactory()
    _as(client, official).post(f"/projects/{project.pk}/evaluation/panel/", {"experts": [one.pk]})
    assert not ProjectEvaluation.objects.exists()  # one expert: refused, the message on the project page
    client.post(f"/projects/{project.pk}/evaluation/panel/", {"experts": [one.pk, two.pk]})
    evaluation = ProjectEvaluation.objects.get()
    criteria = list(evaluation.rubric.criteria.all())
    seats = list(evaluation.evaluators.order_by("id"))
    for seat, expert in zip(seats, (one, two), strict=True):
        page = _as(client, expert.user)
        assert b"project-evaluations" in page.get("/review/").content
        assert page.get(f"/projects/evaluations/{evaluation.pk}/").status_code == 302  # to their seat
        assert page.post(f"/projects/evaluations/seats/{seat.pk}/", {"declare": "1", "has_conflict": "no"}
                         ).status_code == 302
    for seat, expert, points in ((seats[0], one, "8"), (seats[1], two, "6")):
        page = _as(client, expert.user)
        scores = {f"points_{c.pk}": points for c in criteria}
        incomplete = page.post(f"/projects/evaluations/seats/{seat.pk}/", {**scores, "submit": "1"})
        assert incomplete.status_code == 400 and b"verbal verdict" in incomplete.content
        off = page.post(f"/projects/evaluations/seats/{seat.pk}/", {**scores, f"points_{criteria[0].pk}": "12"})
        assert off.status_code == 400
        verdicts = {f"verdict_{c.pk}": "Convincing" for c in criteria}
        assert page.post(f"/projects/evaluations/seats/{seat.pk}/", {**scores, **verdicts, "submit": "1"}
                         ).status_code == 302
    assert _as(client, one.user).get(f"/projects/evaluations/seats/{seats[1].pk}/").status_code == 404
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.outcome) == (EvaluationStatus.DONE, "satisfactory")  # 35 of 50 = 70 %
    assert _as(client, ngo).post(f"/projects/evaluations/{evaluation.pk}/publish/").status_code == 403
    _as(client, official).post(f"/projects/evaluations/{evaluation.pk}/publish/", {"conclusion": "Good work"})
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED
    client.logout()
    public = client.get(f"/projects/public/{project.pk}/")
    assert b'id="public-outcome"' in public.content and b"Good work" in public.content
