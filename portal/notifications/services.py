from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import lazy

from .models import Notification


def _render(message, params):
    return str(message) % {key: str(value) for key, value in params.items()} if params else str(message)


_render_lazy = lazy(_render, str)


def later(message, **params):
    """A notification text rendered when it is read, in the reader's language.

    ``later(_("Application %(number)s returned"), number=...)``: ``message`` is a lazy translation and the
    values may be lazy too (e.g. a status label); ``notify`` renders each copy in its recipient's language.
    """
    return _render_lazy(message, params)


def notify(*, users, subject, body="", url=""):
    """Create in-app notifications now and send the e-mails after the transaction commits.

    ``subject`` and ``body`` may be lazy translations: each is rendered in the recipient's language.
    """
    created = []
    for user in {u.pk: u for u in users if u is not None}.values():
        with translation.override(user.preferred_language or "ru"):
            created.append(Notification(user=user, subject=str(subject)[:300], body=str(body), url=url))
    Notification.objects.bulk_create(created)
    ids = [n.pk for n in created if n.pk]
    if ids:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(notification_ids=ids))
    return created


def notification_mark_read(*, user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def notifications_send_emails(*, notification_ids):
    """Send each not-yet-sent notification once (idempotent: a retried task skips those already sent)."""
    from django.conf import settings
    from django.core.mail import send_mail

    pending = Notification.objects.select_related("user").filter(pk__in=notification_ids, emailed_at__isnull=True)
    for notification in pending:
        link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
        send_mail(notification.subject, notification.body + link, None, [notification.user.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
