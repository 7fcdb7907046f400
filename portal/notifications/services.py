"""Notifications and the transactional outbox.

``notify()`` is the one entry for telling people something: it writes the in-app ``Notification`` rows and one
``OutboxMessage`` per (recipient, channel) in the caller's transaction. ``outbox_enqueue_email`` and
``outbox_enqueue_task`` record other side effects (a mail to an address, a background job) the same way. After
the commit a kick asks a worker to dispatch at once; the beat sweep (``OUTBOX_SWEEP_SECONDS``) catches whatever
the kick missed, e.g. while the broker was down. So a change and its side effects are committed together or
not at all, and the side effects survive a broker outage.

What "exactly once" means here, honestly: every side effect is *recorded* exactly once (``key`` is unique:
event, channel, recipient). Delivery is at least once with a narrow window: a dispatcher claims a row (a
lease), delivers it, then marks it sent in its own short transaction. If the process dies after the SMTP
server (or broker) accepted the message and before that mark commits, the lease expires and the row is
delivered again, with the same Message-ID (``channels.message_id``), so the copy is recognisably the same mail.
A crash anywhere else (before the claim, while waiting for the server, after the mark) loses nothing and
duplicates nothing. Background jobs sent this way are idempotent by design.
"""

import hashlib
import hmac
import logging
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError
from portal.ops.request_id import get_request_id, reset_request_id, set_request_id

from . import channels
from .kinds import KINDS, kind_for
from .models import ChannelLink, ChannelPreference, Notification, OutboxMessage, OutboxStatus

logger = logging.getLogger("portal.outbox")
MESSAGING_CHANNELS = ("sms", "telegram")


def _render(message, params):
    return str(message) % {key: str(value) for key, value in params.items()} if params else str(message)


_render_lazy = lazy(_render, str)


def later(message, **params):
    """A notification text rendered when it is read, in the reader's language.

    ``later(_("Application %(number)s returned"), number=...)``: ``message`` is a lazy translation and the
    values may be lazy too (e.g. a status label); ``notify`` renders each copy in its recipient's language.
    """
    return _render_lazy(message, params)


def notify(*, users, subject, body="", url="", kind=""):
    """Tell each user once: an in-app notification now, and an outbox row per delivery channel (e-mail, and SMS
    or Telegram for the users who linked them and opted into this ``kind``; see ``kinds.py``).

    ``subject`` and ``body`` may be lazy translations: each copy is rendered in its recipient's language.
    """
    kind = kind_for(kind, url)
    event = uuid.uuid4().hex
    created = []
    for user in {u.pk: u for u in users if u is not None}.values():
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            created.append(Notification(user=user, subject=str(subject)[:300], body=str(body), url=url))
    Notification.objects.bulk_create(created)
    rows = []
    recipients = [notification.user for notification in created]
    addresses = channels.addresses_for(recipients, kind)
    for notification in created:
        for channel in channels.notification_channels():
            address = addresses[channel.name].get(notification.user_id)
            if address:
                rows.append(OutboxMessage(
                    key=f"{event}:{channel.name}:{notification.user_id}", channel=channel.name,
                    user=notification.user, notification=notification if notification.pk else None,
                    address=address, subject=notification.subject, body=notification.body,
                    payload={"url": url, "kind": kind}))
    _enqueue(rows)
    return created


def outbox_enqueue_email(*, to, subject, body, key=None, sensitive=False):
    """One e-mail to an address (not necessarily a user's), sent after the commit. ``sensitive``: the text
    carries a secret (a confirmation link) and is erased from the outbox once sent."""
    event = key or uuid.uuid4().hex
    _enqueue([OutboxMessage(key=f"{event}:email:{to}"[:200], channel="email", address=to, subject=subject[:300],
                            body=body, sensitive=sensitive)])


