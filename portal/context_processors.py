from django.conf import settings

from portal.notifications.selectors import unread_count_for_user


def portal(request):
    user = getattr(request, "user", None)
    return {
        "unread_notifications": unread_count_for_user(user) if user is not None else 0,
        "PRODUCTION": settings.PRODUCTION,
        "language_offer": _language_offer(request, user),
    }


def _language_offer(request, user):
    """The language chosen before signing in, when it differs from the profile's (the banner offers to save it)."""
    session = getattr(request, "session", None)
    offered = session.get("portal_language_offer", "") if session is not None else ""
    if not offered or user is None or not user.is_authenticated or offered == user.preferred_language:
        return None
    names = dict(settings.LANGUAGES)
    return {"code": offered, "name": names.get(offered, offered),
            "profile_name": names.get(user.preferred_language, user.preferred_language)}
