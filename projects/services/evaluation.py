"""Step 6, the evaluation of results: once the final report is accepted, the official forms a panel of at least two
experts of the register (the scoring's hard conflict checks refuse a member or an affiliate of the organisation);
each evaluator declares a conflict of interest as for bids, then scores the project on the assessment rubric (the
rubric engine's scales and validators: points and a verbal verdict per criterion) and submits. When every evaluator
without a conflict has submitted (two at least), the outcome class follows from the mean total (``outcome.py``);
the official publishes it and the public project page shows it.

``evaluation_transition`` is the one writer of ``ProjectEvaluation.status``, ``evaluator_transition`` of
``ProjectEvaluator.status``."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.selectors import members_by_organization
from portal import audit
from portal.accounts.models import ExpertProfile
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify
from scoring.assignment.conflicts import conflict_index
from scoring.calc.totals import maximum_total, weighted_total
from scoring.errors import ProblemsError
from scoring.models import Rubric
from scoring.rubrics.validators import score_problems, to_decimal

from ..enums import EVALUATION_TRANSITIONS, EVALUATOR_TRANSITIONS, EvaluationStatus, EvaluatorStatus, ProjectStatus
from ..models import EvaluationScore, Project, ProjectEvaluation, ProjectEvaluator
from ..outcome import DEFAULT_RUBRIC_NAME, outcome_class, panel_total
from .closure import final_report_accepted
from .transitions import StateError

PANEL_MINIMUM = 2


def evaluation_transition(*, evaluation, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``ProjectEvaluation.status``."""
    now = now or timezone.now()
    before = evaluation.status
    check_transition(table=EVALUATION_TRANSITIONS, kind="evaluation", current=before, to=to)
    evaluation.status, evaluation.status_changed_at = to, now
    if to == EvaluationStatus.PUBLISHED:
        evaluation.published_at = now
    evaluation.save()
    audit.record(actor=actor, action=f"project_evaluation.{to}", target=evaluation,
                 competition_id=evaluation.project.competition_id, before={"status": before},
                 after={"status": to, **(extra_after or {})}, reason=reason)
    return evaluation