def outbox_enqueue_task(*, task, kwargs, key=None):
    """A background job (a Celery task by name) sent to the broker after the commit, even if the broker is down
    now. Jobs must be idempotent: the dispatcher delivers at least once."""
    event = key or uuid.uuid4().hex
    _enqueue([OutboxMessage(key=f"{event}:task"[:200], channel="task", address=task, payload={"kwargs": kwargs})])


def _enqueue(rows):
    if not rows:
        return
    request_id = get_request_id()
    for row in rows:
        row.request_id = request_id
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(lambda: outbox_kick(), robust=True)


_kicks_paused_until = 0.0
KICK_PAUSE_SECONDS = 5


def outbox_kick():
    """Ask a worker to dispatch now. Never fails the caller: with the broker down, the beat sweep (or a later
    kick) delivers. After a failed kick this process skips kicks for a few seconds, so a broker outage costs one
    failed connection attempt per process and pause, not one per request."""
    global _kicks_paused_until
    from .tasks import dispatch_outbox  # tasks.py imports this module

    if time.monotonic() < _kicks_paused_until:
        return
    try:
        dispatch_outbox.apply_async(retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure: the rows stay pending, nothing is lost
        _kicks_paused_until = time.monotonic() + KICK_PAUSE_SECONDS
        logger.warning("outbox.kick_failed", extra={"error": repr(exc)[:300]})


# --- the dispatcher ------------------------------------------------------------------------------------------------
@dataclass
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)


def _due():
    now = timezone.now()
    return Q(status=OutboxStatus.PENDING, available_at__lte=now) | Q(status=OutboxStatus.SENDING, lease_until__lt=now)


def _claim(limit):
    """Take up to ``limit`` due rows under a new lease; concurrent dispatchers take disjoint rows."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = OutboxMessage.objects.filter(_due()).order_by("available_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        lease_until = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxStatus.SENDING, lease_token=token, lease_until=lease_until, attempts=F("attempts") + 1)
    return token, list(OutboxMessage.objects.filter(pk__in=ids, lease_token=token).order_by("id"))


def _mark_sent(message, token):
    now = timezone.now()
    erase = {"body": "", "payload": {}} if message.sensitive else {}
    with transaction.atomic():
        done = OutboxMessage.objects.filter(pk=message.pk, lease_token=token, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.SENT, sent_at=now, lease_until=None, lease_token="", last_error="", **erase)
        if done and message.channel == "email" and message.notification_id:
            Notification.objects.filter(pk=message.notification_id).update(emailed_at=now)


def _mark_retry(message, token, exc):
    attempts = message.attempts
    give_up = attempts >= settings.OUTBOX_MAX_ATTEMPTS
    delay = min(settings.OUTBOX_RETRY_SECONDS * 2 ** (attempts - 1), 3600)
    OutboxMessage.objects.filter(pk=message.pk, lease_token=token).update(
        status=OutboxStatus.FAILED if give_up else OutboxStatus.PENDING, lease_until=None, lease_token="",
        available_at=timezone.now() + timedelta(seconds=delay), last_error=repr(exc)[:2000])
    return give_up


def _release(messages, token):
    """Give back rows not attempted (their channel failed on an earlier row): due again, no attempt counted."""
    OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], lease_token=token).update(
        status=OutboxStatus.PENDING, lease_until=None, lease_token="", attempts=F("attempts") - 1)


def _deliver_batch(messages, token, result):
    lease_ends = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS * 0.8)
    by_channel = {}
    for message in messages:
        by_channel.setdefault(message.channel, []).append(message)
    for name, group in by_channel.items():
        channel = channels.get_channel(name)
        with channel.open_session() as session:
            for index, message in enumerate(group):
                if timezone.now() >= lease_ends:  # never deliver under a lease another dispatcher may take over
                    _release(group[index:], token)
                    break
                request_token = set_request_id(message.request_id)
                try:
                    channel.deliver(message, session)
                except Exception as exc:  # noqa: BLE001 - a channel may fail in any way; the row records it
                    gave_up = _mark_retry(message, token, exc)
                    result.failed += gave_up
                    result.retried += not gave_up
                    result.errors.append(repr(exc)[:300])
                    logger.warning("outbox.delivery_failed", extra={
                        "outbox_id": message.pk, "channel": name, "attempt": message.attempts, "gave_up": gave_up,
                        "error": repr(exc)[:300]})
                    _release(group[index + 1:], token)
                    break
                else:
                    _mark_sent(message, token)
                    result.sent += 1
                    logger.info("outbox.sent", extra={"outbox_id": message.pk, "channel": name})
                finally:
                    reset_request_id(request_token)


def outbox_dispatch(*, batch=None, max_batches=None):
    """Deliver due rows batch by batch until none is due (or ``max_batches`` ran); safe to run concurrently."""
    result = DispatchResult()
    batches = 0
    while max_batches is None or batches < max_batches:
        token, messages = _claim(batch or settings.OUTBOX_BATCH)
        if not messages:
            break
        batches += 1
        _deliver_batch(messages, token, result)
        if result.errors and not result.sent:
            break  # every channel in use is failing: leave the rest to the next sweep
    return result


def outbox_retry(*, ids):
    """Make failed rows due again (an administrator's "send again"); returns how many."""
    count = OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING, attempts=0, available_at=timezone.now(), last_error="")
    if count:
        transaction.on_commit(lambda: outbox_kick(), robust=True)
    return count


