from .models import ChannelLink, ChannelPreference, Notification


def notifications_for_user(user):
    return Notification.objects.filter(user=user)


def unread_count_for_user(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def channel_settings_for_user(user):
    """What the profile page shows about SMS and Telegram: the links and the opted-in (channel, kind) pairs."""
    links = {link.channel: link for link in ChannelLink.objects.filter(user=user)}
    chosen = set(ChannelPreference.objects.filter(user=user).values_list("channel", "kind"))
    return {"sms": links.get("sms"), "telegram": links.get("telegram"), "chosen": chosen}
