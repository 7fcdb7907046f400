"""The second factor: an authenticator app (TOTP, django-otp) with one-time recovery codes.

Who must use it: anyone holding a role listed in ``settings.MFA_REQUIRED_ROLES`` (roles: ngo, official, expert,
observer, admin). Anyone else may turn it on from the profile page. Sign-in (pages and the API token endpoint)
asks for a code exactly when ``applies(user)``.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import audit
from portal.errors import DomainError

from .selectors import roles_for_user

ROLE_NAMES = ("ngo", "official", "expert", "observer", "admin")
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def role_names(user):
    roles = roles_for_user(user)
    held = {"ngo": roles.is_ngo, "official": roles.is_official, "expert": roles.is_expert,
            "observer": roles.is_observer, "admin": bool(user.is_staff)}
    return {name for name, has in held.items() if has}


def required_for(user):
    """The user holds a role that must use a second factor."""
    return bool(set(settings.MFA_REQUIRED_ROLES) & role_names(user))


def enabled_for(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def applies(user):
    """Sign-in asks for a code (or, the first time, for setting the authenticator up)."""
    return enabled_for(user) or required_for(user)


def pending_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def qr_svg(device):
    """The device's otpauth:// URL as an inline SVG (rendered here: no image service, no inline style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def secret_for_typing(device):
    """The base32 secret in groups of four, for apps that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def verify(user, code):
    """The device that accepts ``code`` (a 6-digit authenticator code or a recovery code), or None.

    Each device throttles itself after failures (django-otp), and a recovery code is used up.
    """
    code = "".join((code or "").split()).lower()
    if not code:
        return None
    with transaction.atomic():
        if code.isdigit():
            devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices:
            if device.verify_token(code):
                return device
    return None


# --- Writes ------------------------------------------------------------------------------------------


class RequiredByRole(DomainError):
    status_code = 403

    def __init__(self):
        super().__init__(_("Your role requires a second factor; it cannot be turned off."), code="otp_required_role")


class SetupRequired(DomainError):
    status_code = 403

    def __init__(self):
        super().__init__(_("Your role requires a second factor. Sign in on the site once to set up an authenticator "
                           "app, then ask for a token with its code."), code="otp_setup_required")


class WrongCode(DomainError):
    def __init__(self):
        super().__init__(_("The code is not right. Enter the 6 digits your authenticator app shows now."),
                         code="otp_invalid")


@transaction.atomic
def setup_begin(*, user, actor):
    """A fresh, unconfirmed authenticator for ``user`` (a previous unfinished one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _index in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def setup_confirm(*, user, code, actor):
    """Confirm the pending authenticator with a code it shows; returns the new recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    code = "".join((code or "").split())
    if device is None:
        raise DomainError(_("Start the set-up again: there is no authenticator waiting for confirmation."),
                          code="otp_no_pending_device")
    if not code.isdigit() or not device.verify_token(code):
        raise WrongCode()
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record(actor=actor, action="user.mfa_enabled", target=user, after={"device": device.persistent_id})
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, user, actor):
    if not enabled_for(user):
        raise DomainError(_("Turn on the second factor first."), code="otp_not_enabled")
    codes = _new_recovery_codes(user)
    audit.record(actor=actor, action="user.mfa_recovery_codes_renewed", target=user)
    return codes


@transaction.atomic
def disable(*, user, code, actor):
    """Turn the second factor off; needs a current code, and is refused where a role requires it."""
    if required_for(user):
        raise RequiredByRole()
    if verify(user, code) is None:
        raise WrongCode()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action="user.mfa_disabled", target=user)
