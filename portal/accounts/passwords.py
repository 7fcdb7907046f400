"""Django calls ``password_changed`` of every configured password validator whenever a user's new password is
saved, on any path (change and reset pages, the admin, ``manage.py changepassword``). This one validates nothing
and revokes the account's API tokens then, so a token never outlives the password it was obtained with."""

from django.utils.translation import gettext as _


class RevokeApiTokensOnChange:
    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            user.auth_token_set.all().delete()

    def get_help_text(self):
        return _("A new password revokes all your API tokens.")
