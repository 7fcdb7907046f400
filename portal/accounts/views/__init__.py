"""The accounts app in the browser: sign-in and sign-up (auth, signin), the profile (profile), organisations."""

from .auth import (
    LoginView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
    confirm_email,
    resend_confirmation,
    signup,
)
from .organizations import (
    invitation,
    member_remove,
    member_role,
    organization_create,
    organization_detail,
    organization_edit,
    organization_invite,
    organization_list,
)
from .profile import (
    language_offer,
    mfa_disable,
    mfa_recovery_renew,
    mfa_setup,
    mfa_setup_start,
    profile,
    token_revoke,
    tokens_revoke_all,
)
from .signin import code_step

__all__ = [
    "LoginView", "PasswordChangeView", "PasswordResetConfirmView", "PasswordResetView", "code_step", "confirm_email",
    "invitation", "language_offer", "member_remove", "member_role", "mfa_disable", "mfa_recovery_renew", "mfa_setup",
    "mfa_setup_start",
    "organization_create", "organization_detail", "organization_edit", "organization_invite", "organization_list",
    "profile", "resend_confirmation", "signup", "token_revoke", "tokens_revoke_all",
]
