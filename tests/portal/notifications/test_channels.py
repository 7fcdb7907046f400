"""SMS and Telegram beside e-mail: linking, opt-in per kind, delivery through the outbox, the adapters."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications import services
from portal.notifications.kinds import kind_for
from portal.notifications.messaging import DeliveryError, FakeMessenger, HttpSmsGateway, SentMessage, TelegramBot
from portal.notifications.models import ChannelLink, ChannelPreference, OutboxMessage
from portal.notifications.services import notify, outbox_dispatch
from tests import factories as f
from tests.fakeserver import FakeServer

pytestmark = pytest.mark.django_db
SECRET = "s3cret-token"


@pytest.fixture(autouse=True)
def _fake_messages():
    FakeMessenger.clear()
    yield
    FakeMessenger.clear()


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def link_sms(user, phone="+77012345678"):
    services.sms_verify_start(user=user, phone=phone, actor=user)
    code = OutboxMessage.objects.filter(channel="sms", user=user).latest("id").body
    digits = "".join(ch for ch in code if ch.isdigit())
    services.sms_verify_confirm(user=user, code=digits, actor=user)


def link_telegram(user, chat_id=4242):
    code = services.telegram_link_start(user=user, actor=user)
    services.telegram_link_confirm(code=code, chat_id=chat_id)


@pytest.mark.parametrize("raw, expected", [("+7 701 234 56 78", "+77012345678"), ("8 (701) 234-56-78", "+77012345678"),
                                           ("77012345678", "+77012345678")])
def test_phone_numbers_are_normalised(raw, expected):
    assert services.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "+1 202 555 0100", "+7 701 234 56 7"])
def test_a_number_that_is_not_kazakh_mobile_is_refused(raw):
    with pytest.raises(DomainError) as refused:
        services.normalize_phone(raw)
    assert refused.value.code == "phone_invalid"


def test_sms_code_goes_through_the_outbox_and_is_erased_once_sent():
    user = f.UserFactory(preferred_language="en")
    services.sms_verify_start(user=user, phone="8 701 234 56 78", actor=user)
    row = OutboxMessage.objects.get(channel="sms")
    assert (row.address, row.subject, row.sensitive) == ("+77012345678", "Confirmation code", True)
    code = "".join(ch for ch in row.body if ch.isdigit())
    assert len(code) == 6
    outbox_dispatch()
    assert FakeMessenger.messages("sms") == [
        SentMessage("sms", "+77012345678", f"Grants portal: your code is {code}. Do not tell it to anyone.")]
    row.refresh_from_db()
    assert (row.status, row.body) == ("sent", "")
    assert not ChannelLink.objects.get(user=user).is_verified
    services.sms_verify_confirm(user=user, code=code, actor=user)
    link = ChannelLink.objects.get(user=user)
    assert link.is_verified and link.code_hash == ""
    assert AuditEvent.objects.filter(action="notifications.channel_linked", after={"channel": "sms"}).count() == 1


def test_wrong_sms_codes_are_counted_and_stop_after_five():
    user = f.UserFactory()
    services.sms_verify_start(user=user, phone="+77012345678", actor=user)
    for _ in range(5):
        with pytest.raises(DomainError) as wrong:
            services.sms_verify_confirm(user=user, code="abcdef", actor=user)
        assert wrong.value.code == "code_wrong"
    with pytest.raises(DomainError) as stopped:
        services.sms_verify_confirm(user=user, code="abcdef", actor=user)
    assert stopped.value.code == "code_attempts"
    assert not ChannelLink.objects.get(user=user).is_verified


def test_an_expired_sms_code_is_refused():
    user = f.UserFactory()
    services.sms_verify_start(user=user, phone="+77012345678", actor=user)
    ChannelLink.objects.update(code_expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError) as expired:
        services.sms_verify_confirm(user=user, code="123456", actor=user)
    assert expired.value.code == "code_expired"


def test_only_opted_in_kinds_reach_verified_channels():
    sms_user, telegram_user, unverified, e_mail_only = (f.UserFactory() for _ in range(4))
    link_sms(sms_user)
    link_telegram(telegram_user)
    services.sms_verify_start(user=unverified, phone="+77010000000", actor=unverified)  # never confirmed
    for user, channel in ((sms_user, "sms"), (telegram_user, "telegram"), (unverified, "sms")):
        services.channel_preferences_set(user=user, actor=user, choices=[(channel, "applications")])
    OutboxMessage.objects.all().delete()

    notify(users=[sms_user, telegram_user, unverified, e_mail_only], subject="Returned", url="/applications/7/")
    rows = sorted(OutboxMessage.objects.values_list("channel", "user_id", "address"))
    assert rows == sorted([("email", u.pk, u.email) for u in (sms_user, telegram_user, unverified, e_mail_only)]
                          + [("sms", sms_user.pk, "+77012345678"), ("telegram", telegram_user.pk, "4242")])
    assert OutboxMessage.objects.filter(channel="sms").get().payload == {"url": "/applications/7/",
                                                                          "kind": "applications"}

    OutboxMessage.objects.all().delete()
    notify(users=[sms_user, telegram_user], subject="Plan open", url="/plans/3/")  # kind "planning": not chosen
    assert set(OutboxMessage.objects.values_list("channel", flat=True)) == {"email"}


def test_delivery_through_the_fakes_carries_the_text_and_link(settings):
    settings.SITE_URL = "https://portal.example.kz"
    sms_user, telegram_user = f.UserFactory(), f.UserFactory()
    link_sms(sms_user)
    link_telegram(telegram_user)
    services.channel_preferences_set(user=sms_user, actor=sms_user, choices=[("sms", "reviews")])
    services.channel_preferences_set(user=telegram_user, actor=telegram_user, choices=[("telegram", "reviews")])
    outbox_dispatch()
    FakeMessenger.clear()
    notify(users=[sms_user, telegram_user], subject="New applications to review", body="Two bids.",
           url="/review/", kind="reviews")
    result = outbox_dispatch()
    assert result.sent == 4  # two e-mails, one SMS, one Telegram message
    assert [(m.service, m.to, m.text) for m in FakeMessenger.sent] in (
        [("telegram", "4242", "New applications to review\n\nTwo bids.\n\nhttps://portal.example.kz/review/"),
         ("sms", "+77012345678", "New applications to review https://portal.example.kz/review/")],
        [("sms", "+77012345678", "New applications to review https://portal.example.kz/review/"),
         ("telegram", "4242", "New applications to review\n\nTwo bids.\n\nhttps://portal.example.kz/review/")])


def test_the_notification_kind_follows_the_link_when_not_given():
    assert [kind_for("", url) for url in ("/applications/3/", "/manage/plans/x/", "/manage/ranking/x/",
                                          "/review/", "/somewhere/")] == [
        "applications", "planning", "management", "reviews", "general"]
    assert kind_for("councils", "/applications/3/") == "councils"
    with pytest.raises(ValueError):
        kind_for("nonsense")


def test_preferences_are_exactly_the_choice_and_audited():
    user = f.UserFactory()
    services.channel_preferences_set(user=user, actor=user, choices=[("sms", "applications"), ("telegram", "reviews")])
    services.channel_preferences_set(user=user, actor=user, choices=[("telegram", "reviews")])
    assert list(ChannelPreference.objects.values_list("channel", "kind")) == [("telegram", "reviews")]
    assert AuditEvent.objects.filter(action="notifications.preferences_set").count() == 2
    with pytest.raises(DomainError):
        services.channel_preferences_set(user=user, actor=user, choices=[("fax", "reviews")])


def test_unlinking_stops_delivery():
    user = f.UserFactory()
    link_telegram(user)
    services.channel_preferences_set(user=user, actor=user, choices=[("telegram", "general")])
    services.channel_unlink(user=user, channel="telegram", actor=user)
    OutboxMessage.objects.all().delete()
    notify(users=[user], subject="Hello")
    assert list(OutboxMessage.objects.values_list("channel", flat=True)) == ["email"]


# --- the webhook and the profile page ---------------------------------------------------------------------------
def _update(text, chat_id=777):
    return {"update_id": 1, "message": {"message_id": 5, "chat": {"id": chat_id, "type": "private"}, "text": text}}


def test_the_webhook_links_the_chat_of_a_valid_start_code(settings):
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    user = f.UserFactory(preferred_language="en")
    code = services.telegram_link_start(user=user, actor=user)
    url = reverse("notifications:telegram_webhook")
    client = Client()
    assert client.post(url, _update(f"/start {code}"), content_type="application/json").status_code == 403
    assert client.post(url, _update(f"/start {code}"), content_type="application/json",
                       headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}).status_code == 403
    assert not ChannelLink.objects.get(user=user).is_verified
    answer = client.post(url, _update(f"/start {code}"), content_type="application/json",
                         headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert answer.status_code == 200
    link = ChannelLink.objects.get(user=user)
    assert (link.address, link.is_verified, link.code_hash) == ("777", True, "")
    outbox_dispatch()
    assert [(m.service, m.to) for m in FakeMessenger.sent] == [("telegram", "777")]
    assert FakeMessenger.sent[0].text.startswith("Your portal account is linked.")
    # The code works once: a second /start with it links nothing and still answers 200 (Telegram must not retry).
    again = client.post(url, _update(f"/start {code}", chat_id=999), content_type="application/json",
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert again.status_code == 200 and ChannelLink.objects.get(user=user).address == "777"


def test_the_webhook_is_off_without_a_secret_and_refuses_bad_json(settings):
    url = reverse("notifications:telegram_webhook")
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert Client().post(url, _update("/start x"), content_type="application/json").status_code == 404
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    assert Client().post(url, "{", content_type="application/json",
                         headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}).status_code == 400


def test_profile_page_links_telegram_with_a_deep_link(settings):
    settings.TELEGRAM_BOT_NAME = "portal_test_bot"
    user = f.UserFactory()
    client = signed_in(user)
    page = client.post(reverse("notifications:telegram_link"))
    assert page.status_code == 200
    link = ChannelLink.objects.get(user=user, channel="telegram")
    html = page.content.decode()
    start = html.index("https://t.me/portal_test_bot?start=") + len("https://t.me/portal_test_bot?start=")
    code = html[start:html.index('"', start)]
    assert services._code_hash(code) == link.code_hash


def test_profile_page_shows_a_bad_number_beside_the_field():
    user = f.UserFactory()
    page = signed_in(user).post(reverse("notifications:sms_start"), {"phone": "12"})
    assert page.status_code == 400
    assert 'id="id_phone_error"' in page.content.decode()
    assert not ChannelLink.objects.exists()


def test_profile_page_saves_the_preferences_table():
    user = f.UserFactory()
    client = signed_in(user)
    answer = client.post(reverse("notifications:preferences"), {"sms:applications": "on", "telegram:reviews": "on"})
    assert answer.status_code == 302
    assert set(ChannelPreference.objects.values_list("channel", "kind")) == {("sms", "applications"),
                                                                             ("telegram", "reviews")}
    page = client.get(reverse("profile")).content.decode()
    assert 'name="sms:applications" id="id_sms:applications" value="on" checked' in page


# --- the HTTP adapters against a local fake -----------------------------------------------------------------------
def test_the_sms_gateway_posts_json_with_the_token():
    server = FakeServer(lambda method, path, body: (200, {"id": "m1"}, 0))
    with server:
        HttpSmsGateway(url=f"{server.url}/send", token="tok", timeout=2).send(to="+77012345678", text="Hi")
    method, path, body, headers = server.requests[0]
    assert (method, path, body, headers["Authorization"]) == ("POST", "/send", {"to": "+77012345678", "text": "Hi"},
                                                              "Bearer tok")


def test_a_gateway_error_raises_so_the_outbox_retries():
    server = FakeServer(lambda method, path, body: (503, None, 0))
    with server, pytest.raises(DeliveryError):
        HttpSmsGateway(url=f"{server.url}/send", token="", timeout=2).send(to="+77012345678", text="Hi")


def test_the_telegram_bot_calls_send_message(settings):
    server = FakeServer(lambda method, path, body: (200, {"ok": True}, 0))
    with server:
        settings.TELEGRAM_API_URL = server.url
        TelegramBot(token="123:abc", timeout=2).send(to="4242", text="Hello")
    method, path, body, _headers = server.requests[0]
    assert (method, path, body) == ("POST", "/bot123:abc/sendMessage",
                                    {"chat_id": "4242", "text": "Hello", "disable_web_page_preview": True})
