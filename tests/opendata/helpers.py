"""Awarded grants made directly with factories (the API and builder tests need many, fast). The full path
through the ranking and the results publication is in test_services.py (``published_competition``)."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from tests import factories as f

ALMATY = ZoneInfo("Asia/Almaty")


def at(day, hour=12):
    return datetime.combine(day, time(hour), tzinfo=ALMATY)


def results_competition(*, year=2026, regions=None, **extra):
    fields = {"status": CompetitionStatus.RESULTS_PUBLISHED, "opens_at": at(date(year, 2, 1)),
              "closes_at": at(date(year, 3, 1)), "published_at": at(date(year, 1, 25)),
              "results_published_at": at(date(year, 4, 30)), "project_starts_on": date(year, 6, 1),
              "project_ends_on": date(year, 11, 30), **extra}
    return f.CompetitionFactory(regions=regions, **fields)


def awarded(competition, *, amount="1500000", organization=None, status=ApplicationStatus.WINNER):
    return f.ApplicationFactory(competition=competition, status=status, awarded_amount=Decimal(amount),
                                requested_amount=Decimal("2000000"), submitted_at=at(date(2026, 2, 20)),
                                **({"organization": organization} if organization else {}))
