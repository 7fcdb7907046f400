"""Progress reports: the variance rule, the frozen snapshot and its sha256, return and resubmission, evidence
checked as application attachments, reminders exactly once and the late flags."""

from datetime import timedelta
from decimal import Decimal

import pytest

from applications.errors import UploadRefused
from portal.audit.models import AuditEvent
from portal.canonical import canonical_sha256
from portal.errors import DomainError, TransitionError
from portal.notifications.models import Notification
from portal.reference.calendar import add_working_days
from projects import calc, services
from projects.enums import ReportStatus, TrancheStatus
from projects.services.reports import ReportIncomplete
from projects.services.transitions import StateError
from tests.projects.report_world import lines, png, program, report_world

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.mark.parametrize("planned, spent, explain", [
    ("1000", "1100", False),  # exactly 10 %: no explanation needed
    ("1000", "1100.01", True),
    ("1000", "899.99", True),
    ("1000", "900", False),
    ("0", "0", False),
    ("0", "1", True),  # spending on a line planned at zero
])
def test_variance_rule(planned, spent, explain):
    assert calc.needs_explanation(D(planned), D(spent)) is explain


def test_variance_arithmetic():
    assert calc.variance_percent(D("200"), D("250")) == D("25.00")
    assert calc.variance_percent(D("0"), D("5")) is None
    assert calc.variance(D("200"), D("150")) == D("-50.00")
    assert calc.achievement_percent(D("120"), D("90")) == 75 and calc.achievement_percent(D("0"), D("1")) is None


def _fill(report, project, ngo, *, explanation=""):
    trainers, venues = lines(project)
    indicator = project.indicators.get()
    activity = project.activities.get()
    return services.report_save(
        report=report, actor=ngo, narrative="Two trainings held.", public_summary="60 people trained.",
        beneficiaries_reached=60, activities_done=[{"activity": activity.pk, "done": True, "note": "Both held"}],
        indicator_values=[{"indicator": indicator.pk, "actual": "60", "comment": "Half of the target"}],
        spending=[{"budget_line": trainers.pk, "spent": str(trainers.amount), "explanation": ""},
                  {"budget_line": venues.pk, "spent": str(venues.amount * D("1.2")), "explanation": explanation}])


def test_submit_needs_an_explanation_beside_the_overspent_line_then_freezes_everything(official):
    project, report, ngo, _other = report_world(official)
    trainers, venues = lines(project)
    with pytest.raises(ReportIncomplete) as refused:
        services.report_submit(report=report, actor=ngo)
    assert set(refused.value.by_field) == {"narrative", "spent_total"}
    _fill(report, project, ngo)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.spent_total == trainers.amount + (venues.amount * D("1.2")).quantize(D("0.01"))
    with pytest.raises(ReportIncomplete) as refused:
        services.report_submit(report=report, actor=ngo)
    assert list(refused.value.by_field) == [f"spending-{venues.pk}-explanation"]  # the trainers' line is on plan

    _fill(report, project, ngo, explanation="Venue prices rose in spring")
    evidence = services.evidence_add(report=report, actor=ngo, upload=png(), kind="photo", is_public=True)
    services.report_submit(report=report, actor=ngo)
    report.refresh_from_db()
    snapshot = report.snapshot
    assert report.status == ReportStatus.SUBMITTED
    assert report.snapshot_sha256 == canonical_sha256(snapshot)[1]
    assert snapshot["indicators"] == [{"indicator": project.indicators.get().pk, "name": "People trained",
                                       "unit": "people", "year": 2026, "target": "120.00", "actual": "60.00",
                                       "comment": "Half of the target"}]
    assert [(s["budget_line"], s["explanation"]) for s in snapshot["spending"]] == [
        (trainers.pk, ""), (venues.pk, "Venue prices rose in spring")]
    assert snapshot["evidence"] == [{"kind": "photo", "name": "photo.png", "size": evidence.size,
                                     "sha256": evidence.sha256, "public": True}]
    assert snapshot["activities"][0]["done"] is True
    with pytest.raises(StateError):
        services.report_save(report=report, actor=ngo, narrative="Changed after submission")
    with pytest.raises(StateError):
        services.evidence_add(report=report, actor=ngo, upload=png(), kind="photo")


