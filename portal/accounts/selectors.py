from dataclasses import dataclass, field

from django.utils import timezone

from .models import ApiToken, GovernmentBody, Invitation, Membership, Organization


@dataclass(frozen=True)
class Roles:
    """What a person may act as. One person may hold several roles at once."""

    is_admin: bool = False
    organization_ids: frozenset = field(default_factory=frozenset)
    owner_organization_ids: frozenset = field(default_factory=frozenset)
    official_body_ids: frozenset = field(default_factory=frozenset)
    observer_body_ids: frozenset = field(default_factory=frozenset)
    expert_profile_id: int | None = None

    @property
    def is_ngo(self):
        return bool(self.organization_ids)

    @property
    def is_official(self):
        return bool(self.official_body_ids)

    @property
    def is_observer(self):
        return bool(self.observer_body_ids)

    @property
    def is_expert(self):
        return self.expert_profile_id is not None

    @property
    def followed_body_ids(self):
        return self.official_body_ids | self.observer_body_ids


ANONYMOUS = Roles()


def roles_for_user(user) -> Roles:
    """Computed once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user).values_list("organization_id", "role"))
    from .models import ExpertProfile, ObserverMembership, OfficialMembership

    roles = Roles(
        is_admin=user.is_staff,
        organization_ids=frozenset(o for o, _ in memberships),
        owner_organization_ids=frozenset(o for o, r in memberships if r == "owner"),
        official_body_ids=frozenset(OfficialMembership.objects.filter(user=user).values_list("body_id", flat=True)),
        observer_body_ids=frozenset(ObserverMembership.objects.filter(user=user).values_list("body_id", flat=True)),
        expert_profile_id=ExpertProfile.objects.filter(user=user, is_active=True).values_list("pk", flat=True).first(),
    )
    user._portal_roles = roles
    return roles


def organizations_for_user(user):
    return Organization.objects.filter(memberships__user=user).select_related("region").distinct()


def bodies_for_user(user):
    roles = roles_for_user(user)
    return GovernmentBody.objects.filter(pk__in=roles.followed_body_ids)


# --- organisations, members, invitations (accounts helper) ----------------------------------------


def organizations_visible_to_user(user):
    """Organisations whose page the user may open: their own; administrators see all."""
    if roles_for_user(user).is_admin:
        return Organization.objects.select_related("region")
    return organizations_for_user(user)


def memberships_for_user(user):
    """The user's memberships with their organisations, for the dashboard and the organisation list."""
    return Membership.objects.filter(user=user).select_related("organization", "organization__region") \
        .order_by("organization__name")


def members_of_organization(organization):
    return Membership.objects.filter(organization=organization).select_related("user").order_by("-role", "user__email")


def invitations_pending_for_organization(organization, *, now=None):
    return (Invitation.objects.filter(organization=organization, accepted_at__isnull=True,
                                      expires_at__gt=now or timezone.now())
            .select_related("invited_by").order_by("email"))


def invitations_for_user(user, *, now=None):
    """Pending invitations addressed to the user's e-mail."""
    if not getattr(user, "is_authenticated", False):
        return Invitation.objects.none()
    return (Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True,
                                      expires_at__gt=now or timezone.now())
            .exclude(organization__memberships__user=user)
            .select_related("organization", "invited_by").order_by("-created_at"))


def api_tokens_for_user(user):
    """The user's API tokens that still work, newest first (expired ones are left out)."""
    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")
