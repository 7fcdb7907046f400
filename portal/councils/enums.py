from django.db import models
from django.utils.translation import gettext_lazy as _


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class CouncilDocumentKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    CONCLUSION = "conclusion", _("Conclusion")
    HEARING_PROTOCOL = "hearing_protocol", _("Protocol of a public hearing")


# Only a recommendation obliges the body to answer within the working-day deadline.
KINDS_WITH_DEADLINE = frozenset({CouncilDocumentKind.RECOMMENDATION})


class CouncilDocumentStatus(models.TextChoices):
    FILED = "filed", _("Filed, awaiting the body's answer")
    ANSWERED = "answered", _("Answered by the body")


COUNCIL_DOCUMENT_TRANSITIONS = {
    CouncilDocumentStatus.FILED: {CouncilDocumentStatus.ANSWERED},
    CouncilDocumentStatus.ANSWERED: set(),
}

# Who files documents in the council's name.
FILING_ROLES = frozenset({CouncilRole.CHAIR, CouncilRole.SECRETARY})
