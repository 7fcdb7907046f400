"""Request-side protections shared by sign-in, the API and the mails anyone can trigger.

* ``client_ip``: the client address, believing ``X-Forwarded-For`` only as far as ``TRUSTED_PROXY_COUNT``
  proxies wrote it (the same rule as DRF's ``NUM_PROXIES``, which the settings set from the same value).
* ``axes_username``/``lockout_response``: django-axes hooks (one user name per account whatever its case; a page
  or a JSON 429 when an account or address is locked out).
* ``mail_allowed``: at most ``MAIL_LIMIT_PER_ADDRESS`` mails per address and ``MAIL_LIMIT_PER_IP`` per client in
  an hour, counted in the shared cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MAIL_WINDOW_SECONDS = 3600


def client_ip(request):
    remote_addr = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",")]
    return addresses[-min(proxies, len(addresses))]


def axes_username(request, credentials):
    """The e-mail address tried, lower-cased: "A@x.kz" and "a@x.kz" count against the same account."""
    username = (credentials or {}).get("username")
    if username is None and request is not None and hasattr(request, "POST"):
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return (username or "").strip().lower() or None


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Too many failed sign-in attempts. Sign-in is blocked for %(minutes)d minutes; try again later "
             "or reset your password.") % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(), "code": "locked_out"}, status=429)
    return render(request, "registration/locked_out.html", {"message": lockout_message()}, status=429)


def _count(key, limit, window=MAIL_WINDOW_SECONDS):
    if cache.add(key, 1, timeout=window):
        return 1 <= limit
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True


def attempt_allowed(key, *, limit, window=MAIL_WINDOW_SECONDS):
    """Count one attempt of something guessable (e.g. the password on a confirmation link)."""
    return _count(f"attempt:{key}", limit, window)


def attempts_message():
    return _("Too many attempts. Try again in an hour.")


def mail_allowed(request, address, *, scope):
    """Count one mail of ``scope`` to ``address`` from this client; False when either limit is reached."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    per_address = _count(f"mail:{scope}:address:{digest}", settings.MAIL_LIMIT_PER_ADDRESS)
    per_client = _count(f"mail:ip:{client_ip(request)}", settings.MAIL_LIMIT_PER_IP)
    return per_address and per_client


def mail_limit_message():
    return _("Too many messages were requested for this address or from your network. Try again in an hour.")
