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
from django.db.models import F

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


def addresses_for(users, kind):
    """{channel name: {user id: address}} for a notification of ``kind``: e-mail and the like per user; the
    messaging channels (SMS, Telegram) in one query, only to verified addresses, only for the kinds each user
    opted into (``ChannelPreference``)."""
    from .models import ChannelLink  # channels is imported by the app registry before models are ready

    chosen = notification_channels()
    result = {channel.name: {} for channel in chosen}
    messaging = [channel.name for channel in chosen if isinstance(channel, MessagingChannel)]
    for channel in chosen:
        if channel.name not in messaging:
            result[channel.name] = channel.addresses_for(users, kind)
    ids = [user.pk for user in users if getattr(user, "is_active", True)]
    if messaging and ids:
        links = (ChannelLink.objects.filter(user_id__in=ids, channel__in=messaging, verified_at__isnull=False,
                                            user__channel_preferences__kind=kind,
                                            user__channel_preferences__channel=F("channel"))
                 .exclude(address="").values_list("channel", "user_id", "address"))
        for name, user_id, address in links:
            result[name][user_id] = address
    return result


class Channel:
    name = ""
    for_notifications = True

    def address_for(self, user) -> str:
        return ""

    def addresses_for(self, users, kind) -> dict:
        """{user id: address} of the users this channel reaches with a notification of ``kind``."""
        return {user.pk: address for user in users if (address := self.address_for(user))}

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


class MessagingChannel(Channel):
    """SMS or Telegram: only to a verified address, only for the kinds the user opted into (``ChannelPreference``)."""

    def gateway(self):
        raise NotImplementedError

    def text(self, message):
        link = message.payload.get("url", "")
        parts = [message.subject, message.body, f"{settings.SITE_URL}{link}" if link else ""]
        return "\n\n".join(part for part in parts if part)

    def open_session(self):
        return contextlib.nullcontext(self.gateway())

    def deliver(self, message, session):
        session.send(to=message.address, text=self.text(message))


class TelegramChannel(MessagingChannel):
    name = "telegram"

    def gateway(self):
        from .messaging import telegram_bot

        return telegram_bot()


class SmsChannel(MessagingChannel):
    name = "sms"

    def gateway(self):
        from .messaging import sms_gateway

        return sms_gateway()

    def text(self, message):
        """An SMS is short: the subject and the link (the body is read on the portal or in the e-mail)."""
        if message.payload.get("verbatim"):
            return message.body
        link = message.payload.get("url", "")
        return f"{message.subject} {settings.SITE_URL}{link}".strip() if link else message.subject


register(EmailChannel())
register(TaskChannel())
register(TelegramChannel())
register(SmsChannel())