def notification_mark_read(*, user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


# --- SMS and Telegram: linking an address, choosing what goes there ---------------------------------------------
PHONE_RE = re.compile(r"^\+7\d{10}$")
MAX_CODE_ATTEMPTS = 5


def _code_hash(code):
    return hashlib.sha256(code.encode()).hexdigest()


def normalize_phone(phone):
    """A Kazakh mobile number as +7XXXXXXXXXX (accepts 8 7XX..., spaces, dashes, brackets); DomainError if not."""
    digits = re.sub(r"[\s()\-]", "", phone or "")
    if digits.startswith("8") and len(digits) == 11:
        digits = "+7" + digits[1:]
    elif digits.startswith("7") and len(digits) == 11:
        digits = "+" + digits
    if not PHONE_RE.match(digits):
        raise DomainError(_("Enter a mobile number like +7 701 234 56 78."), code="phone_invalid")
    return digits


def _link_for_update(user, channel):
    link, _created = ChannelLink.objects.select_for_update().get_or_create(user=user, channel=channel)
    return link


def _expiry():
    return timezone.now() + timedelta(minutes=settings.CHANNEL_CODE_MINUTES)


@transaction.atomic
def telegram_link_start(*, user, actor):
    """A one-time code for the deep link ``t.me/<bot>?start=<code>``; the bot's webhook finishes the link."""
    if actor.pk != user.pk:
        raise PermissionDenied
    code = secrets.token_urlsafe(18)
    link = _link_for_update(user, "telegram")
    link.code_hash, link.code_expires_at, link.code_attempts = _code_hash(code), _expiry(), 0
    link.save(update_fields=["code_hash", "code_expires_at", "code_attempts"])
    return code


@transaction.atomic
def telegram_link_confirm(*, code, chat_id):
    """``/start <code>`` reached the bot from ``chat_id``: link that chat to the code's user."""
    link = (ChannelLink.objects.select_for_update().select_related("user")
            .filter(channel="telegram", code_hash=_code_hash(code or ""), code_expires_at__gt=timezone.now())
            .first())
    if link is None:
        raise DomainError(_("This link has expired. Open the profile page and link Telegram again."),
                          code="code_invalid")
    before = {"address": link.address, "verified": link.is_verified}
    link.address, link.verified_at, link.code_hash, link.code_expires_at = str(chat_id), timezone.now(), "", None
    link.save(update_fields=["address", "verified_at", "code_hash", "code_expires_at"])
    audit.record(actor=link.user, action="notifications.channel_linked", target=link.user, before=before,
                 after={"channel": "telegram"})
    with translation.override(link.user.preferred_language or settings.LANGUAGE_CODE):
        text = str(_("Your portal account is linked. Choose on your profile page what to receive here."))
    _enqueue([OutboxMessage(key=f"{uuid.uuid4().hex}:telegram:{link.user_id}", channel="telegram",
                            user=link.user, address=link.address, subject=text, payload={})])
    return link


@transaction.atomic
def sms_verify_start(*, user, phone, actor):
    """Send a six-digit code to ``phone`` (through the outbox); the number is used once the code comes back."""
    if actor.pk != user.pk:
        raise PermissionDenied
    phone = normalize_phone(phone)
    code = f"{secrets.randbelow(10 ** 6):06d}"
    link = _link_for_update(user, "sms")
    if link.address != phone:
        link.address, link.verified_at = phone, None
    link.code_hash, link.code_expires_at, link.code_attempts = _code_hash(code), _expiry(), 0
    link.save(update_fields=["address", "verified_at", "code_hash", "code_expires_at", "code_attempts"])
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = str(_("Grants portal: your code is %(code)s. Do not tell it to anyone.") % {"code": code})
        subject = str(_("Confirmation code"))
    # The code travels in the body: erased once sent, never shown in the admin.
    _enqueue([OutboxMessage(key=f"{uuid.uuid4().hex}:sms:{user.pk}", channel="sms", user=user, address=phone,
                            subject=subject, body=text, payload={"verbatim": True}, sensitive=True)])
    return link


def sms_verify_confirm(*, user, code, actor):
    """The code sent by ``sms_verify_start`` came back: the number is verified. A wrong code is counted (the
    count survives the refusal); after five, only a new code helps."""
    if actor.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        link = ChannelLink.objects.select_for_update().filter(user=user, channel="sms").first()
        if link is None or not link.code_hash or link.code_expires_at is None or \
                link.code_expires_at <= timezone.now():
            raise DomainError(_("The code has expired. Send a new one."), code="code_expired")
        if link.code_attempts >= MAX_CODE_ATTEMPTS:
            raise DomainError(_("Too many wrong codes. Send a new one."), code="code_attempts")
        if hmac.compare_digest(link.code_hash, _code_hash((code or "").strip())):
            link.verified_at, link.code_hash, link.code_expires_at = timezone.now(), "", None
            link.save(update_fields=["verified_at", "code_hash", "code_expires_at"])
            audit.record(actor=actor, action="notifications.channel_linked", target=user, after={"channel": "sms"})
            return link
        ChannelLink.objects.filter(pk=link.pk).update(code_attempts=F("code_attempts") + 1)
    raise DomainError(_("The code is not right."), code="code_wrong")


@transaction.atomic
def channel_unlink(*, user, channel, actor):
    if actor.pk != user.pk:
        raise PermissionDenied
    deleted = ChannelLink.objects.filter(user=user, channel=channel).delete()[0]
    if deleted:
        audit.record(actor=actor, action="notifications.channel_unlinked", target=user, after={"channel": channel})
    return deleted


@transaction.atomic
def channel_preferences_set(*, user, actor, choices):
    """Opt in to exactly ``choices``: an iterable of (channel, kind); everything else is off."""
    if actor.pk != user.pk:
        raise PermissionDenied
    wanted = set()
    for channel, kind in choices:
        if channel not in MESSAGING_CHANNELS or kind not in KINDS:
            raise DomainError(_("Unknown channel or kind of notification."), code="preference_unknown")
        wanted.add((channel, kind))
    current = set(ChannelPreference.objects.filter(user=user).values_list("channel", "kind"))
    if wanted == current:
        return wanted
    ChannelPreference.objects.filter(user=user).delete()
    ChannelPreference.objects.bulk_create([ChannelPreference(user=user, channel=c, kind=k) for c, k in sorted(wanted)])
    audit.record(actor=actor, action="notifications.preferences_set", target=user,
                 before={"choices": sorted(f"{c}:{k}" for c, k in current)},
                 after={"choices": sorted(f"{c}:{k}" for c, k in wanted)})
    return wanted
