from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import ViewOnlyAdminMixin

from .models import ChannelLink, ChannelPreference, Notification, OutboxMessage, OutboxStatus
from .services import outbox_retry


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Messages are sent by ``notify()``; the admin only reads them (e.g. to check a delivery)."""

    list_display = ["subject", "user", "created_at", "read_at", "emailed_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter), ("emailed_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "body", "user__email"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "subject", "body", "url", "created_at", "read_at", "emailed_at"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Side effects waiting, sent or failed; a failed one can be sent again."""

    list_display = ["id", "channel", "address", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["address", "subject", "key", "request_id"]
    date_hierarchy = "created_at"
    exclude = ["body"]  # may hold a confirmation link until it is sent
    readonly_fields = ["key", "channel", "user", "notification", "address", "subject", "payload", "sensitive",
                       "status", "attempts", "available_at", "lease_until", "last_error", "request_id",
                       "created_at", "sent_at"]
    actions = ["send_again"]

    @admin.action(description=_("Send the selected failed messages again"))
    def send_again(self, request, queryset):
        count = outbox_retry(ids=list(queryset.filter(status=OutboxStatus.FAILED).values_list("pk", flat=True)))
        self.message_user(request, ngettext("%(count)d message will be sent again.",
                                            "%(count)d messages will be sent again.", count) % {"count": count},
                          messages.SUCCESS)


@admin.register(ChannelLink)
class ChannelLinkAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Users' SMS numbers and Telegram chats; linked and unlinked by the users themselves on their profile."""

    list_display = ["user", "channel", "address", "verified_at", "created_at"]
    list_filter = ["channel", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "address"]
    list_select_related = ["user"]
    exclude = ["code_hash"]
    readonly_fields = ["user", "channel", "address", "verified_at", "code_expires_at", "code_attempts", "created_at"]


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "channel", "kind"]
    list_filter = ["channel", "kind"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "channel", "kind"]
