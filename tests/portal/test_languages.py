"""Kazakh first (issue [2.6] part 1): the default, the content fallback, a language chosen before signing in."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal import settings as project_settings
from portal.accounts import services
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.multilingual import localized, missing_languages
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_kazakh_is_the_default_and_first():
    assert project_settings.LANGUAGE_CODE == "kk"
    assert [code for code, _name in project_settings.LANGUAGES][0] == "kk"
    assert User._meta.get_field("preferred_language").default == "kk"


def test_signing_up_without_a_choice_gives_kazakh():
    user = services.user_signup(email="new@example.kz", password=PASSWORD, actor=None)
    assert user.preferred_language == "kk"


class Text:
    def __init__(self, **values):
        for code in ("kk", "ru", "en"):
            setattr(self, f"title_{code}", values.get(code, ""))


@pytest.mark.parametrize("reader, values, expected", [
    ("en", {"kk": "Қаз", "ru": "Рус", "en": "Eng"}, "Eng"),
    ("en", {"kk": "Қаз", "ru": "Рус"}, "Қаз"),  # kk before ru
    ("ru", {"kk": "Қаз", "en": "Eng"}, "Қаз"),
    ("kk", {"ru": "Рус", "en": "Eng"}, "Рус"),  # ru before en
    ("kk", {"en": "Eng"}, "Eng"),
    ("kk", {}, ""),
])
def test_content_falls_back_kk_ru_en(reader, values, expected):
    with translation.override(reader):
        assert localized(Text(**values), "title") == expected


def test_missing_languages_names_kk_and_ru():
    assert missing_languages(Text(ru="Рус", en="Eng"), "title") == ["kk"]
    assert missing_languages(Text(kk="  "), "title") == ["kk", "ru"]


def _sign_in(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def test_signing_in_keeps_the_language_chosen_just_before_and_offers_to_save_it(settings):
    user = f.UserFactory(preferred_language="kk")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    answer = _sign_in(client, user)
    assert answer.status_code == 302 and answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    page = client.get(reverse("dashboard"))
    assert page.content.decode().count('class="language-offer') == 1
    answer = client.post(reverse("language_offer"), {"answer": "save", "next": "/dashboard/"})
    assert answer.status_code == 302 and answer["Location"] == "/dashboard/"
    user.refresh_from_db()
    assert user.preferred_language == "ru"
    event = AuditEvent.objects.get(action="user.language_set")
    assert (event.before, event.after) == ({"preferred_language": "kk"}, {"preferred_language": "ru"})
    assert 'class="language-offer' not in client.get(reverse("dashboard")).content.decode()


def test_not_now_keeps_the_profile_and_the_chosen_language(settings):
    user = f.UserFactory(preferred_language="kk")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    _sign_in(client, user)
    answer = client.post(reverse("language_offer"), {"answer": "dismiss"})
    assert answer.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "kk"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert 'class="language-offer' not in client.get(reverse("dashboard")).content.decode()


def test_without_a_choice_the_profile_language_applies(settings):
    user = f.UserFactory(preferred_language="ru")
    client = Client()
    answer = _sign_in(client, user)
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert 'class="language-offer' not in client.get(reverse("dashboard")).content.decode()
