"""Services of rubrics: the builder, versions, a competition's choice."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from competitions.enums import CompetitionStatus
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from scoring.errors import ProblemsError
from scoring.models import (
    Rubric,
)
from scoring.rubrics.services import competition_rubric_choose, rubric_create, rubric_new_version, rubric_update
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_rubric_choose_copies_and_replaces_unlocked_copy(official):
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    template = Rubric.objects.filter(is_template=True).first()
    copy = competition_rubric_choose(competition=competition, source=template, actor=official)
    assert copy.competition == competition and copy.copied_from == template
    assert copy.criteria.count() == template.criteria.count()
    again = competition_rubric_choose(competition=competition, source=template, actor=official)
    assert Rubric.objects.filter(competition=competition).get() == again
    assert AuditEvent.objects.filter(action="competition.rubric_chosen").count() == 2
    other = f.RubricFactory(body=f.GovernmentBodyFactory())
    f.CriterionFactory(rubric=other)
    with pytest.raises(DomainError):
        competition_rubric_choose(competition=competition, source=other, actor=official)


def test_locked_rubric_refuses_edit_and_new_version_copies(official):
    rubric = f.RubricFactory(body=official.official_memberships.get().body, locked_at=timezone.now())
    f.CriterionFactory(rubric=rubric, order=1, title="Relevance")
    with pytest.raises(DomainError) as refused:
        rubric_update(rubric=rubric, actor=official, name="x", criteria=[])
    assert refused.value.code == "rubric_locked"
    copy = rubric_new_version(rubric=rubric, actor=official)
    assert (copy.version, copy.previous_version, copy.locked_at) == (2, rubric, None)
    assert list(copy.criteria.values_list("title", flat=True)) == ["Relevance"]


def test_rubric_update_reorders_and_validates(official):
    body = official.official_memberships.get().body
    row = {"title": "A", "description": "", "guidance": [], "min_score": D(0), "max_score": D(5), "step": D("0.5"),
           "weight": D(1), "min_required": None, "comment_required": False}
    rubric = rubric_create(name="R", actor=official, body=body, criteria=[row, dict(row, title="B")])
    first, second = rubric.criteria.all()
    rubric_update(rubric=rubric, actor=official, name="R", criteria=[
        dict(row, id=second.pk, title="B"), dict(row, id=first.pk, title="A")])
    assert list(rubric.criteria.values_list("title", "order")) == [("B", 1), ("A", 2)]
    with pytest.raises(ProblemsError) as refused:
        rubric_update(rubric=rubric, actor=official, name="R", criteria=[dict(row, step=D(2))])
    assert refused.value.problems[0][0] == "0-step"


# ------------------------------------------------------------------------------------- invitations
