"""Criteria in Kazakh, Russian and English like the rest of the content (issue [2.6] part 1)."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from scoring.models import Criterion
from scoring.rubrics import services
from tests import factories as f

pytestmark = pytest.mark.django_db


def row(**values):
    return {"title": "Актуальность", "description": "", "guidance": [], "min_score": Decimal("0"),
            "max_score": Decimal("10"), "step": Decimal("1"), "weight": Decimal("1"), "min_required": None,
            "comment_required": False, **values}


def test_a_criterion_written_in_one_language_is_filed_under_it():
    user = f.UserFactory(is_staff=True)
    rubric = services.rubric_create(name="R", actor=user, criteria=[
        row(guidance=[{"from": 0, "to": 3, "text": "Әлсіз"}]), row(title="Relevance", description="Why now")])
    first, second = rubric.criteria.order_by("order")
    assert (first.title_ru, first.title_kk, first.guidance[0]["text_kk"]) == ("Актуальность", "", "Әлсіз")
    assert (second.title_en, second.description_en) == ("Relevance", "Why now")


def test_readers_see_their_language_with_kk_ru_en_fallback():
    user = f.UserFactory(is_staff=True)
    rubric = services.rubric_create(name="R", actor=user, criteria=[row(
        title_kk="Өзектілігі", title_ru="Актуальность", title_en="",
        guidance=[{"from": 0, "to": 3, "text": "Weak", "text_kk": "Әлсіз", "text_ru": "Слабо"}])])
    criterion = rubric.criteria.get()
    with translation.override("ru"):
        assert (criterion.label, criterion.bands[0]["text"]) == ("Актуальность", "Слабо")
    with translation.override("kk"):
        assert (criterion.label, criterion.bands[0]["text"]) == ("Өзектілігі", "Әлсіз")
    with translation.override("en"):  # no English: Kazakh first
        assert (criterion.label, criterion.bands[0]["text"]) == ("Өзектілігі", "Әлсіз")
    assert criterion.title == "Актуальность"  # the text as first written stays (snapshots, audit)


def test_editing_without_translations_keeps_the_stored_ones():
    user = f.UserFactory(is_staff=True)
    rubric = services.rubric_create(name="R", actor=user,
                                    criteria=[row(title_kk="Өзектілігі", title_ru="Актуальность")])
    criterion = rubric.criteria.get()
    services.rubric_update(rubric=rubric, actor=user, name="R", criteria=[row(id=criterion.pk, weight=Decimal("2"))])
    criterion.refresh_from_db()
    assert (criterion.title_kk, criterion.title_ru, criterion.weight) == ("Өзектілігі", "Актуальность", Decimal("2"))


def test_the_migration_copies_the_single_text_into_its_language():
    migration = import_module("scoring.migrations.0009_criterion_languages")
    rubric = f.RubricFactory()
    criterion = Criterion.objects.create(rubric=rubric, order=99, title="Устойчивость", description="Sustainability",
                                         guidance=[{"from": "0", "to": "5", "text": "Жақсы"}])
    migration.copy_into_languages(django_apps, None)
    criterion.refresh_from_db()
    assert (criterion.title_ru, criterion.description_en, criterion.guidance[0]["text_kk"]) == (
        "Устойчивость", "Sustainability", "Жақсы")
    assert criterion.guidance[0]["text"] == "Жақсы"
