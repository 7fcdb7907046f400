"""The stored receipt (applications.receipts.services): asked for in the submit transaction, rendered once by the
worker, never in a request."""

import hashlib
from unittest import mock

import pytest
from django.test import TestCase

from applications import services
from applications.enums import ApplicationStatus
from applications.models import Receipt
from applications.receipts import services as receipt_services
from applications.receipts.services import receipt_render, receipt_request
from portal.audit.models import AuditEvent
from portal.notifications.models import OutboxMessage
from tests.applications.helpers import fill_application, ngo_with_application

pytestmark = pytest.mark.django_db


def _submitted():
    user, application = ngo_with_application()
    fill_application(application)
    return user, services.application_submit(application=application, actor=user)


def test_submit_asks_the_worker_for_the_receipt_and_renders_nothing_itself():
    with mock.patch.object(receipt_services, "receipt_pdf", side_effect=AssertionError("rendered in the request")):
        with TestCase.captureOnCommitCallbacks(execute=False):
            _user, application = _submitted()
    receipt = Receipt.objects.get()
    assert (receipt.application_id, receipt.snapshot_sha256, receipt.language, receipt.file.name) == (
        application.pk, application.snapshot_sha256, "kk+ru", "")
    jobs = OutboxMessage.objects.filter(channel="task", address="applications.render_receipt")
    assert [(job.key, job.payload) for job in jobs] == [
        (f"receipt:{receipt.pk}:task", {"kwargs": {"receipt_id": receipt.pk}})]
    assert receipt_request(application=application).pk == receipt.pk  # asked again: the same row, no new job
    assert OutboxMessage.objects.filter(channel="task").count() == 1


def test_the_worker_stores_the_receipt_once_with_its_sha256():
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox job runs (eager) after the commit
        _user, application = _submitted()
    receipt = Receipt.objects.get()
    content = receipt.file.read()
    assert content.startswith(b"%PDF-") and hashlib.sha256(content).hexdigest() == receipt.sha256
    assert receipt.rendered_at is not None
    events = AuditEvent.objects.filter(action="application.receipt_stored")
    assert [(e.target_id, e.after) for e in events] == [(str(application.pk), {
        "language": "kk+ru", "sha256": receipt.sha256, "snapshot_sha256": application.snapshot_sha256})]
    with mock.patch.object(receipt_services, "receipt_pdf", side_effect=AssertionError("rendered twice")):
        again = receipt_render(receipt_id=receipt.pk)  # a redelivered job
    assert (again.file.name, again.sha256) == (receipt.file.name, receipt.sha256)
    assert AuditEvent.objects.filter(action="application.receipt_stored").count() == 1


def test_a_receipt_of_a_submission_replaced_by_a_new_one_is_not_rendered():
    with TestCase.captureOnCommitCallbacks(execute=False):
        user, application = _submitted()
    receipt = Receipt.objects.get()
    services.application_transition(application=application, to=ApplicationStatus.RETURNED, actor=None)
    application.refresh_from_db()
    application.team = "A new team"
    application.save()
    with TestCase.captureOnCommitCallbacks(execute=False):
        resubmitted = services.application_submit(application=application, actor=user)
    assert resubmitted.snapshot_sha256 != receipt.snapshot_sha256
    assert receipt_render(receipt_id=receipt.pk).file.name == ""
    assert Receipt.objects.count() == 2  # the new submission has its own receipt
