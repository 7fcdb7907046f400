"""Fixtures of the scoring tests: a competition under review with its rubric, admitted bids and pool."""

from datetime import date
from decimal import Decimal as D

import pytest

from competitions.enums import CompetitionStatus
from scoring.experts.services import pool_add
from tests import factories as f
from tests.scoring.results_world import published_competition


@pytest.fixture
def review(official):
    """A competition under review (k=2) with a 3-criterion rubric, 4 admitted applications and 4 pool experts."""
    body = official.official_memberships.get().body
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.UNDER_REVIEW, experts_per_application=2,
                                       evaluation_deadline=date(2030, 1, 31))
    rubric = f.RubricFactory(competition=competition, body=body)
    criteria = [f.CriterionFactory(rubric=rubric, order=1, max_score=D(10), weight=D(1), comment_required=True),
                f.CriterionFactory(rubric=rubric, order=2, max_score=D(5), step=D("0.5"), weight=D(2)),
                f.CriterionFactory(rubric=rubric, order=3, min_score=D(1), max_score=D(9), weight=D("0.5"))]
    applications = [f.ApplicationFactory(competition=competition, status="admitted") for _ in range(4)]
    experts = [f.ExpertProfileFactory() for _ in range(4)]
    pool_add(competition=competition, experts=experts, actor=official)
    return competition, criteria, applications, experts


@pytest.fixture
def published(official):
    """Budget 2 M: A (score 16, 1.5 M) wins; B (score 12, 1 M) does not fit -> reserve; published 30.04.2026."""
    return published_competition(official)
