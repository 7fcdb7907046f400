"""Adapters to the messaging services behind the SMS and Telegram channels, each with an offline fake.

- ``TelegramBot``: the Bot API (``https://api.telegram.org/bot<TELEGRAM_BOT_TOKEN>/sendMessage``).
- ``HttpSmsGateway``: ``POST SMS_GATEWAY_URL`` with ``Authorization: Bearer SMS_GATEWAY_TOKEN`` and the JSON
  ``{"to": "+77011234567", "text": "..."}``; any 2xx is a delivery, anything else raises (the outbox retries).
- ``FakeMessenger``: records every message in ``FakeMessenger.sent`` (and the log) and sends nothing; chosen when
  the real service is not configured (tests, ``make run``).

``sms_gateway()`` and ``telegram_bot()`` return the one configured for this process.
"""

import logging
from dataclasses import dataclass

import requests
from django.conf import settings

log = logging.getLogger("portal.messaging")


class DeliveryError(Exception):
    """The service refused or did not answer; the outbox row is retried later."""


@dataclass(frozen=True)
class SentMessage:
    service: str
    to: str
    text: str


class FakeMessenger:
    """Sends nothing: keeps what would have been sent (a list shared by the process) and logs it."""

    sent: list = []  # noqa: RUF012 - one record for the whole process, read by tests

    def __init__(self, service):
        self.service = service

    def send(self, *, to, text):
        FakeMessenger.sent.append(SentMessage(self.service, str(to), text))
        log.info("messaging.fake_sent", extra={"service": self.service, "to": str(to)[-4:]})

    @classmethod
    def messages(cls, service=None):
        return [m for m in cls.sent if service is None or m.service == service]

    @classmethod
    def clear(cls):
        cls.sent.clear()


class _HttpService:
    service = ""

    def __init__(self, *, timeout=None, session=None):
        self.timeout = settings.MESSAGING_TIMEOUT if timeout is None else timeout
        self.session = session or requests.Session()

    def _post(self, url, *, json, headers=None):
        try:
            response = self.session.post(url, json=json, headers=headers or {}, timeout=self.timeout)
        except requests.RequestException as exc:
            raise DeliveryError(f"{self.service}: {exc.__class__.__name__}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"{self.service}: HTTP {response.status_code}")
        return response


class TelegramBot(_HttpService):
    service = "telegram"

    def __init__(self, token=None, **kwargs):
        super().__init__(**kwargs)
        self.token = token or settings.TELEGRAM_BOT_TOKEN

    def send(self, *, to, text):
        self._post(f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{self.token}/sendMessage",
                   json={"chat_id": to, "text": text[:4096], "disable_web_page_preview": True})


class HttpSmsGateway(_HttpService):
    service = "sms"

    def __init__(self, url=None, token=None, **kwargs):
        super().__init__(**kwargs)
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN

    def send(self, *, to, text):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self._post(self.url, json={"to": to, "text": text}, headers=headers)


def telegram_bot():
    return TelegramBot() if settings.TELEGRAM_BOT_TOKEN else FakeMessenger("telegram")


def sms_gateway():
    return HttpSmsGateway() if settings.SMS_GATEWAY_URL else FakeMessenger("sms")


def telegram_deep_link(code):
    return f"https://t.me/{settings.TELEGRAM_BOT_NAME}?start={code}"
