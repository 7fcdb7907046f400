"""Helpers the accounts views share."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def remember_language(response, language):
    """Make the user's preferred language the active one from the next page on (Django's language cookie)."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


LANGUAGE_OFFER = "portal_language_offer"


def signin_language(request, user):
    """The language to go on in after signing in (call it after ``login``, which renews the session).

    A language chosen in this browser (the switcher's cookie) wins over the profile's; when they differ the page
    offers to save the choice to the profile (``LANGUAGE_OFFER`` in the session, read by the context processor).
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES) and chosen != user.preferred_language:
        request.session[LANGUAGE_OFFER] = chosen
        return chosen
    request.session.pop(LANGUAGE_OFFER, None)
    return user.preferred_language


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def add_validation_error(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class Status400OnInvalid:
    """Django's auth views re-render an invalid form with 200; bad input answers 400 here."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
