from datetime import date
from decimal import Decimal as D

import pytest

from competitions.enums import CompetitionStatus
from tests import factories as f


@pytest.fixture
def review(official):
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW, experts_per_application=2,
                                       evaluation_deadline=date(2030, 1, 31))
    rubric = f.RubricFactory(competition=competition, body=body)
    criteria = [f.CriterionFactory(rubric=rubric, order=1, max_score=D(5), step=D("0.5"), comment_required=True),
                f.CriterionFactory(rubric=rubric, order=2, min_score=D(1), max_score=D(9), weight=D(2))]
    return competition, criteria
