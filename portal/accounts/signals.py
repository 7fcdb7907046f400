"""Receivers the accounts app connects in ``AccountsConfig.ready``."""

from django.contrib.auth.signals import user_logged_in

from .sessions import mark_session_start


def connect():
    user_logged_in.connect(mark_session_start, dispatch_uid="accounts-session-start")
