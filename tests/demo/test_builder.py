"""The demo does not depend on the day it is built: every spec reaches its state and its outcomes on any
date (year boundaries, public holidays, late evening in Astana), through the services' ``now=``."""

from datetime import UTC, datetime

import pytest

from applications.models import Application
from competitions.enums import CompetitionStatus
from competitions.models import Competition
from demo.builder import build_demo
from demo.specs import SPECS
from portal.audit.services import verify_chain

pytestmark = pytest.mark.django_db

STATE_STATUS = {"open": CompetitionStatus.PUBLISHED, "upcoming": CompetitionStatus.PUBLISHED,
                "portfolio": CompetitionStatus.FINAL}


@pytest.mark.parametrize("now", [
    datetime(2028, 1, 3, 19, 30, tzinfo=UTC),  # 00:30 in Astana on 4 January, across a year boundary
    datetime(2027, 3, 20, 6, 0, tzinfo=UTC),  # the day before the Nauryz holidays (working days count)
])
def test_every_spec_reaches_its_state_and_outcomes_on_any_date(now):
    result = build_demo(now=now)
    assert len(result.created) == len(SPECS) and result.existing == []
    for spec in SPECS:
        competition = Competition.objects.get(title_ru=spec.title_ru)
        assert competition.status == STATE_STATUS.get(spec.state, spec.state), spec.key
        outcomes = {a.organization.contact_email.split("@")[0]: a.status
                    for a in Application.objects.filter(competition=competition).select_related("organization")}
        assert outcomes == {bid.org: bid.status for bid in spec.bids}, spec.key
        assert competition.created_by.email == "official@example.kz"
        assert competition.status_changed_at <= now
    assert verify_chain().ok
