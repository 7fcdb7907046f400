from django.conf import settings

from portal.notifications.selectors import unread_count_for_user


def portal(request):
    user = getattr(request, "user", None)
    return {
        "unread_notifications": unread_count_for_user(user) if user is not None else 0,
        "PRODUCTION": settings.PRODUCTION,
    }
