from .models import Notification


def notifications_for_user(user):
    return Notification.objects.filter(user=user)


def unread_count_for_user(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
