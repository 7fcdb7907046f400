from dataclasses import dataclass, field

from .models import GovernmentBody, Membership, Organization


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
