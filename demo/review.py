"""Expert review and results as the official and the experts do them: the pool, manual assignment, conflict
declarations, scoring, the frozen ranking, publication and appeals, all through the scoring services."""

import random
from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal

from applications.enums import ApplicationStatus
from applications.services import application_transition, competition_start_review
from competitions.enums import CompetitionStatus
from competitions.services import competition_transition
from scoring.appeals.services import appeal_decide, appeal_file
from scoring.assignment.conflicts import conflict_index
from scoring.assignment.services import assignment_create, conflict_declare
from scoring.commission import services as commission
from scoring.enums import AppealStatus, CommissionRole, MeetingFormat, Vote
from scoring.evaluation.services import evaluation_save_draft, evaluation_submit
from scoring.experts.services import pool_add
from scoring.ranking.services import ranking_freeze, results_publish

from .context import CENT

EXPERT_ORDER = ["expert1", "expert2", "expert3", "expert4", "expert5"]
COMMENTS = {
    "high": "Критерий раскрыт полностью: доводы подкреплены данными, мероприятия и результаты согласованы.",
    "mid": "В целом убедительно, но часть обоснований общая; стоит уточнить показатели и сроки.",
    "low": "Обоснование слабое: не хватает данных о целевой группе и связи мероприятий с результатами.",
}
OVERALL = {
    True: "Проект реалистичен и хорошо обоснован.",
    False: "Проект требует доработки: слабая связь мероприятий и результатов.",
}
RESERVE_LAPSED = "Резервный список утратил силу: средства не высвободились."


def start_review(ctx, competition, *, at):
    """The official closes the admission (``closed -> under_review``) and builds the expert pool: four
    experts and expert5 in reserve."""
    competition_start_review(competition=competition, actor=ctx.official, now=at)
    competition.refresh_from_db()
    pool_add(competition=competition, experts=[ctx.experts[k] for k in EXPERT_ORDER[:4]], actor=ctx.official)
    pool_add(competition=competition, experts=[ctx.experts["expert5"]], actor=ctx.official, is_reserve=True)


def panel(ctx, application, index, size):
    """``size`` experts for the ``index``-th bid, rotating through the register, skipping blocked pairs
    (the same conflict check the assignment service applies)."""
    experts = [ctx.experts[key] for key in EXPERT_ORDER]
    conflicts = conflict_index(experts=experts, applications=[application])
    chosen, start = [], (index * 2) % len(EXPERT_ORDER)
    for offset in range(len(EXPERT_ORDER)):
        key = EXPERT_ORDER[(start + offset) % len(EXPERT_ORDER)]
        if not conflicts.blocking_reasons(ctx.experts[key].pk, application.pk):
            chosen.append(key)
        if len(chosen) == size:
            break
    return chosen


def assign(ctx, application, expert_key, *, at, reserve=False):
    """A manual assignment (conflict checks, audit); the demo sends no "new review" notice."""
    return assignment_create(application=application, expert=ctx.experts[expert_key], actor=ctx.official,
                             due_on=(at + timedelta(days=14)).date(), is_reserve=reserve, send_notice=False)


def declare(assignment, *, at, conflict_type="", note=""):
    """The expert's declaration: no conflict (the assignment is accepted) or a typed conflict (recusal)."""
    return conflict_declare(assignment=assignment, actor=assignment.expert.user, has_conflict=bool(conflict_type),
                            conflict_type=conflict_type, note=note, now=at)


def _score(criterion, quality):
    span = criterion.max_score - criterion.min_score
    raw = criterion.min_score + span * Decimal(str(max(0.0, min(1.0, quality))))
    steps = ((raw - criterion.min_score) / criterion.step).to_integral_value(rounding=ROUND_FLOOR)
    return (criterion.min_score + steps * criterion.step).quantize(CENT)


