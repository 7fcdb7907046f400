"""Who may be signed in: an active account whose e-mail address is confirmed (sessions and API tokens alike)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def can_sign_in(user):
    return user is not None and user.is_active and user.email_confirmed_at is not None


class EmailBackend(ModelBackend):
    """Django's model backend (e-mail as the user name), refusing accounts whose address was never confirmed.

    ``get_user`` asks the same question, so a session of an unconfirmed account (made before this rule) is
    anonymous.
    """

    def user_can_authenticate(self, user):
        return can_sign_in(user)


def unconfirmed_with_password(request, email, password):
    """The account when ``password`` is right but its address was never confirmed (sign-in then explains that
    instead of "wrong password"); None otherwise, and always None while sign-in is locked for this request."""
    if getattr(request, "axes_locked_out", False):
        return None
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is not None and user.is_active and user.email_confirmed_at is None and user.check_password(password or ""):
        return user
    return None
