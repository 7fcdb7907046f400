"""The profile page: personal details, API tokens (list, revoke), the second factor (set up, recovery codes, off)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from portal.errors import DomainError
from portal.notifications.forms import PhoneCodeForm, PhoneForm, PreferencesForm
from portal.notifications.selectors import channel_settings_for_user

from .. import mfa, services
from ..forms import CodeForm, NewDeviceCodeForm, ProfileForm
from ..selectors import api_tokens_for_user
from .common import LANGUAGE_OFFER, remember_language, safe_next


def _profile_context(request, form, **channel_forms):
    user = request.user
    channels = channel_settings_for_user(user)
    sms = channels["sms"]
    forms = {"phone_form": PhoneForm(initial={"phone": (sms.address if sms else "") or user.phone}),
             "code_form": PhoneCodeForm(), "preferences_form": PreferencesForm(), **channel_forms}
    return {"form": form, "tokens": list(api_tokens_for_user(user)), "mfa_enabled": mfa.enabled_for(user),
            "mfa_required": mfa.required_for(user), "recovery_codes_left": mfa.recovery_codes_left(user),
            "disable_form": CodeForm(prefix="disable"), "channels": channels,
            "preference_rows": forms["preferences_form"].rows(channels["chosen"]), **forms}


def profile_page(request, *, status=200, **channel_forms):
    """The profile page with the profile form unbound (used by the SMS and Telegram forms of notifications)."""
    form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile.html", _profile_context(request, form, **channel_forms), status=status)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.user_update_profile(user=request.user, actor=request.user, full_name=data["full_name"],
                                         phone=data["phone"], preferred_language=data["preferred_language"],
                                         iin=data.get("iin"))
            messages.success(request, _("Your profile is saved."))
            return remember_language(redirect("profile"), data["preferred_language"])
        status = 400
    return render(request, "accounts/profile.html", _profile_context(request, form), status=status)


@login_required
@require_POST
def language_offer(request):
    """After signing in in a language other than the profile's: save it to the profile, or keep the profile's."""
    offered = request.session.pop(LANGUAGE_OFFER, "")
    back = redirect(safe_next(request, reverse("dashboard")))
    if request.POST.get("answer") != "save" or not offered:
        return back
    try:
        services.user_set_language(user=request.user, actor=request.user, language=offered)
    except DomainError as error:
        messages.error(request, error.message)
        return back
    messages.success(request, _("Your profile's language is saved."))
    return remember_language(back, offered)


# --- API tokens ----------------------------------------------------------------------------------


@login_required
@require_POST
def token_revoke(request):
    token = get_object_or_404(api_tokens_for_user(request.user), digest=request.POST.get("token", ""))
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token is revoked: programs using it can no longer sign in."))
    return redirect("profile")


@login_required
@require_POST
def tokens_revoke_all(request):
    count = services.api_tokens_revoke_all(user=request.user, actor=request.user)
    messages.success(request, _("All your API tokens are revoked (%(count)d).") % {"count": count})
    return redirect("profile")


# --- Second factor -------------------------------------------------------------------------------


@login_required
@require_POST
def mfa_setup_start(request):
    mfa.setup_begin(user=request.user, actor=request.user)
    return redirect("mfa_setup")


@login_required
def mfa_setup(request):
    device = mfa.pending_device(request.user)
    if device is None:
        return redirect("profile")
    form = NewDeviceCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device, codes = mfa.setup_confirm(user=request.user, code=form.cleaned_data["code"], actor=request.user)
            except DomainError as error:
                form.add_error("code", error.message)
            else:
                otp_login(request, device)  # this session has just shown a code
                return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": reverse("profile")})
    return render(request, "accounts/mfa_setup.html",
                  {"form": form, "qr_svg": mfa.qr_svg(device), "secret": mfa.secret_for_typing(device)}, status=status)


@login_required
@require_POST
def mfa_recovery_renew(request):
    try:
        codes = mfa.recovery_codes_renew(user=request.user, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("profile")
    return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": reverse("profile")})


@login_required
@require_POST
def mfa_disable(request):
    form = CodeForm(request.POST, prefix="disable")
    error = None
    if form.is_valid():
        try:
            mfa.disable(user=request.user, code=form.cleaned_data["code"], actor=request.user)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The second factor is turned off."))
            return redirect("profile")
    context = _profile_context(request, ProfileForm(instance=request.user))
    context["disable_form"] = form
    if error is not None:
        form.add_error("code", error.message)
    return render(request, "accounts/profile.html", context, status=error.status_code if error else 400)
