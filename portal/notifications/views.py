"""The notification list, and SMS and Telegram on the profile page (link, verify, unlink, choose kinds) with the
Telegram bot's webhook."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.accounts.views.profile import profile_page
from portal.errors import DomainError

from . import services
from .forms import PhoneCodeForm, PhoneForm, PreferencesForm
from .messaging import telegram_deep_link
from .selectors import notifications_for_user
from .services import notification_mark_read


@login_required
def notification_list(request):
    page = Paginator(notifications_for_user(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_POST
def notification_mark_all_read(request):
    notification_mark_read(user=request.user)
    return redirect("notifications:list")


# --- SMS and Telegram ---
BACK = "/accounts/profile/#channels"


@login_required
@require_POST
def telegram_link(request):
    code = services.telegram_link_start(user=request.user, actor=request.user)
    return render(request, "notifications/telegram_link.html",
                  {"deep_link": telegram_deep_link(code), "code": code, "minutes": settings.CHANNEL_CODE_MINUTES})


@login_required
@require_POST
def sms_start(request):
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            services.sms_verify_start(user=request.user, phone=form.cleaned_data["phone"], actor=request.user)
        except DomainError as error:
            form.add_error("phone", error.message)
        else:
            messages.success(request, _("We sent a code by SMS. Type it below."))
            return redirect(BACK)
    return profile_page(request, status=400, phone_form=form)


@login_required
@require_POST
def sms_confirm(request):
    form = PhoneCodeForm(request.POST)
    if form.is_valid():
        try:
            services.sms_verify_confirm(user=request.user, code=form.cleaned_data["code"], actor=request.user)
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Your number is confirmed. Choose below what to receive by SMS."))
            return redirect(BACK)
    return profile_page(request, status=400, code_form=form)


@login_required
@require_POST
def unlink(request, channel):
    if channel not in services.MESSAGING_CHANNELS:
        raise Http404
    services.channel_unlink(user=request.user, channel=channel, actor=request.user)
    messages.success(request, _("Unlinked: nothing more is sent there."))
    return redirect(BACK)


@login_required
@require_POST
def preferences(request):
    form = PreferencesForm(request.POST)
    form.is_valid()  # checkboxes: every value is valid
    services.channel_preferences_set(user=request.user, actor=request.user, choices=form.choices())
    messages.success(request, _("Your choice of notifications is saved."))
    return redirect(BACK)


@csrf_exempt
@require_POST
def telegram_webhook(request):
    """Telegram posts each update here with the secret set by ``setWebhook(secret_token=...)`` in a header."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    if not secret:
        raise Http404
    if not hmac.compare_digest(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), secret):
        return HttpResponseForbidden()
    try:
        update = json.loads(request.body or b"{}")
        message = update.get("message") or {}
        text, chat_id = str(message.get("text") or ""), (message.get("chat") or {}).get("id")
    except (ValueError, AttributeError):
        return HttpResponseBadRequest()
    command, _sep, code = text.strip().partition(" ")
    if command == "/start" and code and chat_id is not None:
        try:
            services.telegram_link_confirm(code=code.strip(), chat_id=chat_id)
        except DomainError:
            pass  # an old or mistyped link: nothing to link; Telegram must not retry
    return HttpResponse(status=200)