def evaluator_transition(*, evaluator, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``ProjectEvaluator.status``."""
    now = now or timezone.now()
    before = evaluator.status
    check_transition(table=EVALUATOR_TRANSITIONS, kind="evaluator", current=before, to=to)
    evaluator.status, evaluator.status_changed_at = to, now
    if to == EvaluatorStatus.SUBMITTED:
        evaluator.submitted_at = now
    evaluator.save()
    audit.record(actor=actor, action=f"project_evaluator.{to}", target=evaluator,
                 competition_id=evaluator.evaluation.project.competition_id, before={"status": before},
                 after={"status": to, **(extra_after or {})}, reason=reason)
    return evaluator


def default_rubric():
    rubric = Rubric.objects.filter(name=DEFAULT_RUBRIC_NAME, is_template=True).order_by("-version").first()
    if rubric is None:
        raise DomainError(_("The assessment rubric is missing."), code="no_rubric")
    return rubric


def _check_panel(project, experts):
    experts = list(ExpertProfile.objects.filter(pk__in=[e.pk for e in experts]).select_related("user"))
    inactive = [e for e in experts if not e.is_active]
    if inactive:
        raise DomainError(_("%(name)s is not an active expert of the register.") % {"name": inactive[0]},
                          code="expert_inactive")
    index = conflict_index(experts=experts, applications=[project.application])
    blocked = [e for e in experts if index.blocking_reasons(e.pk, project.application_id)]
    if blocked:
        raise DomainError(_("%(name)s has a conflict of interest with the organisation.") % {"name": blocked[0]},
                          code="expert_conflict")
    return experts


def _notify_evaluators(evaluation, experts):
    notify(users=[e.user for e in experts], url=f"/projects/evaluations/{evaluation.pk}/", kind="reviews",
           subject=later(_("Evaluation of results of project %(reference)s: you are on the panel"),
                         reference=evaluation.project.reference))


@transaction.atomic
def evaluation_form_panel(*, project, experts, actor, rubric=None):
    """Form the panel (two experts at least) once the final report is accepted."""
    project = Project.objects.select_for_update().select_related("application__organization").get(pk=project.pk)
    if project.status not in {ProjectStatus.FINAL_REPORTING, ProjectStatus.EVALUATING} \
            or not final_report_accepted(project):
        raise StateError(_("The evaluation starts once the final report is accepted."),
                         code="final_report_not_accepted")
    if ProjectEvaluation.objects.filter(project=project).exists():
        raise StateError(_("The panel is already formed; add an evaluator instead."), code="panel_exists")
    experts = {e.pk: e for e in experts}
    if len(experts) < PANEL_MINIMUM:
        raise DomainError(_("Choose at least two evaluators."), code="panel_too_small")
    experts = _check_panel(project, experts.values())
    rubric = rubric or default_rubric()
    evaluation = ProjectEvaluation.objects.create(project=project, rubric=rubric)
    ProjectEvaluator.objects.bulk_create([ProjectEvaluator(evaluation=evaluation, expert=e) for e in experts])
    audit.record(actor=actor, action="project_evaluation.panel_formed", target=evaluation,
                 competition_id=project.competition_id,
                 after={"status": evaluation.status, "rubric": rubric.pk, "experts": sorted(e.pk for e in experts)})
    _notify_evaluators(evaluation, experts)
    return evaluation


@transaction.atomic
def evaluation_add_evaluator(*, evaluation, expert, actor):
    """Another evaluator (e.g. in place of one who declared a conflict), before the outcome is published."""
    evaluation = _lock(evaluation)
    if evaluation.status == EvaluationStatus.PUBLISHED:
        raise StateError(_("The evaluation is published."), code="evaluation_published")
    if evaluation.evaluators.filter(expert=expert).exists():
        raise DomainError(_("This expert is already on the panel."), code="expert_on_panel")
    (expert,) = _check_panel(evaluation.project, [expert])
    evaluator = ProjectEvaluator.objects.create(evaluation=evaluation, expert=expert)
    if evaluation.status == EvaluationStatus.DONE:
        evaluation_transition(evaluation=evaluation, to=EvaluationStatus.SCORING, actor=actor)
    audit.record(actor=actor, action="project_evaluation.evaluator_added", target=evaluation,
                 competition_id=evaluation.project.competition_id, after={"expert": expert.pk})
    _notify_evaluators(evaluation, [expert])
    return evaluator


def _lock(evaluation):
    return ProjectEvaluation.objects.select_for_update(of=("self",)).select_related(
        "project__application__organization", "project__competition").get(pk=evaluation.pk)


def _lock_seat(evaluator):
    return ProjectEvaluator.objects.select_for_update(of=("self",)).select_related(
        "evaluation__project__competition", "expert__user").get(pk=evaluator.pk)


@transaction.atomic
def evaluator_declare(*, evaluator, has_conflict, actor, note=""):
    """The evaluator's declaration before scoring; a conflict takes them off the panel (the official adds another).
    Two evaluators free of conflicts start the scoring."""
    evaluator = _lock_seat(evaluator)
    note = (note or "").strip()
    if has_conflict and not note:
        raise DomainError(_("Describe the conflict of interest."), code="note_required")
    if evaluator.status != EvaluatorStatus.ASSIGNED:
        raise StateError(_("The declaration is already made."), code="already_declared")
    evaluator.conflict_note = note
    evaluator_transition(evaluator=evaluator, to=EvaluatorStatus.CONFLICT if has_conflict else EvaluatorStatus.DECLARED,
                         actor=actor, extra_after={"note": note} if note else None)
    evaluation = _lock(evaluator.evaluation)
    free = evaluation.evaluators.filter(status__in=[EvaluatorStatus.DECLARED, EvaluatorStatus.SUBMITTED]).count()
    if evaluation.status == EvaluationStatus.PANEL and free >= PANEL_MINIMUM:
        evaluation_transition(evaluation=evaluation, to=EvaluationStatus.SCORING, actor=actor)
    if has_conflict:
        officials = [evaluation.project.curator] if evaluation.project.curator_id else []
        notify(users=officials, url=f"/projects/{evaluation.project_id}/",
               subject=later(_("Project %(reference)s: an evaluator declared a conflict of interest"),
                             reference=evaluation.project.reference))
    return evaluator


def parse_scores(criteria, data):
    """``{criterion id: (Decimal or None, verdict)}`` from ``{str(id) or id: {"points": ..., "verdict": ...}}``;
    a ProblemsError names each unknown criterion or unreadable number."""
    known, scores, problems = {c.pk for c in criteria}, {}, []
    for key, value in (data or {}).items():
        try:
            cid = int(key)
        except (TypeError, ValueError):
            cid = None
        if cid not in known:
            problems.append((f"criterion:{key}", _("This is not a criterion of the assessment.")))
            continue
        value = value if isinstance(value, dict) else {}
        try:
            points = to_decimal(value.get("points"))
        except ValueError:
            problems.append((f"criterion:{cid}", _("Enter a number.")))
            continue
        scores[cid] = (points, str(value.get("verdict") or "").strip())
    if problems:
        raise ProblemsError(problems, code="scores_invalid")
    return scores


def _verdict_problems(criteria, scores):
    return [(f"comment:{c.pk}", _("Criterion %(n)s needs a verbal verdict.") % {"n": c.order})
            for c in criteria if not scores.get(c.pk, (None, ""))[1]]


@transaction.atomic
def evaluator_save(*, evaluator, scores, actor):
    """Store the draft: ``scores`` is ``parse_scores``' answer; values given must lie on each criterion's scale."""
    evaluator = _lock_seat(evaluator)
    if evaluator.status != EvaluatorStatus.DECLARED:
        raise StateError(_("Declare the absence of a conflict of interest first, or the scores are submitted."),
                         code="evaluator_read_only")
    criteria = list(evaluator.evaluation.rubric.criteria.all())
    problems = score_problems(criteria=criteria, scores=scores, require_complete=False)
    if problems:
        raise ProblemsError([(p.field, p.message) for p in problems], code="scores_invalid")
    existing = {s.criterion_id: s for s in evaluator.scores.all()}
    for criterion in criteria:
        points, verdict = scores.get(criterion.pk, (None, ""))
        row = existing.get(criterion.pk)
        if points is None:
            if row is not None:
                row.delete()
            continue
        if row is None:
            EvaluationScore.objects.create(evaluator=evaluator, criterion=criterion, points=points, verdict=verdict)
        elif (row.points, row.verdict) != (points, verdict):
            row.points, row.verdict = points, verdict
            row.save(update_fields=["points", "verdict"])
    evaluator.total = weighted_total({cid: p for cid, (p, _v) in scores.items()}, criteria)
    evaluator.save(update_fields=["total"])
    return evaluator


@transaction.atomic
def evaluator_submit(*, evaluator, actor, now=None):
    """Submit the stored scores once every criterion has its points and its verdict; the last submission of the
    panel computes the outcome."""
    evaluator = _lock_seat(evaluator)
    if evaluator.status == EvaluatorStatus.SUBMITTED:
        return evaluator
    if evaluator.status != EvaluatorStatus.DECLARED:
        raise StateError(_("Declare the absence of a conflict of interest first."), code="not_declared")
    evaluation = _lock(evaluator.evaluation)
    if evaluation.status != EvaluationStatus.SCORING:
        raise StateError(_("The panel is not complete yet: wait for a second evaluator."), code="not_scoring")
    criteria = list(evaluation.rubric.criteria.all())
    scores = {s.criterion_id: (s.points, s.verdict) for s in evaluator.scores.all()}
    problems = [(p.field, p.message) for p in score_problems(criteria=criteria, scores=scores, require_complete=True)
                if p.code != "comment_missing"] + _verdict_problems(criteria, scores)
    if problems:
        raise ProblemsError(problems, _("The assessment is not complete: your draft is saved."),
                            code="evaluation_incomplete")
    evaluator.total = weighted_total({cid: p for cid, (p, _v) in scores.items()}, criteria)
    evaluator_transition(evaluator=evaluator, to=EvaluatorStatus.SUBMITTED, actor=actor, now=now,
                         extra_after={"total": evaluator.total,
                                      "scores": {str(cid): p for cid, (p, _v) in scores.items()}})
    _conclude_if_complete(evaluation=evaluation, criteria=criteria, actor=actor, now=now)
    return evaluator


def _conclude_if_complete(*, evaluation, criteria, actor, now=None):
    seats = list(evaluation.evaluators.exclude(status=EvaluatorStatus.CONFLICT))
    if len(seats) < PANEL_MINIMUM or any(s.status != EvaluatorStatus.SUBMITTED for s in seats):
        return
    evaluation.total = panel_total([s.total for s in seats])
    evaluation.outcome = outcome_class(evaluation.total, maximum_total(criteria), settings.PROJECT_OUTCOME_THRESHOLDS)
    evaluation_transition(evaluation=evaluation, to=EvaluationStatus.DONE, actor=actor, now=now,
                          extra_after={"total": evaluation.total, "outcome": evaluation.outcome})


@transaction.atomic
def evaluation_publish(*, evaluation, actor, conclusion="", now=None):
    """The official publishes the outcome (with a conclusion); the organisation is told."""
    evaluation = _lock(evaluation)
    if evaluation.status != EvaluationStatus.DONE:
        raise StateError(_("The panel has not finished scoring."), code="evaluation_not_done")
    evaluation.conclusion = (conclusion or "").strip()
    evaluation_transition(evaluation=evaluation, to=EvaluationStatus.PUBLISHED, actor=actor, now=now,
                          extra_after={"outcome": evaluation.outcome, "total": evaluation.total})
    project = evaluation.project
    members = members_by_organization({project.organization_id})[project.organization_id]
    notify(users=members, url=f"/projects/{project.pk}/",
           subject=later(_("Project %(reference)s: the evaluation of results is published"),
                         reference=project.reference))
    return evaluation
