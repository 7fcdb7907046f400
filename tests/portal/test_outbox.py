"""The transactional outbox (portal/notifications/services.py): written with the change, delivered once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from portal.notifications import channels
from portal.notifications import services as outbox
from portal.notifications.models import Notification, OutboxMessage, OutboxStatus
from portal.notifications.services import notify, outbox_dispatch, outbox_enqueue_email, outbox_enqueue_task
from portal.notifications.tasks import dispatch_outbox
from portal.ops.request_id import reset_request_id, set_request_id
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_notify_writes_one_row_per_recipient_and_channel_in_the_callers_transaction():
    first, second = f.UserFactory(), f.UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(users=[first, second, first], subject="Hello")
        assert OutboxMessage.objects.count() == 2
        raise RuntimeError("the change fails")
    assert OutboxMessage.objects.count() == 0 and Notification.objects.count() == 0  # nothing half-written

    with TestCase.captureOnCommitCallbacks() as kicks:
        notify(users=[first, second, first], subject="Hello", body="Text", url="/applications/1/")
    rows = list(OutboxMessage.objects.order_by("address"))
    assert [(r.channel, r.address, r.status, r.subject) for r in rows] == sorted(
        [("email", first.email, "pending", "Hello"), ("email", second.email, "pending", "Hello")],
        key=lambda row: row[1])
    assert len({r.key for r in rows}) == 2 and all(r.notification_id for r in rows)
    assert len(kicks) == 1 and mail.outbox == []  # nothing leaves before the commit


def test_dispatch_sends_each_row_once_with_a_fixed_message_id_and_stamps_the_notification():
    user = f.UserFactory()
    notify(users=[user], subject="Application received", body="Number 7", url="/applications/7/")
    result = outbox_dispatch()
    again = outbox_dispatch()
    assert (result.sent, again.sent) == (1, 0)
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and row.sent_at is not None
    [message] = mail.outbox
    assert message.to == [user.email] and message.subject == "Application received"
    assert message.body == "Number 7\n\nhttp://127.0.0.1:8000/applications/7/"
    assert message.extra_headers["Message-ID"] == channels.message_id(row)
    assert channels.message_id(row).startswith("<outbox-") and channels.message_id(row).endswith("@grants.example.kz>")
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_at_commit_fails_nothing_and_the_sweep_delivers_later():
    user = f.UserFactory()
    try:
        with mock.patch.object(dispatch_outbox, "apply_async", side_effect=BrokerDown("connection refused")) as kick:
            with transaction.atomic():
                notify(users=[user], subject="Received")
            with transaction.atomic():
                notify(users=[user], subject="Second")
        assert kick.call_count == 1  # after a failed kick the process pauses kicking: no retry per request
    finally:
        outbox._kicks_paused_until = 0.0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"pending"} and mail.outbox == []
    dispatch_outbox.apply()  # the beat sweep once the broker is back
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"} and len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_after_commit_the_kick_delivers_at_once():
    with transaction.atomic():
        notify(users=[f.UserFactory()], subject="Received")
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT and len(mail.outbox) == 1


def test_a_crash_between_send_and_mark_resends_the_same_message_after_the_lease(settings):
    """The one window where a duplicate is possible: the copy carries the same Message-ID."""
    notify(users=[f.UserFactory()], subject="Received")
    with mock.patch.object(outbox, "_mark_sent", side_effect=SystemExit("killed")), pytest.raises(SystemExit):
        outbox_dispatch()
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.SENDING and len(mail.outbox) == 1
    assert outbox_dispatch().sent == 0  # the lease still holds: nobody else sends it
    OutboxMessage.objects.update(lease_until=timezone.now() - timedelta(seconds=1))  # the lease ran out
    assert outbox_dispatch().sent == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == mail.outbox[1].extra_headers["Message-ID"]
    assert OutboxMessage.objects.get().attempts == 2


def test_a_failing_channel_retries_with_backoff_then_gives_up(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    settings.OUTBOX_RETRY_SECONDS = 30
    notify(users=[f.UserFactory(), f.UserFactory()], subject="Received")
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        result = outbox_dispatch()
    assert (result.sent, result.retried, result.failed) == (0, 1, 0)
    first, second = OutboxMessage.objects.order_by("id")
    assert (first.status, first.attempts, "smtp down" in first.last_error) == ("pending", 1, True)
    assert first.available_at > timezone.now() + timedelta(seconds=25)
    assert (second.status, second.attempts, second.last_error) == ("pending", 0, "")  # not tried: released
    OutboxMessage.objects.update(available_at=timezone.now())
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        outbox_dispatch(max_batches=1)
    first.refresh_from_db()
    assert (first.status, first.attempts) == ("failed", 2)
    assert outbox_dispatch().sent == 1 and OutboxMessage.objects.get(pk=second.pk).status == "sent"
    assert outbox.outbox_retry(ids=[first.pk, second.pk]) == 1  # an administrator sends the failed one again
    assert outbox_dispatch().sent == 1 and OutboxMessage.objects.get(pk=first.pk).status == "sent"


def test_concurrent_dispatchers_take_disjoint_rows():
    notify(users=f.UserFactory.create_batch(5), subject="Received")
    token_a, batch_a = outbox._claim(3)
    token_b, batch_b = outbox._claim(3)
    assert len(batch_a) == 3 and len(batch_b) == 2 and not {m.pk for m in batch_a} & {m.pk for m in batch_b}
    assert outbox._claim(3)[1] == []


def test_a_sensitive_mail_is_erased_once_sent():
    outbox_enqueue_email(to="new@example.kz", subject="Confirm", body="https://x/confirm/SECRET", sensitive=True)
    outbox_dispatch()
    assert "SECRET" in mail.outbox[0].body
    row = OutboxMessage.objects.get()
    assert (row.status, row.body) == ("sent", "")


def test_a_background_job_goes_through_the_outbox_with_the_request_id():
    token = set_request_id("req-12345678")
    try:
        outbox_enqueue_task(task="notifications.dispatch_outbox", kwargs={})
    finally:
        reset_request_id(token)
    row = OutboxMessage.objects.get()
    assert (row.channel, row.address, row.request_id) == ("task", "notifications.dispatch_outbox", "req-12345678")
    with mock.patch.object(dispatch_outbox, "apply_async") as sent:
        assert outbox_dispatch().sent == 1
    sent.assert_called_once_with(kwargs={})


def test_a_new_channel_plugs_in_through_the_registry():
    delivered = []

    class Sms(channels.Channel):
        name = "sms"

        def address_for(self, user):
            return "+77010000000" if user.full_name == "Has phone" else ""

        def deliver(self, message, session):
            delivered.append((message.address, message.subject))

    channels.register(Sms())
    try:
        notify(users=[f.UserFactory(full_name="Has phone"), f.UserFactory()], subject="Received")
        assert sorted(OutboxMessage.objects.values_list("channel", flat=True)) == ["email", "email", "sms"]
        assert outbox_dispatch().sent == 3
    finally:
        channels._REGISTRY.pop("sms")
    assert delivered == [("+77010000000", "Received")] and len(mail.outbox) == 2
