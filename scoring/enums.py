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
