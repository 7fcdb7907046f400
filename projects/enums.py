"""Choices and the allowed-transition table of every state machine of a project (DESIGN.md §9).

One service writes each status field (``projects/services/``); it checks the table here first."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    CONTRACTING = "contracting", _("Contracting")
    IN_PROGRESS = "in_progress", _("In progress")
    FINAL_REPORTING = "final_reporting", _("Final reporting")
    EVALUATING = "evaluating", _("Evaluation of results")
    CLOSED = "closed", _("Closed")
    TERMINATED = "terminated", _("Terminated early")
    DECLINED = "declined", _("Declined or not signed")
    CANCELLED = "cancelled", _("Cancelled: no longer a winner")


P = ProjectStatus
OPEN_PROJECT_STATUSES = frozenset({P.AWARDED, P.CONTRACTING, P.IN_PROGRESS, P.FINAL_REPORTING, P.EVALUATING})
PROJECT_TRANSITIONS = {
    P.AWARDED: {P.CONTRACTING, P.DECLINED, P.TERMINATED, P.CANCELLED},
    P.CONTRACTING: {P.IN_PROGRESS, P.DECLINED, P.TERMINATED, P.CANCELLED},
    P.IN_PROGRESS: {P.FINAL_REPORTING, P.TERMINATED},
    P.FINAL_REPORTING: {P.EVALUATING, P.TERMINATED},
    P.EVALUATING: {P.CLOSED, P.TERMINATED},
    P.CLOSED: set(),
    P.TERMINATED: set(),
    P.DECLINED: set(),
    P.CANCELLED: set(),
}
# Projects whose money counts against the competition's budget (a declined one frees its amount).
COMMITTED_PROJECT_STATUSES = frozenset(set(ProjectStatus) - {P.DECLINED, P.CANCELLED})
del P


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the organisation")
    SIGNED_BY_NGO = "signed_by_ngo", _("Signed by the organisation")
    SIGNED_BY_BODY = "signed_by_body", _("Signed by the government body")
    IN_FORCE = "in_force", _("In force")
    CANCELLED = "cancelled", _("Cancelled")


A = AgreementStatus
AGREEMENT_TRANSITIONS = {
    A.DRAFT: {A.SENT, A.CANCELLED},
    A.SENT: {A.SIGNED_BY_NGO, A.DRAFT, A.CANCELLED},
    A.SIGNED_BY_NGO: {A.SIGNED_BY_BODY, A.CANCELLED},
    A.SIGNED_BY_BODY: {A.IN_FORCE, A.CANCELLED},
    A.IN_FORCE: set(),
    A.CANCELLED: set(),
}
del A


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class AmendmentKind(models.TextChoices):
    BUDGET_MOVE = "budget_move", _("Move money between budget lines")
    DATES = "dates", _("Shift dates")


class AmendmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


AMENDMENT_TRANSITIONS = {
    AmendmentStatus.REQUESTED: {AmendmentStatus.APPROVED, AmendmentStatus.REFUSED},
    AmendmentStatus.APPROVED: set(),
    AmendmentStatus.REFUSED: set(),
}


class TrancheCondition(models.TextChoices):
    AGREEMENT_IN_FORCE = "agreement_in_force", _("Agreement in force")
    REPORT_ACCEPTED = "report_accepted", _("A named report accepted")
    YEAR_CONTINUED = "year_continued", _("Decision to continue into the year")


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DUE = "due", _("Due")
    APPROVED = "approved", _("Approved for payment")
    PAID = "paid", _("Paid")
    WITHHELD = "withheld", _("Withheld")
    CANCELLED = "cancelled", _("Cancelled")


T = TrancheStatus
TRANCHE_TRANSITIONS = {
    T.PLANNED: {T.DUE, T.CANCELLED},
    T.DUE: {T.APPROVED, T.WITHHELD, T.CANCELLED},
    T.WITHHELD: {T.DUE, T.CANCELLED},
    T.APPROVED: {T.PAID},
    T.PAID: set(),
    T.CANCELLED: set(),
}
OPEN_TRANCHE_STATUSES = frozenset({T.PLANNED, T.DUE, T.WITHHELD, T.APPROVED})
del T


class TrancheSchedule(models.TextChoices):
    HALVES = "halves", _("Two tranches, 50/50")
    PER_YEAR = "per_year", _("One tranche per budget year")
    SINGLE = "single", _("One tranche")


class PeriodKind(models.TextChoices):
    INTERIM = "interim", _("Interim report")
    ANNUAL = "annual", _("Annual report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


R = ReportStatus
REPORT_TRANSITIONS = {
    R.NOT_STARTED: {R.DRAFT},
    R.DRAFT: {R.SUBMITTED},
    R.SUBMITTED: {R.ACCEPTED, R.RETURNED},
    R.RETURNED: {R.SUBMITTED},
    R.ACCEPTED: set(),
}
del R


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    ATTENDANCE = "attendance", _("Attendance list")
    PUBLICATION = "publication", _("Publication")
    OTHER = "other", _("Other")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    ACTIONS_OPEN = "actions_open", _("Corrective actions open")
    CLOSED = "closed", _("Closed")


VISIT_TRANSITIONS = {
    VisitStatus.PLANNED: {VisitStatus.DONE},
    VisitStatus.DONE: {VisitStatus.ACTIONS_OPEN, VisitStatus.CLOSED},
    VisitStatus.ACTIONS_OPEN: {VisitStatus.CLOSED},
    VisitStatus.CLOSED: set(),
}


class VisitRating(models.TextChoices):
    GOOD = "good", _("Good")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    POOR = "poor", _("Poor")


class ChecklistAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_APPLICABLE = "n_a", _("Not applicable")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered by the organisation")
    CLOSED = "closed", _("Closed")


ACTION_TRANSITIONS = {
    ActionStatus.OPEN: {ActionStatus.ANSWERED, ActionStatus.CLOSED},
    ActionStatus.ANSWERED: {ActionStatus.OPEN, ActionStatus.CLOSED},
    ActionStatus.CLOSED: set(),
}


class EvaluationStatus(models.TextChoices):
    PANEL = "panel", _("Panel being formed")
    SCORING = "scoring", _("Scoring")
    DONE = "done", _("Scored")
    PUBLISHED = "published", _("Published")


EVALUATION_TRANSITIONS = {
    EvaluationStatus.PANEL: {EvaluationStatus.SCORING},
    EvaluationStatus.SCORING: {EvaluationStatus.DONE},
    EvaluationStatus.DONE: {EvaluationStatus.PUBLISHED, EvaluationStatus.SCORING},
    EvaluationStatus.PUBLISHED: set(),
}


class EvaluatorStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    DECLARED = "declared", _("No conflict declared")
    CONFLICT = "conflict", _("Conflict of interest")
    SUBMITTED = "submitted", _("Submitted")


EVALUATOR_TRANSITIONS = {
    EvaluatorStatus.ASSIGNED: {EvaluatorStatus.DECLARED, EvaluatorStatus.CONFLICT},
    EvaluatorStatus.DECLARED: {EvaluatorStatus.SUBMITTED},
    EvaluatorStatus.CONFLICT: set(),
    EvaluatorStatus.SUBMITTED: set(),
}


class OutcomeClass(models.TextChoices):
    SUCCESSFUL = "successful", _("Successful")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class YearDecisionKind(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    CONTINUE_REDUCED = "continue_reduced", _("Continue with a reduced amount")
    STOP = "stop", _("Stop")


class RevisionStatus(models.TextChoices):
    """A revised budget after a lower funded amount, reviewed like a returned application."""

    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


REVISION_TRANSITIONS = {
    RevisionStatus.SUBMITTED: {RevisionStatus.ACCEPTED, RevisionStatus.RETURNED},
    RevisionStatus.RETURNED: {RevisionStatus.SUBMITTED},
    RevisionStatus.ACCEPTED: set(),
}
