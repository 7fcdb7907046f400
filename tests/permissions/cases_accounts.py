"""Accounts (/accounts/) and organisations (/organizations/). World users have unconfirmed e-mail addresses
(the factories do not confirm them), so registering an organisation is refused with 403 for all of them."""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
EVERYONE = {role: "ok" for role in ("anonymous", *SIGNED_IN)}
ALL_SIGNED_IN = {role: "ok" for role in SIGNED_IN}
NGO_A_ONLY = {"anonymous": "login", "ngo": "ok", "admin": "ok"}  # others: 404 (they cannot see NGO A)


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
    Case("confirm_email", kwargs=lambda w: {"token": "forged:token"}, default="400"),
    Case("resend_confirmation", method="post", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("resend_confirmation", expect={"anonymous": "login"}, default="405"),
    Case("profile", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("profile", method="post", data=lambda w: {"full_name": "", "phone": "", "preferred_language": "xx"},
         expect={"anonymous": "login"}, default="400", note="bad input re-renders with 400"),
    Case("password_change", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("password_change_done", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("password_reset", expect=EVERYONE),
    Case("password_reset", method="post", data=lambda w: {"email": "nobody@example.kz"}, expect=EVERYONE),
    Case("password_reset_done", expect=EVERYONE),
    Case("password_reset_confirm", kwargs=_reset_kwargs, expect=EVERYONE),
    Case("password_reset_complete", expect=EVERYONE),
    # Organisations
    Case("organizations:list", expect={"anonymous": "login", **ALL_SIGNED_IN}),
    Case("organizations:create", expect={"anonymous": "login"}, default="403",
         note="e-mail not confirmed: registering an organisation is refused"),
    Case("organizations:detail", kwargs=lambda w: {"pk": w.organization.pk}, expect=NGO_A_ONLY, default="404"),
    Case("organizations:edit", kwargs=lambda w: {"pk": w.organization.pk}, expect=NGO_A_ONLY, default="404"),
    Case("organizations:edit", kwargs=lambda w: {"pk": w.organization.pk}, method="post",
         data=lambda w: {"name": ""}, expect={"anonymous": "login", "ngo": "400", "admin": "400"}, default="404"),
    Case("organizations:invite", kwargs=lambda w: {"pk": w.organization.pk}, expect=NGO_A_ONLY, default="404"),
    Case("organizations:invite", kwargs=lambda w: {"pk": w.organization.pk}, method="post",
         data=lambda w: {"email": "not-an-address"}, expect={"anonymous": "login", "ngo": "400", "admin": "400"},
         default="404"),
    Case("organizations:member_remove", kwargs=_own_membership, expect=NGO_A_ONLY, default="404"),
    Case("organizations:member_remove", kwargs=_own_membership, method="post",
         expect={"anonymous": "login", "ngo": "400", "admin": "400"}, default="404",
         note="the last owner cannot be removed"),
    Case("organizations:member_role", kwargs=_own_membership, method="post", data=lambda w: {"role": "owner"},
         expect=NGO_A_ONLY, default="404"),
    Case("organizations:member_role", kwargs=_own_membership, expect={"anonymous": "login"}, default="405"),
    Case("organizations:invitation", kwargs=_invitation, expect=EVERYONE, note="the signed token is the credential"),
    Case("organizations:invitation", kwargs=_invitation, method="post", expect={"anonymous": "login"},
         default="403", note="only the invited address may accept"),
    Case("organizations:invitation", kwargs=lambda w: {"token": "forged:token"}, default="400"),
]
