"""Object permissions for organisations. Owners manage; every member (owner or editor) views."""

import rules

from .selectors import roles_for_user


@rules.predicate
def is_org_owner(user, organization):
    return organization is not None and organization.pk in roles_for_user(user).owner_organization_ids


@rules.predicate
def is_org_member(user, organization):
    return organization is not None and organization.pk in roles_for_user(user).organization_ids


rules.add_perm("accounts.view_organization", is_org_member | rules.is_staff)
# Owners and editors both maintain the profile (DESIGN §1); only owners manage who is a member.
rules.add_perm("accounts.change_organization", is_org_member)
rules.add_perm("accounts.manage_members", is_org_owner)
