from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.code_step, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("confirm/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("profile/", views.profile, name="profile"),
    path("profile/language/", views.language_offer, name="language_offer"),
    path("tokens/revoke/", views.token_revoke, name="token_revoke"),
    path("tokens/revoke-all/", views.tokens_revoke_all, name="tokens_revoke_all"),
    path("second-factor/start/", views.mfa_setup_start, name="mfa_setup_start"),
    path("second-factor/setup/", views.mfa_setup, name="mfa_setup"),
    path("second-factor/recovery-codes/", views.mfa_recovery_renew, name="mfa_recovery_renew"),
    path("second-factor/disable/", views.mfa_disable, name="mfa_disable"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
