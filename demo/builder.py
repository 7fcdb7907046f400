"""The living demo behind ``manage.py seed_demo``: one builder per competition state.

Every write goes through the portal's own services (competitions, applications, admission, scoring), with
their ``now=`` argument where the demo plays a past moment, so snapshots, registration numbers, receipts and
the audit chain are exactly what real use produces and ``verify_audit`` passes.

Idempotent: people are keyed on e-mail and BIN, competitions on their body and Russian title. A competition
that already exists is left exactly as it is; the whole build runs in one transaction, so a half-built
competition never survives a failure.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from scoring.enums import ConflictType

from .applications import add_applications, decide_admission, withdraw
from .competitions import (
    ask_questions,
    cancel,
    close_at_deadline,
    create_competition,
    existing_competition,
    load_templates,
    publish,
)
from .context import Context
from .people import LOGINS, ensure_people
from .portfolio import move_projects
from .projects import running, under_contract
from .register import build_register
from .review import (
    assign,
    declare,
    dismiss_appeal,
    evaluate,
    file_appeal,
    freeze_ranking,
    make_final,
    publish_results,
    review_all,
    start_review,
)
from .specs import SPECS

APPEAL_PENDING = ("Эксперты не учли приложенные письма поддержки партнёров; просим пересмотреть баллы по критерию "
                  "«Влияние и устойчивость».")
APPEAL_DISMISSED = "Считаем оценку актуальности заниженной: проект отвечает приоритетам области."
APPEAL_REASONING = ("Оценки обоих экспертов согласованы и мотивированы; нарушений порядка оценки не выявлено. "
                    "Оснований для пересмотра нет.")
RECUSAL_NOTE = "Моя сестра работает бухгалтером в фонде-заявителе."


def _open_with_bids(ctx, spec):
    """Created, published before its window opens, and the bids written (and submitted) inside the window."""
    competition, timeline = create_competition(ctx, spec)
    publish(ctx, competition, spec, at=timeline.opens_at - timedelta(days=3))
    applications = add_applications(ctx, competition, spec, timeline)
    return competition, timeline, applications


def _through_admission(ctx, spec):
    competition, timeline, applications = _open_with_bids(ctx, spec)
    close_at_deadline(competition)
    decide_admission(ctx, applications, at=timeline.at(2))
    return competition, timeline, applications


def _through_ranking(ctx, spec):
    competition, timeline, applications = _through_admission(ctx, spec)
    start_review(ctx, competition, at=timeline.at(3))
    review_all(ctx, competition, spec, applications, timeline)
    freeze_ranking(ctx, competition, at=timeline.at(15))
    return competition, timeline, applications


def _bid_of(applications, org):
    return next((bid, app) for bid, app in applications if bid.org == org)


def build_draft(ctx, spec):
    competition, _timeline = create_competition(ctx, spec)
    return competition


def build_upcoming(ctx, spec):
    competition, _timeline = create_competition(ctx, spec)
    publish(ctx, competition, spec, at=ctx.days(-1))
    return competition


def build_open(ctx, spec):
    competition, timeline, _applications = _open_with_bids(ctx, spec)
    ask_questions(ctx, competition, at=timeline.opens_at + timedelta(days=4))
    return competition


def build_closed(ctx, spec):
    competition, _timeline, _applications = _through_admission(ctx, spec)
    return competition


def build_under_review(ctx, spec):
    competition, timeline, applications = _through_admission(ctx, spec)
    start_review(ctx, competition, at=timeline.at(3))
    bid1, app1 = _bid_of(applications, "ngo1")
    bid2, app2 = _bid_of(applications, "ngo2")
    # ngo1's bid: one expert has submitted, the other is still scoring.
    first = assign(ctx, app1, "expert1", at=timeline.at(3))
    declare(first, at=timeline.at(4))
    evaluate(first, bid1.quality, seed=f"{spec.key}/ngo1", at=timeline.at(9))
    second = assign(ctx, app1, "expert2", at=timeline.at(3))
    declare(second, at=timeline.at(5))
    evaluate(second, bid1.quality, seed=f"{spec.key}/ngo1", at=None, submit_it=False, partial=True)
    # ngo2's bid: one expert has not declared yet, one recused, the reserve expert took the slot and submitted.
    assign(ctx, app2, "expert3", at=timeline.at(3))
    recused = assign(ctx, app2, "expert4", at=timeline.at(3))
    declare(recused, at=timeline.at(4), conflict_type=ConflictType.RELATIVE, note=RECUSAL_NOTE)
    reserve = assign(ctx, app2, "expert5", at=timeline.at(5), reserve=True)
    declare(reserve, at=timeline.at(5))
    evaluate(reserve, bid2.quality, seed=f"{spec.key}/ngo2", at=timeline.at(10))
    return competition


def build_ranked(ctx, spec):
    competition, _timeline, _applications = _through_ranking(ctx, spec)
    return competition


def build_results_published(ctx, spec):
    competition, _timeline, applications = _through_ranking(ctx, spec)
    publish_results(ctx, competition, at=ctx.days(-1, hour=11))
    under_contract(ctx, competition)
    _bid, below = _bid_of(applications, "ngo3")
    file_appeal(ctx, below, at=ctx.now - timedelta(hours=2), reason=APPEAL_PENDING)
    return competition


def build_final(ctx, spec):
    competition, timeline, applications = _through_ranking(ctx, spec)
    publish_results(ctx, competition, at=timeline.at(17))
    _bid, below = _bid_of(applications, "ngo3")
    appeal = file_appeal(ctx, below, at=timeline.at(18), reason=APPEAL_DISMISSED)
    dismiss_appeal(ctx, appeal, at=timeline.at(20), reasoning=APPEAL_REASONING)
    make_final(ctx, competition, at=timeline.at(30))
    running(ctx, competition)
    return competition


def build_portfolio(ctx, spec):
    """Results published and final, then each winner's project moved on (demo/portfolio.py)."""
    competition, timeline, _applications = _through_ranking(ctx, spec)
    publish_results(ctx, competition, at=timeline.at(17))
    make_final(ctx, competition, at=timeline.at(30))
    move_projects(ctx, competition, spec)
    return competition


def build_cancelled(ctx, spec):
    competition, _timeline, applications = _open_with_bids(ctx, spec)
    withdraw(ctx, applications, at=ctx.days(-5))
    cancel(ctx, competition, at=ctx.days(-2))
    return competition


BUILDERS = {
    "draft": build_draft,
    "upcoming": build_upcoming,
    "open": build_open,
    "closed": build_closed,
    "under_review": build_under_review,
    "ranked": build_ranked,
    "results_published": build_results_published,
    "final": build_final,
    "cancelled": build_cancelled,
    "portfolio": build_portfolio,
}


@dataclass
class DemoResult:
    created: list  # references of the competitions made by this run
    existing: list  # references of those an earlier run made, left as they are
    logins: list


@transaction.atomic
def build_demo(*, now=None):
    """Create whatever part of the demo is missing; returns which competitions were created."""
    ctx = Context(now=now or timezone.now())
    ctx.templates = load_templates()
    ensure_people(ctx)
    created, existing = [], []
    for spec in SPECS:
        competition = existing_competition(ctx, spec)
        if competition is not None:
            existing.append(competition.reference)
            continue
        competition = BUILDERS[spec.state](ctx, spec)
        created.append(competition.reference)
    build_register(ctx)
    return DemoResult(created=created, existing=existing, logins=LOGINS)


