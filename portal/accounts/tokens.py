"""Signed, time-limited tokens for e-mail links (no database table needed; tampering breaks the signature)."""

from datetime import timedelta

from django.core import signing

EMAIL_CONFIRMATION_SALT = "portal.accounts.confirm-email"
EMAIL_CONFIRMATION_MAX_AGE = timedelta(days=3)
INVITATION_SALT = "portal.accounts.invitation"
INVITATION_MAX_AGE = timedelta(days=7)


class TokenInvalid(Exception):
    """The token was tampered with, is malformed, or does not belong to this object."""


class TokenExpired(TokenInvalid):
    """The token is genuine but older than its lifetime."""


def _load(token, *, salt, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenExpired(str(exc)) from exc
    except signing.BadSignature as exc:
        raise TokenInvalid(str(exc)) from exc


def email_confirmation_token(user):
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=EMAIL_CONFIRMATION_SALT)


def read_email_confirmation_token(token):
    """Returns ``(user_id, email)``; raises TokenExpired or TokenInvalid."""
    data = _load(token, salt=EMAIL_CONFIRMATION_SALT, max_age=EMAIL_CONFIRMATION_MAX_AGE)
    return data["u"], data["e"]


def invitation_token(invitation):
    return signing.dumps({"i": invitation.pk, "e": invitation.email.lower()}, salt=INVITATION_SALT)


def read_invitation_token(token):
    """Returns ``(invitation_id, email)``; raises TokenExpired or TokenInvalid."""
    data = _load(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    return data["i"], data["e"]
