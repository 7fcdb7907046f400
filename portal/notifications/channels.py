"""Delivery channels of the outbox: a registry, so SMS or Telegram plug in beside e-mail without touching the
dispatcher.

A channel has a ``name`` (stored on each outbox row), ``address_for(user)`` (where a notification to that user
goes on this channel, or "" when the user has no address there; channels with ``for_notifications = False``,
such as background jobs, are never chosen by ``notify()``), and ``deliver(message, session)`` which raises on
failure. ``open_session()`` returns a context manager shared by the messages of one dispatch batch (an SMTP
connection, an HTTP client...). In-app notifications need no channel: the ``Notification`` row written in the
transaction is the delivery.
"""

import contextlib
import hashlib

from django.conf import settings
from django.core import mail

from portal.celery import app as celery_app

_REGISTRY = {}


def register(channel):
    """Add a channel (an instance); a later registration under the same name replaces the earlier one."""
    _REGISTRY[channel.name] = channel
    return channel


def get_channel(name):
    return _REGISTRY[name]


def notification_channels():
    return [channel for channel in _REGISTRY.values() if channel.for_notifications]


class Channel:
    name = ""
    for_notifications = True

    def address_for(self, user) -> str:
        return ""

    def open_session(self):
        return contextlib.nullcontext()

    def deliver(self, message, session):
        raise NotImplementedError


def message_id(message) -> str:
    """A Message-ID fixed by the outbox row, so a copy sent again after a crash is recognisably the same mail."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<outbox-{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@{domain}>"


class EmailChannel(Channel):
    name = "email"

    def address_for(self, user):
        return (getattr(user, "email", "") or "") if getattr(user, "is_active", True) else ""

    def open_session(self):
        return mail.get_connection()  # an SMTP connection is opened on first send and closed at the end

    def deliver(self, message, session):
        link = message.payload.get("url", "")
        body = message.body + (f"\n\n{settings.SITE_URL}{link}" if link else "")
        email = mail.EmailMessage(message.subject, body, None, [message.address], connection=session,
                                  headers={"Message-ID": message_id(message)})
        email.send(fail_silently=False)


class TaskChannel(Channel):
    """A background job (e.g. rendering a report): "delivered" once the broker has accepted the message. The
    request id travels in the message headers (portal.ops.celery_signals)."""

    name = "task"
    for_notifications = False

    def deliver(self, message, session):
        kwargs = message.payload.get("kwargs", {})
        task = celery_app.tasks.get(message.address)
        if task is None:  # outside a worker, Celery discovers the apps' tasks modules only when asked
            celery_app.loader.import_default_modules()
            task = celery_app.tasks.get(message.address)
        if task is not None:  # a task of this code base: apply_async honours eager mode (tests, embedded runs)
            task.apply_async(kwargs=kwargs)
        else:
            celery_app.send_task(message.address, kwargs=kwargs)


register(EmailChannel())
register(TaskChannel())