def test_returned_report_is_corrected_and_resubmitted_then_accepted_releasing_the_tranche(official):
    project, report, ngo, _other = report_world(official)
    _fill(report, project, ngo, explanation="Prices rose")
    services.report_submit(report=report, actor=ngo)
    first_sha = report.__class__.objects.get(pk=report.pk).snapshot_sha256
    with pytest.raises(DomainError) as refused:
        services.report_return(report=report, reasons=["  "], actor=official)
    assert refused.value.code == "reason_required"
    services.report_return(report=report, reasons=["Attendance lists are missing"], actor=official)
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.return_reasons == ["Attendance lists are missing"]
    assert report.correction_deadline is not None
    assert Notification.objects.filter(user=ngo, subject__contains="returned").count() == 1
    with pytest.raises(TransitionError):
        services.report_accept(report=report, actor=official)
    services.evidence_add(report=report, actor=ngo, upload=png("list.png"), kind="attendance")
    services.report_save(report=report, actor=ngo, narrative="Two trainings held, lists attached.")
    services.report_submit(report=report, actor=ngo)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.snapshot_sha256 != first_sha
    assert len(report.snapshot["evidence"]) == 1
    services.report_accept(report=report, actor=official)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_at is not None
    assert project.tranches.get(number=2).status == TrancheStatus.DUE
    actions = list(AuditEvent.objects.filter(action__startswith="report.").values_list("action", flat=True))
    assert actions == ["report.draft", "report.submitted", "report.returned", "report.evidence_added",
                       "report.submitted", "report.accepted"]


def test_evidence_is_checked_by_content_like_application_attachments(official):
    project, report, ngo, _other = report_world(official)
    with pytest.raises(UploadRefused) as refused:
        services.evidence_add(report=report, actor=ngo, upload=program("photo.png"), kind="photo")
    assert refused.value.code == "file_type"
    with pytest.raises(DomainError) as refused:
        services.evidence_add(report=report, actor=ngo, upload=png(), kind="video")
    assert refused.value.code == "evidence_kind"
    evidence = services.evidence_add(report=report, actor=ngo, upload=png("../../etc/shot.png"), kind="photo")
    assert (evidence.original_name, evidence.content_type) == ("shot.png", "image/png")
    services.evidence_remove(evidence=evidence, actor=ngo)
    assert not report.evidence.exists()


def test_reminders_go_out_exactly_once_per_kind_and_overdue_reports_are_flagged_late(official, settings):
    settings.PROJECT_REPORT_REMINDER_DAYS = 5
    project, report, ngo, _other = report_world(official)
    period = report.period
    due = add_working_days(period.ends_on, 3)
    period.due_on = due
    period.save()
    early = due - timedelta(days=20)
    assert services.reports_remind_and_flag(today=early) == (0, 0, 0)
    before = due - timedelta(days=1)
    assert services.reports_remind_and_flag(today=before) == (1, 0, 0)
    assert services.reports_remind_and_flag(today=before) == (0, 0, 0)
    assert services.reports_remind_and_flag(today=due) == (0, 0, 0)
    report.refresh_from_db()
    assert report.reminded_before_on == before and not report.is_late
    after = due + timedelta(days=1)
    assert services.reports_remind_and_flag(today=after) == (0, 1, 1)
    assert services.reports_remind_and_flag(today=after + timedelta(days=1)) == (0, 0, 0)
    report.refresh_from_db()
    assert report.is_late and report.reminded_overdue_on == after
    reminders = Notification.objects.filter(url=f"/projects/reports/{report.pk}/")
    assert reminders.filter(user=ngo).count() == 2  # one before, one overdue
    assert reminders.filter(user=official).count() == 1  # the overdue one
    # Another report of the same project, submitted after its due date, is flagged at submission.
    final = project.periods.get(number=2).report
    project.status = "final_reporting"
    project.save(update_fields=["status"])
    final.period.due_on = final.period.ends_on = final.period.starts_on
    final.period.save()
    services.report_save(report=final, actor=ngo, narrative="Done.", spent_total="100")
    services.report_submit(report=final, actor=ngo)
    final.refresh_from_db()
    assert final.is_late and final.snapshot["spent_total"] == "100.00"
