from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentStatus(models.TextChoices):
    OFFERED = "offered", _("Offered (conflict declaration due)")
    ACCEPTED = "accepted", _("Accepted (scoring)")
    RECUSED = "recused", _("Recused (conflict of interest)")
    SUBMITTED = "submitted", _("Evaluation submitted")
    REOPENED = "reopened", _("Reopened for correction")


S = AssignmentStatus
ASSIGNMENT_TRANSITIONS = {
    S.OFFERED: {S.ACCEPTED, S.RECUSED},
    # accepted -> recused and recused -> accepted only through an official's audited declaration override.
    S.ACCEPTED: {S.SUBMITTED, S.RECUSED},
    S.RECUSED: {S.ACCEPTED},
    S.SUBMITTED: {S.REOPENED},
    S.REOPENED: {S.SUBMITTED},
}
# States in which the expert may open the full application.
EXPERT_CAN_READ = frozenset({S.ACCEPTED, S.SUBMITTED, S.REOPENED})
# States in which the slot counts towards "k experts per application".
ACTIVE = frozenset({S.OFFERED, S.ACCEPTED, S.SUBMITTED, S.REOPENED})
# States in which the expert still owes work.
OPEN_WORK = frozenset({S.OFFERED, S.ACCEPTED, S.REOPENED})
# States in which the expert may edit the evaluation.
EXPERT_CAN_SCORE = frozenset({S.ACCEPTED, S.REOPENED})
del S


class ConflictType(models.TextChoices):
    EMPLOYEE = "employee", _("I work for the applicant")
    FOUNDER = "founder", _("I am a founder of the applicant")
    BOARD_MEMBER = "board_member", _("I sit on the applicant's board")
    HEAD = "head", _("I head the applicant")
    PAID = "paid", _("The applicant paid me within the last 12 months")
    RELATIVE = "relative", _("A relative of mine is involved")
    OTHER = "other", _("Other")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class ProposalKind(models.TextChoices):
    INITIAL = "initial", _("Initial assignment")
    FILL = "fill", _("Fill freed slots")
    DIVERGENCE = "divergence", _("Additional expert on divergence")


class CommissionRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Commission member")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    RANKING_APPROVED = "ranking_approved", _("Ranking approved")
    SENT_BACK = "sent_back", _("Ranking sent back")


M = MeetingStatus
MEETING_TRANSITIONS = {
    M.SCHEDULED: {M.HELD},
    M.HELD: {M.RANKING_APPROVED, M.SENT_BACK},
    M.RANKING_APPROVED: set(),  # a later snapshot (after an upheld appeal) needs a new meeting
    M.SENT_BACK: set(),
}
del M


class Vote(models.TextChoices):
    APPROVE = "approve", _("Approve the ranking")
    SEND_BACK = "send_back", _("Send the ranking back")
    ABSTAIN = "abstain", _("Abstain")


class ProtocolKind(models.TextChoices):
    FULL = "full", _("Protocol")
    EXTRACT = "extract", _("Public extract")


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", _("Seed committed")
    REVEALED = "revealed", _("Drawn, seed revealed")


DRAW_TRANSITIONS = {DrawStatus.COMMITTED: {DrawStatus.REVEALED}, DrawStatus.REVEALED: set()}


class NominationSource(models.TextChoices):
    SELF = "self", _("Self-nomination")
    NGO = "ngo", _("Nominated by an NGO")
    OPERATOR = "operator", _("Nominated by the operator")


class ExpertApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting vetting")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


EA = ExpertApplicationStatus
EXPERT_APPLICATION_TRANSITIONS = {EA.SUBMITTED: {EA.APPROVED, EA.DECLINED}, EA.APPROVED: set(), EA.DECLINED: set()}
del EA


class PaymentStatus(models.TextChoices):
    DUE = "due", _("To be paid")
    PAID = "paid", _("Paid")
