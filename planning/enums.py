from django.db import models
from django.utils.translation import gettext_lazy as _

# The public discussion of a draft plan lasts at least this many working days (Kazakhstan's calendar).
DISCUSSION_MIN_WORKING_DAYS = 10


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSALS_OPEN = "proposals_open", _("Open for topic proposals")
    IN_DISCUSSION = "in_discussion", _("In public discussion")
    APPROVED = "approved", _("Approved")


PLAN_TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.PROPOSALS_OPEN},
    PlanStatus.PROPOSALS_OPEN: {PlanStatus.IN_DISCUSSION},
    PlanStatus.IN_DISCUSSION: {PlanStatus.APPROVED},
    # An approved plan changes only by a new version with reasons (plan_item_* services), never by status.
    PlanStatus.APPROVED: set(),
}

# Everyone may read a plan once it is out of draft.
PUBLIC_PLAN_STATUSES = frozenset({PlanStatus.PROPOSALS_OPEN, PlanStatus.IN_DISCUSSION, PlanStatus.APPROVED})
# The body edits items freely until approval; after it, every change is a new version with a reason.
OPEN_PLAN_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.PROPOSALS_OPEN, PlanStatus.IN_DISCUSSION})


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the decision")
    ACCEPTED = "accepted", _("Accepted into the plan")
    MERGED = "merged", _("Merged with a plan item")
    DECLINED = "declined", _("Declined")


PROPOSAL_TRANSITIONS = {
    ProposalStatus.SUBMITTED: {ProposalStatus.ACCEPTED, ProposalStatus.MERGED, ProposalStatus.DECLINED},
    ProposalStatus.ACCEPTED: set(),
    ProposalStatus.MERGED: set(),
    ProposalStatus.DECLINED: set(),
}


class CommentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by moderation")


COMMENT_TRANSITIONS = {
    CommentStatus.SUBMITTED: {CommentStatus.PUBLISHED, CommentStatus.HIDDEN},
    CommentStatus.PUBLISHED: set(),
    CommentStatus.HIDDEN: set(),
}


class AnswerOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class EvidenceKind(models.TextChoices):
    STATISTICS = "statistics", _("Statistics")
    LINK = "link", _("Link to a source")
    OUTCOME = "outcome", _("Outcome of an earlier project")
    OTHER = "other", _("Other document")


TERM_YEARS = (1, 2, 3)
