from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_mark_all_read, name="mark_read"),
    path("channels/telegram/link/", views.telegram_link, name="telegram_link"),
    path("channels/telegram/webhook/", views.telegram_webhook, name="telegram_webhook"),
    path("channels/sms/", views.sms_start, name="sms_start"),
    path("channels/sms/confirm/", views.sms_confirm, name="sms_confirm"),
    path("channels/preferences/", views.preferences, name="preferences"),
    path("channels/<str:channel>/unlink/", views.unlink, name="unlink"),
]
