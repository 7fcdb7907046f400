"""The progress report page, its evidence, the message thread, the dashboards' late reports and the public page:
bad input beside the field (400), a foreign organisation's report is no report (404), observers read only."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from projects import services
from projects.enums import ReportStatus
from projects.models import ProjectMessage
from tests import factories as f
from tests.projects.report_world import lines, png, program, report_world

pytestmark = pytest.mark.django_db
D = Decimal


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form(project, *, venues_spent, explanation="", submit=False):
    trainers, venues = lines(project)
    indicator, activity = project.indicators.get(), project.activities.get()
    data = {"narrative": "Two trainings held.", "public_summary": "60 people trained in two towns.",
            "beneficiaries_reached": "60", f"activity-{activity.pk}-done": "on",
            f"activity-{activity.pk}-note": "", f"indicator-{indicator.pk}-actual": "60",
            f"indicator-{indicator.pk}-comment": "", f"spending-{trainers.pk}-spent": str(trainers.amount),
            f"spending-{trainers.pk}-explanation": "", f"spending-{venues.pk}-spent": venues_spent,
            f"spending-{venues.pk}-explanation": explanation}
    return {**data, "submit": "1"} if submit else data


def test_report_page_bad_input_beside_the_field_then_submit_return_resubmit_accept(official):
    project, report, ngo, other_ngo = report_world(official)
    _trainers, venues = lines(project)
    url = reverse("projects:report", args=[report.pk])
    org, body = _client(ngo), _client(official)
    assert org.get(url).status_code == 200
    assert _client(other_ngo).get(url).status_code == 404
    assert _client(other_ngo).post(url, _form(project, venues_spent="1")).status_code == 404

    response = org.post(url, _form(project, venues_spent="a lot"))
    assert response.status_code == 400
    assert f'id="id_spending-{venues.pk}-spent"' in response.content.decode()
    assert response.context["form"].errors[f"spending-{venues.pk}-spent"] == ["Enter a number."]

    over = str((venues.amount * D("1.5")).quantize(D("0.01")))
    response = org.post(url, _form(project, venues_spent=over, submit=True))
    assert response.status_code == 400
    key = f"spending-{venues.pk}-explanation"
    assert response.context["form"].errors[key] == [
        "The spending differs from the plan by more than 10 %: explain why."]
    assert f'id="id_{key}_error"' in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT  # the draft was saved, the submission refused

    response = org.post(url, _form(project, venues_spent=over, explanation="Venue prices rose", submit=True))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and len(report.snapshot_sha256) == 64
    assert org.post(url, _form(project, venues_spent="1")).status_code == 400  # frozen

    decide = reverse("projects:report_decide", args=[report.pk, "return"])
    assert org.post(decide, {"reasons": "Mine"}).status_code == 403
    response = body.post(decide, {"reasons": "  "})
    assert response.status_code == 400 and response.context["decision_form"].errors["reasons"]
    assert body.post(decide, {"reasons": "Attendance lists are missing"}).status_code == 302
    page = org.get(url).content.decode()
    assert "Attendance lists are missing" in page and 'id="report-form"' in page

    upload = reverse("projects:report_evidence", args=[report.pk])
    response = org.post(upload, {"kind": "photo", "file": program()})
    assert response.status_code == 400 and response.context["evidence_form"].errors["file"]
    assert org.post(upload, {"kind": "attendance", "file": png("list.png"), "is_public": "on"}).status_code == 302
    assert org.post(url, _form(project, venues_spent=over, explanation="Venue prices rose",
                               submit=True)).status_code == 302
    assert body.post(reverse("projects:report_decide", args=[report.pk, "accept"])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and len(report.snapshot["evidence"]) == 1

    evidence = report.evidence.get()
    assert org.get(reverse("projects:evidence_file", args=[evidence.pk])).status_code == 200
    assert _client(other_ngo).get(reverse("projects:evidence_file", args=[evidence.pk])).status_code == 404
    public = Client().get(reverse("projects:public_detail", args=[project.pk])).content.decode()
    assert "60 people trained in two towns." in public and "Two trainings held." not in public
    assert reverse("projects:public_evidence_file", args=[evidence.pk]) in public
    assert Client().get(reverse("projects:public_evidence_file", args=[evidence.pk])).status_code == 200


def test_public_page_hides_unaccepted_reports_and_private_evidence(official):
    project, report, ngo, _other = report_world(official)
    services.report_save(report=report, actor=ngo, narrative="Secret narrative", public_summary="Visible later",
                         spent_total="10")
    evidence = services.evidence_add(report=report, actor=ngo, upload=png(), kind="photo")
    services.report_submit(report=report, actor=ngo)
    anonymous = Client()
    assert "Visible later" not in anonymous.get(reverse("projects:public_detail", args=[project.pk])).content.decode()
    services.report_accept(report=report, actor=official)
    page = anonymous.get(reverse("projects:public_detail", args=[project.pk])).content.decode()
    assert "Visible later" in page and "Secret narrative" not in page and "photo.png" not in page
    assert anonymous.get(reverse("projects:public_evidence_file", args=[evidence.pk])).status_code == 404


def test_message_thread_between_the_organisation_and_the_body_observers_read(official):
    project, _report, ngo, other_ngo = report_world(official)
    observer = f.ObserverMembershipFactory(body=project.competition.body).user
    url = reverse("projects:messages", args=[project.pk])
    org = _client(ngo)
    response = org.post(url, {"body": ""})
    assert response.status_code == 400 and response.context["form"].errors["body"]
    response = org.post(url, {"body": "Photos attached", "attachment": program("photo.png")})
    assert response.status_code == 400 and response.context["form"].errors["attachment"]
    assert not ProjectMessage.objects.exists()
    assert org.post(url, {"body": "Photos attached", "attachment": png()}).status_code == 302
    message = ProjectMessage.objects.get()
    assert (message.attachment_name, message.author) == ("photo.png", ngo) and len(message.attachment_sha256) == 64
    event = AuditEvent.objects.get(action="project_message.posted")
    assert event.after["side"] == "organization" and event.after["message"] == message.pk
    assert Notification.objects.filter(user=official, url=f"/projects/{project.pk}/messages/").count() == 1
    assert _client(official).post(url, {"body": "Thank you"}).status_code == 302
    assert Notification.objects.filter(user=ngo, url=f"/projects/{project.pk}/messages/").count() == 1

    watcher = _client(observer)
    page = watcher.get(url)
    assert page.status_code == 200 and "Photos attached" in page.content.decode() and 'id="message-form"' not in \
        page.content.decode()
    assert watcher.post(url, {"body": "Hello"}).status_code == 403
    assert _client(other_ngo).get(url).status_code == 404
    assert watcher.get(reverse("projects:message_file", args=[message.pk])).status_code == 200
    assert _client(other_ngo).get(reverse("projects:message_file", args=[message.pk])).status_code == 404
    assert ProjectMessage.objects.count() == 2


def test_late_reports_on_both_dashboards(official):
    project, report, ngo, other_ngo = report_world(official)
    period = report.period
    period.due_on = period.ends_on = period.starts_on
    period.save()
    services.reports_remind_and_flag()
    for user in (ngo, official):
        page = _client(user).get(reverse("dashboard")).content.decode()
        assert 'id="late-reports"' in page and reverse("projects:report", args=[report.pk]) in page
    page = _client(other_ngo).get(reverse("dashboard")).content.decode()
    assert reverse("projects:report", args=[report.pk]) not in page
