"""Reads of applications. Every view starts from ``applications_for_user`` so who-sees-what lives in one place."""

from collections import defaultdict

from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from portal.accounts.models import Membership
from portal.accounts.selectors import roles_for_user
from portal.audit.models import AuditEvent

from .admission import missing_documents_annotation
from .enums import ApplicationStatus
from .models import Application

# Assignment states in which an expert may read the application (scoring.enums.EXPERT_CAN_READ; repeated here as
# values because applications must not import scoring).
EXPERT_READABLE_ASSIGNMENT_STATUSES = ("accepted", "submitted", "reopened")


def applications_for_user(user, *, competition=None):
    """Applications ``user`` may see: members of the applicant organisation (drafts included), officials and
    observers of the competition's body (never drafts), experts with an accepted assignment, administrators.

    In blind review an expert reads an application only through the scoring page (``scoring:score``), which
    shows no identity: this selector, and so every generic page, download and API route, gives them 404."""
    qs = Application.objects.select_related("competition", "competition__body", "organization")
    if competition is not None:
        qs = qs.filter(competition=competition)
    roles = roles_for_user(user)
    if roles.is_admin:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    visible = Q(organization_id__in=roles.organization_ids)
    if roles.followed_body_ids:
        visible |= Q(competition__body_id__in=roles.followed_body_ids) & ~Q(status=ApplicationStatus.DRAFT)
    if roles.expert_profile_id is not None:
        assigned = Application.objects.filter(
            assignments__expert_id=roles.expert_profile_id,
            assignments__status__in=EXPERT_READABLE_ASSIGNMENT_STATUSES,
        ).exclude(status=ApplicationStatus.DRAFT).exclude(competition__blind_review=True).values("pk")
        visible |= Q(pk__in=assigned)
    return qs.filter(visible)


def members_by_organization(organization_ids):
    """The members (users) of each applicant organisation: the people told about its application's outcome."""
    members = defaultdict(list)
    for membership in Membership.objects.select_related("user").filter(organization_id__in=organization_ids):
        members[membership.organization_id].append(membership.user)
    return members


def application_with_content(queryset, pk):
    """The application with every related list the section pages and the summary show, in a fixed number of
    queries."""
    return queryset.prefetch_related(
        "budget_lines", "activities", "indicators", "attachments", "competition__required_documents",
        "competition__regions",
    ).get(pk=pk)


def applications_of_user_organizations(user):
    """The NGO dashboard list: every application of the user's organisations, newest first."""
    roles = roles_for_user(user)
    return (Application.objects.filter(organization_id__in=roles.organization_ids)
            .select_related("competition", "organization").order_by("-created_at", "-id"))


def existing_applications(user, competition):
    """The user's organisations' applications in ``competition`` (for the start page)."""
    roles = roles_for_user(user)
    return (Application.objects.filter(competition=competition, organization_id__in=roles.organization_ids)
            .select_related("organization").order_by("-created_at"))


def application_timeline(application):
    """The status history of an application, oldest first, from the audit trail."""
    return AuditEvent.objects.filter(target_type="applications.application", target_id=str(application.pk)).order_by(
        "created_at", "id")



def row_counts(application):
    """How many lines of each kind a prefetched application has (for the progress list)."""
    return {name: len(getattr(application, name).all())
            for name in ("activities", "indicators", "budget_lines", "attachments")}


# ---------------------------------------------------------------------------------------------------------------------
# Officials and observers (helper "officials"): the applications table of one competition. Never drafts.
# ---------------------------------------------------------------------------------------------------------------------
def applications_table_for_official(user, competition):
    return (applications_for_user(user, competition=competition).exclude(status=ApplicationStatus.DRAFT)
            .select_related("organization__region")
            .annotate(n_missing_documents=Coalesce(missing_documents_annotation(), Value(0))))
