"""The ru and kk catalogues are complete and consistent, and pages really come out in those languages."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests import factories as f

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")
CATALOGUES = [Path(settings.BASE_DIR) / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("ru", "kk")]


def _entries(path):
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_message_is_translated(path):
    missing = [e.msgid for e in _entries(path)
               if "fuzzy" in e.flags or (e.msgid_plural and not all(e.msgstr_plural.values()))
               or (not e.msgid_plural and not e.msgstr)]
    assert missing == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_every_placeholder(path):
    broken = []
    for entry in _entries(path):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if not expected <= set(PLACEHOLDER.findall(text)):
                broken.append((entry.msgid, text))
    assert broken == []


def test_the_two_catalogues_hold_the_same_messages():
    ru, kk = ({(e.msgctxt, e.msgid) for e in _entries(path)} for path in CATALOGUES)
    assert ru == kk


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [
    ("kk", "Конкурстар"), ("ru", "Конкурсы"), ("en", "Competitions"),
])
def test_competition_list_is_rendered_in_the_requested_language(client, language, expected):
    f.CompetitionFactory()
    response = client.get("/competitions/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_django_form_errors_come_out_in_kazakh(client):
    response = client.post("/accounts/login/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="kk")
    assert "Бұл өріс міндетті." in response.content.decode()