def evaluate(assignment, quality, *, seed, at, submit_it=True, partial=False):
    """Scores on the rubric's scale with comments, saved as a draft and submitted like the scoring page does.
    ``seed`` is a stable text (spec, bid): the same expert gives the same bid the same scores on every run."""
    criteria = list(assignment.application.competition.rubric.criteria.order_by("order"))
    user = assignment.expert.user
    rng = random.Random(f"{seed}/{user.email}")
    expert_bias = rng.uniform(-0.06, 0.06)
    scores = {}
    for criterion in criteria[: len(criteria) // 2] if partial else criteria:
        value = _score(criterion, quality + expert_bias + rng.uniform(-0.08, 0.08))
        relative = (value - criterion.min_score) / (criterion.max_score - criterion.min_score)
        band = "high" if relative >= Decimal("0.75") else "mid" if relative >= Decimal("0.5") else "low"
        scores[criterion.pk] = (value, COMMENTS[band])
    comment = "" if partial else OVERALL[quality >= 0.7]
    evaluation = evaluation_save_draft(assignment=assignment, actor=user, scores=scores, comment=comment)
    if submit_it:
        evaluation = evaluation_submit(assignment=assignment, actor=user, now=at)
    return evaluation


def review_all(ctx, competition, spec, applications, timeline):
    """Every admitted bid gets its panel; every expert declares no conflict, scores and submits."""
    admitted = [(bid, app) for bid, app in applications if app.status == ApplicationStatus.ADMITTED]
    for index, (bid, application) in enumerate(admitted):
        for expert_key in panel(ctx, application, index, competition.experts_per_application):
            assignment = assign(ctx, application, expert_key, at=timeline.at(3))
            declare(assignment, at=timeline.at(4))
            evaluate(assignment, bid.quality, seed=f"{spec.key}/{bid.org}", at=timeline.at(8 + index))


def freeze_ranking(ctx, competition, *, at):
    """The real ranking (aggregation, tie-breaks, winner rule) frozen into a snapshot; competition -> ranked."""
    snapshot = ranking_freeze(competition=competition, actor=ctx.official, now=at)
    competition.refresh_from_db()
    return snapshot


def commission_approves(ctx, competition, *, at):
    """The commission (the official chairs, the observer sits for the public council, the administrator keeps
    the minutes) meets online and approves the frozen ranking, the observer dissenting; the protocol and
    its public extract (kk, ru) are queued for the worker."""
    board = commission.commission_setup(competition=competition, actor=ctx.official)
    seats = [
        commission.commission_member_add(commission=board, user=ctx.official, full_name=ctx.official.full_name,
                                         role=CommissionRole.CHAIR, actor=ctx.official,
                                         position="Басқарма басшысы / Руководитель управления"),
        commission.commission_member_add(
            commission=board, user=ctx.users["admin"], full_name=ctx.users["admin"].full_name,
            role=CommissionRole.SECRETARY, actor=ctx.official),
        commission.commission_member_add(
            commission=board, user=ctx.users["observer"], full_name=ctx.users["observer"].full_name,
            council_member=commission.council_member_for(ctx.users["observer"], competition.body_id),
            actor=ctx.official),
    ]
    meeting = commission.meeting_schedule(commission=board, held_at=at, format=MeetingFormat.ONLINE,
                                          livestream_url="https://www.youtube.com/@kostanay-uvp/live",
                                          actor=ctx.official)
    meeting = commission.meeting_hold(meeting=meeting, present_member_ids=[s.pk for s in seats], actor=ctx.official,
                                      now=at)
    votes = {seats[0].pk: (Vote.APPROVE, ""), seats[1].pk: (Vote.APPROVE, ""),
             seats[2].pk: (Vote.SEND_BACK, DISSENT)}
    return commission.meeting_decide(meeting=meeting, votes=votes, actor=ctx.official, now=at)


DISSENT = ("Бір өтінімде сарапшылардың бағалары қатты алшақ: үшінші сарапшыны тарту керек еді. / "
           "По одной заявке оценки экспертов сильно расходятся: следовало привлечь третьего эксперта.")


def publish_results(ctx, competition, *, at):
    """The commission approves the frozen ranking; every ranked bid gets its outcome from the snapshot;
    competition -> results_published."""
    commission_approves(ctx, competition, at=at - timedelta(hours=2))
    results_publish(competition=competition, actor=ctx.official, now=at)
    competition.refresh_from_db()


def file_appeal(ctx, application, *, at, reason):
    return appeal_file(application=application, reason=reason, actor=ctx.member(application.organization), now=at)


def dismiss_appeal(ctx, appeal, *, at, reasoning):
    return appeal_decide(appeal=appeal, decision=AppealStatus.DISMISSED, reasoning=reasoning, actor=ctx.official,
                         now=at)


def make_final(ctx, competition, *, at):
    """The results become final and the reserve list lapses (no funds were released). The portal has no
    service for this step yet, so the demo calls the two status writers an official's action would."""
    for application in competition.applications.filter(status=ApplicationStatus.RESERVE).order_by("pk"):
        application_transition(application=application, to=ApplicationStatus.NOT_FUNDED, actor=ctx.official,
                               now=at, reason=RESERVE_LAPSED)
    competition_transition(competition=competition, to=CompetitionStatus.FINAL, actor=ctx.official, now=at)
