"""Audit codes in the reader's language (portal/audit/phrases.py and the audit_tags filters)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.audit import phrases
from portal.audit.phrases import reason_parts, reason_text, system_reason

HASH = "ab" * 32


def test_a_system_reason_is_stored_as_a_code_with_its_parameters():
    assert system_reason("deadline_reached") == "@deadline_reached"
    stored = system_reason("ranking_frozen", sha256=HASH, number=1)
    assert stored == f'@ranking_frozen {{"number": 1, "sha256": "{HASH}"}}'
    with pytest.raises(ValueError):
        system_reason("made_up")


@pytest.mark.parametrize("language, expected", [
    ("en", f"Ranking snapshot No. 1, SHA-256 {HASH}"),
    ("ru", f"Срез рейтинга № 1, SHA-256 {HASH}"),
    ("kk", f"Рейтинг кесіндісі № 1, SHA-256 {HASH}"),
])
def test_reasons_render_in_the_readers_language(language, expected):
    with translation.override(language):
        assert reason_text(system_reason("ranking_frozen", number=1, sha256=HASH)) == expected
        assert reason_text(f"ranking snapshot #1 {HASH}") == expected  # the sentence older events stored


def test_older_english_sentences_are_recognised_and_typed_reasons_kept():
    with translation.override("ru"):
        assert reason_text("deadline reached") == "Срок подачи заявок истёк"
        assert reason_text("appeal #4 upheld: Score of criterion 2 recomputed") == (
            "Обжалование № 4 удовлетворено: Score of criterion 2 recomputed")
        assert reason_text("admission closed: 3 admitted") == "Проверка допуска завершена: допущено 3"
    assert reason_parts("Holidays") is None and reason_text("Holidays") == "Holidays"
    assert reason_text("@unknown_code") == "@unknown_code"


def test_action_codes_and_status_values_render_as_words():
    with translation.override("ru"):
        assert str(phrases.action_label("ranking.frozen")) == "Рейтинг зафиксирован"
        assert str(phrases.action_label("application.winner")) == "Победитель"
        assert str(phrases.key_label("status")) == "статус"
        assert str(phrases.value_label("status", "published")) == "Опубликован"
    assert phrases.action_label("made.up") == "made.up"


def test_hash_reason_html_is_short_with_the_whole_hash_behind_a_disclosure():
    html = Template("{% load audit_tags %}{{ reason|reason_html }}").render(Context(
        {"reason": system_reason("ranking_frozen", number=2, sha256=HASH)}))
    assert f"{HASH[:12]}…</code>" in html and f'data-copy="{HASH}"' in html and "<details" in html


def test_typed_reasons_are_escaped():
    html = Template("{% load audit_tags %}{{ reason|reason_html }}").render(Context(
        {"reason": system_reason("appeal_upheld", appeal=3, reasoning="<b>bold</b>")}))
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html
