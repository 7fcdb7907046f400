"""A project in progress (agreement in force) with its reporting calendar, for the progress report and message
tests: ``report_world(official)`` -> (project, interim report, the NGO's user, another NGO's user)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from projects.models import Project
from tests.applications.helpers import PDF_BYTES, PNG_BYTES
from tests.projects.world import published_world


def report_world(official):
    _competition, _apps, (ngo, other_ngo, _third) = published_world(official)
    project = Project.objects.get(organization__memberships__user=ngo)
    agreement = services.agreement_create(project=project, actor=official)
    services.agreement_send(agreement=agreement, actor=official)
    services.agreement_sign_ngo(agreement=agreement, actor=ngo)
    services.agreement_sign_body(agreement=agreement, actor=official)
    project.refresh_from_db()
    return project, project.periods.get(number=1).report, ngo, other_ngo


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG_BYTES)


def pdf(name="attendance.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES)


def program(name="photo.png"):
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 8)


def lines(project):
    """(trainers, venues) budget lines of a one-year project of the world."""
    trainers, venues = project.budget_lines.order_by("order")
    return trainers, venues
