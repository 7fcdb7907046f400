"""The accounts app's dashboard panel: the user's organisations and the invitations waiting for them."""

from portal.dashboard import register_panel


def _applies(roles):
    # NGO members, and anyone without an official role who may want to register an organisation.
    return roles.is_ngo or not (roles.is_official or roles.is_observer or roles.is_admin)


def _context(request, roles):
    from .selectors import invitations_for_user, memberships_for_user

    return {
        "memberships": list(memberships_for_user(request.user)),
        "invitations": list(invitations_for_user(request.user)),
    }


def register():
    register_panel(key="accounts.organizations", order=10, template="accounts/dashboard_ngo.html",
                   applies=_applies, context=_context)
