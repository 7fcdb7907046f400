"""The second half of signing in: the code step (or first-time authenticator set-up) when a second factor applies.

After the password (or a confirmation link with the password) the person is not signed in yet when
``mfa.applies``: the session only remembers who is waiting, for ten minutes, and the code step finishes the
sign-in. Wrong codes count as failed sign-ins for the lockout (django-axes), and five of them end the wait.
"""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.errors import DomainError

from .. import mfa, security
from ..forms import CodeForm, NewDeviceCodeForm
from ..models import User
from .common import remember_language, signin_language

PENDING = "portal_signin_pending"
PENDING_SECONDS = 600
MAX_CODE_ATTEMPTS = 5


def start(request, user, *, next_url):
    """Sign ``user`` in now, or hold them at the code step when a second factor applies."""
    if not mfa.applies(user):
        _login(request, user)
        return remember_language(redirect(next_url), signin_language(request, user))
    if not mfa.enabled_for(user) and mfa.pending_device(user) is None:
        mfa.setup_begin(user=user, actor=user)  # the role requires it: set it up before the first sign-in
    request.session[PENDING] = {"user": user.pk, "backend": user.backend, "at": int(time.time()),
                                "next": next_url, "attempts": 0}
    return redirect("login_code")


def _login(request, user, device=None):
    if device is not None:
        user.otp_device = device  # django_otp marks the session verified when the user_logged_in signal sees it
    auth_login(request, user, backend=user.backend)


def _pending(request):
    data = request.session.get(PENDING)
    if not data or time.time() - data["at"] > PENDING_SECONDS:
        return None, None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        return None, None
    user.backend = data["backend"]
    return user, data


def _wrong_code(request, user, data):
    data["attempts"] += 1
    request.session[PENDING] = data
    user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)
    if data["attempts"] >= MAX_CODE_ATTEMPTS:
        del request.session[PENDING]
        messages.error(request, _("Too many wrong codes. Sign in again."))
        return redirect("login")
    return None


def code_step(request):
    user, data = _pending(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Sign in with your e-mail and password first."))
        return redirect("login")
    if not AxesProxyHandler.is_allowed(request, {"username": user.email}):
        del request.session[PENDING]
        return security.lockout_response(request)
    setup = not mfa.enabled_for(user)
    form = (NewDeviceCodeForm if setup else CodeForm)(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and setup:
            try:
                device, codes = mfa.setup_confirm(user=user, code=form.cleaned_data["code"], actor=user)
            except DomainError as error:
                form.add_error("code", error.message)
            else:
                del request.session[PENDING]
                _login(request, user, device)
                response = render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": data["next"]})
                return remember_language(response, signin_language(request, user))
        elif form.is_valid():
            device = mfa.verify(user, form.cleaned_data["code"])
            if device is not None:
                del request.session[PENDING]
                _login(request, user, device)
                return remember_language(redirect(data["next"]), signin_language(request, user))
            form.add_error("code", _("The code is not right. Try the current one from your app, or a recovery code."))
        if form.errors.get("code") and (ended := _wrong_code(request, user, data)):
            return ended
    context = {"form": form, "setup": setup, "pending_user": user}
    if setup:
        device = mfa.pending_device(user)
        if device is None:  # the set-up was abandoned elsewhere: start from the password again
            del request.session[PENDING]
            return redirect("login")
        context.update(qr_svg=mfa.qr_svg(device), secret=mfa.secret_for_typing(device))
    return render(request, "accounts/login_code.html", context, status=status)
