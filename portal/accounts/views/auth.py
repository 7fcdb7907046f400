"""Sign-in (with the second factor), sign-up, e-mail confirmation and passwords. Thin: parse, call a service."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from portal.errors import DomainError

from .. import mfa, security, services
from ..forms import EmailAuthenticationForm, EmailForm, EmailPasswordResetForm, PasswordConfirmForm, SignupForm
from . import signin
from .common import Status400OnInvalid, safe_next, site_url


class LoginView(Status400OnInvalid, auth_views.LoginView):
    """E-mail and password; then, when the second factor applies, the code step (``signin.code_step``)."""

    authentication_form = EmailAuthenticationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if mfa.applies(request.user) and not request.user.is_verified():
                logout(request)  # e.g. the role began to require a second factor: sign in again with it
            else:
                return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        user = form.unconfirmed_user
        if user is not None and security.mail_allowed(self.request, user.email, scope="confirm"):
            services.user_send_confirmation(user=user, actor=None, site_url=site_url(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        return signin.start(self.request, user, next_url=self.get_success_url())


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    initial = {"email": request.GET.get("email", ""), "preferred_language": request.LANGUAGE_CODE}
    form = SignupForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not security.mail_allowed(request, form.cleaned_data["email"], scope="signup"):
            form.add_error("email", security.mail_limit_message())
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            services.user_signup(email=data["email"], password=data["password1"], full_name=data["full_name"],
                                 preferred_language=data["preferred_language"], actor=None,
                                 site_url=site_url(request))
            # The same answer whether or not the address already had an account.
            return render(request, "accounts/signup_sent.html", {"email": data["email"]})
        else:
            status = 400
    return render(request, "accounts/signup.html", {"form": form, "next": safe_next(request, "")}, status=status)


def confirm_email(request, token):
    """GET: the form; POST with the account's password: the address is confirmed and the person signed in."""
    try:
        pending = services.user_from_confirmation_token(token)
    except DomainError as error:
        return render(request, "accounts/confirm_failed.html", {"error": error}, status=400)
    if pending.email_confirmed_at is not None:
        return render(request, "accounts/confirm_done.html", {"confirmed_user": pending})
    form = PasswordConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not security.attempt_allowed(f"confirm:{pending.pk}", limit=10):
            form.add_error("password", security.attempts_message())
            status = 429
        else:
            try:
                user = services.user_confirm_email(token=token, password=form.cleaned_data["password"])
            except DomainError as error:
                form.add_error("password", error.message)
                status = 400
            else:
                messages.success(request, _("Thank you: your e-mail address is confirmed."))
                user.backend = "portal.accounts.backends.EmailBackend"
                return signin.start(request, user, next_url=reverse("dashboard"))
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/confirm_email.html", {"form": form, "pending_user": pending}, status=status)


def resend_confirmation(request):
    """Ask for a new confirmation link by address; the answer is the same whether an account exists or not."""
    form = EmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not security.mail_allowed(request, form.cleaned_data["email"], scope="confirm"):
            form.add_error("email", security.mail_limit_message())
            status = 429
        else:
            services.user_resend_confirmation(email=form.cleaned_data["email"], site_url=site_url(request))
            return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"], "resent": True})
    return render(request, "accounts/confirm_resend.html", {"form": form}, status=status)


class PasswordChangeView(Status400OnInvalid, auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, actor=form.user)
        return response


class PasswordResetView(Status400OnInvalid, auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm

    def form_valid(self, form):
        if not security.mail_allowed(self.request, form.cleaned_data["email"], scope="reset"):
            form.add_error("email", security.mail_limit_message())
            response = super().form_invalid(form)
            response.status_code = 429
            return response
        self.extra_email_context = {"site_url": site_url(self.request)}
        return super().form_valid(form)


class PasswordResetConfirmView(Status400OnInvalid, auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, actor=form.user, reset=True)
        return response
