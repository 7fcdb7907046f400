"""Competitions with published results whose applications carry real snapshots (activities, indicators, budget
lines per year), for the projects tests.

``published_world(official, amounts=[...], total_budget=..., years=[...])``: one application per amount, ranked
in the given order (the first scores highest); each application's budget is split evenly over ``years``."""

from datetime import date, timedelta
from decimal import Decimal

from django.test import TestCase

from applications.models import Activity, BudgetLine, Indicator
from applications.services import application_snapshot, snapshot_hash
from competitions.enums import TermType
from scoring.ranking.services import ranking_freeze, results_publish
from tests import factories as f
from tests.scoring.results_world import ranked_competition, scored_application

D = Decimal


def _fill(application, amount, years):
    per_year = D(amount) / len(years)
    for order, year in enumerate(years):
        BudgetLine.objects.create(application=application, category="services", description=f"Trainers {year}",
                                  quantity=D("4"), unit_cost=(per_year * D("0.75") / 4).quantize(D("0.01")),
                                  year=year, order=order * 2)
        rest = per_year - (per_year * D("0.75") / 4).quantize(D("0.01")) * 4
        BudgetLine.objects.create(application=application, category="events", description=f"Venues {year}",
                                  quantity=D("1"), unit_cost=rest, year=year, order=order * 2 + 1)
    Activity.objects.create(application=application, title="Trainings", starts_on=date(years[0], 2, 1),
                            ends_on=date(years[-1], 11, 30), expected_result="120 people trained")
    Indicator.objects.create(application=application, name="People trained", unit="people", baseline=D("0"),
                             target=D("120"))
    application.snapshot = application_snapshot(application, submitted_at=application.submitted_at)
    application.snapshot_sha256 = snapshot_hash(application.snapshot)
    application.save(update_fields=["snapshot", "snapshot_sha256"])


def published_world(official, *, amounts=("1500000", "1000000", "800000"), total_budget="2000000", years=(2026,)):
    years = list(years)
    multi = len(years) > 1
    competition = ranked_competition(
        weights=("1", "1"), total_budget=total_budget, pass_threshold="4",
        term_type=TermType.LONG if multi else TermType.SHORT,
        project_starts_on=date(years[0], 1, 15), project_ends_on=date(years[-1], 12, 15) if multi
        else date(years[0], 1, 15) + timedelta(days=300), project_years=years if multi else [])
    f.OfficialMembershipFactory(user=official, body=competition.body)
    members, applications = [], []
    for index, amount in enumerate(amounts):
        member = f.MembershipFactory(role="owner")
        score = 9 - index
        application = scored_application(competition, [[score, score], [score, score]], requested=amount,
                                         organization=member.organization)
        _fill(application, amount, years)
        members.append(member.user)
        applications.append(application)
    ranking_freeze(competition=competition, actor=official)
    competition.refresh_from_db()
    f.approve_ranking(competition, actor=official)
    with TestCase.captureOnCommitCallbacks(execute=True):
        results_publish(competition=competition, actor=official)
    competition.refresh_from_db()
    for application in applications:
        application.refresh_from_db()
    return competition, applications, members
