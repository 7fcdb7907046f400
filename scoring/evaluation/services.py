"""Writes of an expert's evaluation: the draft (version-checked), the submission, an official's reopening.
The weighted total is ``scoring.calc.totals.weighted_total``, the one function that computes it."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.enums import CompetitionStatus
from competitions.selectors import officials_of
from portal import audit
from portal.audit.phrases import reason_text_lazy
from portal.errors import DomainError, StaleVersionError
from portal.notifications.services import later, notify

from ..assignment.services import assignment_transition, divergence_add_expert
from ..calc.divergence import divergence_of
from ..calc.totals import weighted_total
from ..enums import ACTIVE, EXPERT_CAN_SCORE, AssignmentStatus
from ..errors import ProblemsError
from ..models import Assignment, CriterionScore, Evaluation
from ..rubrics.selectors import criteria_of_competition
from ..rubrics.validators import score_problems


def _stored_scores(evaluation):
    return {s.criterion_id: (s.value, s.comment) for s in evaluation.scores.all()}


@transaction.atomic
def evaluation_save_draft(*, assignment, actor, scores, comment="", version=None):
    """Store the expert's draft. ``scores``: criterion id -> (Decimal or None, comment). Values given must lie
    on the scale; missing ones are allowed. ``version`` (the one the form was opened with) guards against a
    second tab overwriting newer work."""
    assignment = Assignment.objects.select_for_update().select_related("application__competition").get(
        pk=assignment.pk)
    if assignment.status not in EXPERT_CAN_SCORE:
        raise DomainError(_("This evaluation can no longer be changed."), code="evaluation_read_only")
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(assignment=assignment)
    if version is not None and int(version) != evaluation.version:
        raise StaleVersionError()
    criteria = criteria_of_competition(assignment.application.competition_id)
    known = {c.pk for c in criteria}
    unknown = [cid for cid in scores if cid not in known]
    if unknown:  # a score for another rubric's criterion is refused, never dropped
        raise ProblemsError([(f"criterion:{cid}", _("This is not a criterion of the competition's rubric."))
                             for cid in unknown], code="scores_invalid")
    problems = score_problems(criteria=criteria, scores=scores, require_complete=False)
    if problems:
        raise ProblemsError([(p.field, p.message) for p in problems], code="scores_invalid")
    existing = {s.criterion_id: s for s in evaluation.scores.all()}
    for criterion in criteria:
        value, text = scores.get(criterion.pk, (None, ""))
        row = existing.get(criterion.pk)
        if row is None:
            CriterionScore.objects.create(evaluation=evaluation, criterion=criterion, value=value, comment=text or "")
        elif row.value != value or row.comment != (text or ""):
            row.value, row.comment = value, text or ""
            row.save(update_fields=["value", "comment"])
    evaluation.comment = comment or ""
    evaluation.total = weighted_total({cid: v for cid, (v, _c) in scores.items()}, criteria)
    evaluation.version += 1
    evaluation.save(update_fields=["comment", "total", "version", "updated_at"])
    return evaluation


@transaction.atomic
def evaluation_submit(*, assignment, actor, now=None):
    """Submit the stored draft once every criterion is scored on its scale (and commented where required)."""
    now = now or timezone.now()
    assignment = Assignment.objects.select_for_update().select_related("application__competition").get(
        pk=assignment.pk)
    if assignment.status == AssignmentStatus.SUBMITTED:
        return assignment.evaluation
    if assignment.status not in EXPERT_CAN_SCORE:
        raise DomainError(_("This evaluation cannot be submitted."), code="evaluation_read_only")
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(assignment=assignment)
    competition = assignment.application.competition
    criteria = criteria_of_competition(competition.pk)
    scores = _stored_scores(evaluation)
    problems = score_problems(criteria=criteria, scores=scores, require_complete=True)
    if problems:
        raise ProblemsError([(p.field, p.message) for p in problems],
                            _("The evaluation is not complete: your draft is saved."), code="evaluation_incomplete")
    evaluation.total = weighted_total({cid: v for cid, (v, _c) in scores.items()}, criteria)
    evaluation.submitted_at = now
    evaluation.version += 1
    evaluation.save(update_fields=["total", "submitted_at", "version", "updated_at"])
    audit.record(actor=actor, action="evaluation.submitted", target=evaluation, competition_id=competition.pk,
                 after={"total": evaluation.total, "scores": {str(k): v for k, (v, _c) in scores.items()}})
    assignment_transition(assignment=assignment, to=AssignmentStatus.SUBMITTED, actor=actor, now=now)
    if competition.auto_add_expert_on_divergence:
        _auto_add_on_divergence(application=assignment.application, actor=actor)
    return evaluation


@transaction.atomic
def evaluation_reopen(*, assignment, actor, reason):
    if not (reason or "").strip():
        raise ProblemsError([("reason", _("Give the reason for reopening the evaluation."))])
    assignment = Assignment.objects.select_for_update().select_related(
        "application__competition", "expert__user").get(pk=assignment.pk)
    competition = assignment.application.competition
    if competition.status != CompetitionStatus.UNDER_REVIEW:
        raise DomainError(_("Evaluations can be reopened only while the competition is under review."),
                          code="competition_not_under_review")
    assignment_transition(assignment=assignment, to=AssignmentStatus.REOPENED, actor=actor, reason=reason)
    audit.record(actor=actor, action="evaluation.reopened", target=assignment.evaluation,
                 competition_id=competition.pk, before={"total": assignment.evaluation.total}, reason=reason)
    notify(users=[assignment.expert.user], subject=_("An evaluation was reopened for correction"),
           body=later(_("Reason: %(reason)s"), reason=reason_text_lazy(reason)),
           url=reverse("scoring:score", kwargs={"pk": assignment.pk}))
    return assignment


def _auto_add_on_divergence(*, application, actor):
    competition = application.competition
    totals = list(Evaluation.objects.filter(assignment__application=application,
                                            assignment__status=AssignmentStatus.SUBMITTED)
                  .values_list("total", flat=True))
    result = divergence_of(totals, competition.divergence_threshold_percent)
    if not result or not result[2]:
        return None
    active = Assignment.objects.filter(application=application, status__in=ACTIVE).count()
    if active > competition.experts_per_application:
        return None  # an additional expert was added already
    try:
        return divergence_add_expert(application=application, actor=actor, seed=application.pk)
    except DomainError as error:
        notify(users=officials_of(competition), subject=_("Divergent scores: no additional expert available"),
               body=str(error), url=reverse("scoring:review_overview", kwargs={"reference": competition.reference}))
        return None
