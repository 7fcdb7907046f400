import pytest
from django.db import connection

from competitions.models import Competition
from portal.sqlite import unicode_like
from tests import factories as f


@pytest.mark.parametrize(("pattern", "value", "expected"), [
    ("%экол%", "Экология Костаная", True),
    ("%ҚАЗАҚ%", "қазақ тілі", True),
    ("%50\\%%", "скидка 50% сегодня", True),
    ("%50\\%%", "скидка 50 сегодня", False),
    ("a_c", "abc", True),
    ("a_c", "abbc", False),
])
def test_unicode_like(pattern, value, expected):
    assert unicode_like(pattern, value, "\\") is expected


@pytest.mark.django_db
def test_icontains_folds_cyrillic_case_on_every_backend():
    competition = f.CompetitionFactory(title_ru="Экологическое просвещение")
    assert list(Competition.objects.filter(title_ru__icontains="экол")) == [competition]
    assert list(Competition.objects.filter(title_ru__icontains="ЭКОЛОГ")) == [competition]
    assert connection.vendor in ("sqlite", "postgresql")
