"""Accounts (/accounts/) and organisations (/organizations/). World users have confirmed e-mail addresses (an
unconfirmed account cannot be signed in at all), so every signed-in role may register an organisation."""

import itertools

from .spec import Case

_addresses = itertools.count(1)


def _fresh_address(world):
    """Mails are limited per address (and per client): each request asks for a new one."""
    return {"email": f"nobody{next(_addresses)}@example.kz"}

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
EVERYONE = {role: "ok" for role in ("anonymous", *SIGNED_IN)}
ALL_SIGNED_IN = {role: "ok" for role in SIGNED_IN}
NGO_A_ONLY = {"anonymous": "login", "ngo": "ok", "admin": "ok"}  # others: 404 (they cannot see NGO A)
# Acting for NGO A: its owner only. The administrator sees it but is not thereby its owner (403, as in the API;
# administrators correct organisations in Django admin).
NGO_A_ACTS = {"anonymous": "login", "ngo": "ok", "admin": "403"}


def _confirm_token(world):
    from portal.accounts.tokens import email_confirmation_token

    return {"token": email_confirmation_token(world.users["ngo"])}


def _reset_kwargs(world):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world.users["ngo"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _invitation(world):
    from portal.accounts.tokens import invitation_token

    return {"token": invitation_token(world.invitation)}


def _own_membership(world):
    membership = world.organization.memberships.get(user=world.users["ngo"])
    return {"pk": world.organization.pk, "member_pk": membership.pk}


CASES = [
    Case("signup", expect=EVERYONE, note="signed-in people are sent to their dashboard"),
    Case("confirm_email", kwargs=_confirm_token, expect=EVERYONE, note="the signed token is the credential"),
    Case("confirm_email", kwargs=_confirm_token, method="post", data=lambda w: {"password": "wrong"}, expect=EVERYONE,
         note="already confirmed: the page says so, whatever the password"),
    Case("confirm_email", kwargs=lambda w: {"token": "forged:token"}, default="400"),
    Case("confirm_email", kwargs=lambda w: {"token": "forged:token"}, method="post", default="400"),
    Case("resend_confirmation", expect=EVERYONE),
    Case("resend_confirmation", method="post", data=_fresh_address, expect=EVERYONE,
         note="the same answer whether the address has an account or not"),
    Case("resend_confirmation", method="post", data=lambda w: {"email": "not-an-address"}, default="400"),
    Case("login_code", default="login", note="no sign-in waiting for a code: back to the password"),
    Case("login_code", method="post", data=lambda w: {"code": "123456"}, default="login"),
    Case("token_revoke", method="post", data=lambda w: {"token": "unknown"}, expect={"anonymous": "login"},
         default="404", note="only one's own tokens"),
    Case("token_revoke", expect={"anonymous": "login"}, default="405"),
    Case("tokens_revoke_all", method="post", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("tokens_revoke_all", expect={"anonymous": "login"}, default="405"),
    Case("mfa_setup_start", method="post", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("mfa_setup_start", expect={"anonymous": "login"}, default="405"),
    Case("mfa_setup", expect={"anonymous": "login", **ALL_SIGNED_IN}, note="nothing to set up: back to the profile"),
    Case("mfa_setup", method="post", data=lambda w: {"code": "1"}, expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("mfa_recovery_renew", method="post", expect={"anonymous": "login", **ALL_SIGNED_IN},
         note="second factor off: back to the profile with a message"),
    Case("mfa_recovery_renew", expect={"anonymous": "login"}, default="405"),
    Case("mfa_disable", method="post", data=lambda w: {"disable-code": ""}, expect={"anonymous": "login"},
         default="400"),
    Case("mfa_disable", expect={"anonymous": "login"}, default="405"),
    Case("profile", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("profile", method="post", data=lambda w: {"full_name": "", "phone": "", "preferred_language": "xx"},
         expect={"anonymous": "login"}, default="400", note="bad input re-renders with 400"),
    Case("language_offer", method="post", data=lambda w: {"answer": "save"}, expect={"anonymous": "login"},
         default="ok", note="nothing offered: back to the page"),
    Case("language_offer", expect={"anonymous": "login"}, default="405"),
    Case("password_change", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("password_change_done", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("password_reset", expect=EVERYONE),
    Case("password_reset", method="post", data=_fresh_address, expect=EVERYONE),
    Case("password_reset_done", expect=EVERYONE),
    Case("password_reset_confirm", kwargs=_reset_kwargs, expect=EVERYONE),
    Case("password_reset_complete", expect=EVERYONE),
    # Organisations
    Case("organizations:list", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("organizations:create", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("organizations:detail", kwargs=lambda w: {"pk": w.organization.pk}, expect=NGO_A_ONLY, default="404"),
    Case("organizations:edit", kwargs=lambda w: {"pk": w.organization.pk}, expect=NGO_A_ACTS, default="404"),
    Case("organizations:edit", kwargs=lambda w: {"pk": w.organization.pk}, method="post",
         data=lambda w: {"name": ""}, expect={"anonymous": "login", "ngo": "400", "admin": "403"}, default="404"),
    Case("organizations:invite", kwargs=lambda w: {"pk": w.organization.pk}, expect=NGO_A_ACTS, default="404"),
    Case("organizations:invite", kwargs=lambda w: {"pk": w.organization.pk}, method="post",
         data=lambda w: {"email": "not-an-address"}, expect={"anonymous": "login", "ngo": "400", "admin": "403"},
         default="404"),
    Case("organizations:member_remove", kwargs=_own_membership, expect=NGO_A_ACTS, default="404"),
    Case("organizations:member_remove", kwargs=_own_membership, method="post",
         expect={"anonymous": "login", "ngo": "400", "admin": "403"}, default="404",
         note="the last owner cannot be removed"),
    Case("organizations:member_role", kwargs=_own_membership, method="post", data=lambda w: {"role": "owner"},
         expect=NGO_A_ACTS, default="404"),
    Case("organizations:member_role", kwargs=_own_membership, expect={"anonymous": "login"}, default="405"),
    Case("organizations:invitation", kwargs=_invitation, expect=EVERYONE, note="the signed token is the credential"),
    Case("organizations:invitation", kwargs=_invitation, method="post", expect={"anonymous": "login"},
         default="403", note="only the invited address may accept"),
    Case("organizations:invitation", kwargs=lambda w: {"token": "forged:token"}, default="400"),
]
