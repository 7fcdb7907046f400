from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionKind(models.TextChoices):
    STATE_SOCIAL_ORDER = "state_social_order", _("State social order")
    STATE_GRANT = "state_grant", _("State grant")
    NON_STATE_GRANT = "non_state_grant", _("Non-state grant")


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed for applications")
    UNDER_REVIEW = "under_review", _("Under expert review")
    RANKED = "ranked", _("Ranked")
    RESULTS_PUBLISHED = "results_published", _("Results published")
    FINAL = "final", _("Final")
    CANCELLED = "cancelled", _("Cancelled")


S = CompetitionStatus
COMPETITION_TRANSITIONS = {
    S.DRAFT: {S.PUBLISHED, S.CANCELLED},
    S.PUBLISHED: {S.CLOSED, S.CANCELLED},
    S.CLOSED: {S.UNDER_REVIEW, S.CANCELLED},
    S.UNDER_REVIEW: {S.RANKED, S.CANCELLED},
    # A frozen ranking may be reopened (a missing evaluation, an error found) before publication.
    S.RANKED: {S.RESULTS_PUBLISHED, S.UNDER_REVIEW, S.CANCELLED},
    # An upheld appeal reopens evaluations; the ranking is then re-frozen and re-published.
    S.RESULTS_PUBLISHED: {S.FINAL, S.UNDER_REVIEW, S.CANCELLED},
    S.FINAL: set(),
    S.CANCELLED: set(),
}
del S


class TermType(models.TextChoices):
    SHORT = "short", _("Short-term (3-12 months)")
    MEDIUM = "medium", _("Medium-term (12-24 months)")
    LONG = "long", _("Long-term (24-36 months, budget per year)")


TERM_MONTHS = {TermType.SHORT: (3, 12), TermType.MEDIUM: (12, 24), TermType.LONG: (24, 36)}


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("Mean of expert totals")
    MEDIAN = "median", _("Median of expert totals")
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean (drop highest and lowest, 5 or more experts)")
    CLOSEST_PAIR = "closest_pair", _("Mean of the two closest totals")


class WinnerRule(models.TextChoices):
    BUDGET = "budget", _("Fund down the ranking while the budget lasts")
    THRESHOLD = "threshold", _("Everyone at or above the pass score")


class TieBreak(models.TextChoices):
    CRITERION_1 = "criterion:1", _("Higher score on criterion 1")
    CRITERION_2 = "criterion:2", _("Higher score on criterion 2")
    CRITERION_3 = "criterion:3", _("Higher score on criterion 3")
    LOWER_AMOUNT = "lower_amount", _("Lower requested amount")
    EARLIER_SUBMISSION = "earlier_submission", _("Earlier submission")


DEFAULT_TIE_BREAKS = ["criterion:1", "criterion:2", "earlier_submission"]


class DocumentType(models.TextChoices):
    """Types of documents an applicant may be asked to attach."""

    CHARTER = "charter", _("Charter (articles of association)")
    REGISTRATION_CERTIFICATE = "registration", _("State registration certificate")
    TAX_CERTIFICATE = "tax_certificate", _("Certificate of no tax arrears")
    BUDGET_JUSTIFICATION = "budget_justification", _("Budget justification")
    LETTERS_OF_SUPPORT = "support_letters", _("Letters of support")
    TEAM_CVS = "team_cvs", _("CVs of the project team")
    PARTNERSHIP_AGREEMENT = "partnership", _("Partnership agreement")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    OTHER = "other", _("Other document")


# Document types that name the applicant by their nature (a flag on the type): in blind review they are withheld
# from experts altogether, whatever the file is called.
IDENTIFYING_DOCUMENT_TYPES = frozenset({DocumentType.CHARTER, DocumentType.REGISTRATION_CERTIFICATE,
                                        DocumentType.TAX_CERTIFICATE, DocumentType.ANNUAL_REPORT})


class CompetitionDocumentKind(models.TextChoices):
    TERMS_OF_REFERENCE = "terms", _("Terms of reference")
    FORM_TEMPLATE = "form_template", _("Application form template")
    RULES = "rules", _("Competition rules")
    OTHER = "other", _("Other")
