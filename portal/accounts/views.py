"""Accounts and organisations in the browser. Thin: parse, call a selector or a service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError
from portal.registers.services import lookup as register_lookup

from . import services
from .forms import (
    BinLookupForm,
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    InviteForm,
    OrganizationForm,
    ProfileForm,
    RoleForm,
    SignupForm,
)
from .models import MembershipRole
from .selectors import (
    invitations_for_user,
    invitations_pending_for_organization,
    members_of_organization,
    memberships_for_user,
    organizations_visible_to_user,
)


def remember_language(response, language):
    """Make the user's preferred language the active one from the next page on (Django's language cookie)."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


def _site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _add_validation_error(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class Status400OnInvalid:
    """Django's auth views re-render an invalid form with 200; bad input answers 400 here."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


# --- Sign-in, sign-up, confirmation --------------------------------------------------------------


class LoginView(Status400OnInvalid, auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        return remember_language(response, form.get_user().preferred_language)


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    initial = {"email": request.GET.get("email", ""), "preferred_language": request.LANGUAGE_CODE}
    form = SignupForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.user_signup(email=data["email"], password=data["password1"],
                                            full_name=data["full_name"],
                                            preferred_language=data["preferred_language"],
                                            actor=None, site_url=_site_url(request))
            except DomainError as error:
                form.add_error("email", error.message)
            else:
                auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Your account is ready. We sent a confirmation link to %(email)s: "
                                            "open it to finish.") % {"email": user.email})
                return remember_language(redirect(_safe_next(request, reverse("dashboard"))),
                                         user.preferred_language)
        status = 400
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")}, status=status)


def confirm_email(request, token):
    try:
        user = services.user_confirm_email(token=token, actor=request.user if request.user.is_authenticated else None)
    except DomainError as error:
        return render(request, "accounts/confirm_failed.html", {"error": error}, status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect("dashboard")
    return render(request, "accounts/confirm_done.html", {"confirmed_user": user})


@login_required
@require_POST
def resend_confirmation(request):
    if services.user_send_confirmation(user=request.user, actor=request.user, site_url=_site_url(request)):
        messages.success(request, _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email})
    else:
        messages.info(request, _("Your e-mail address is already confirmed."))
    return redirect(_safe_next(request, reverse("dashboard")))


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.user_update_profile(user=request.user, actor=request.user, full_name=data["full_name"],
                                         phone=data["phone"], preferred_language=data["preferred_language"],
                                         iin=data.get("iin"))
            messages.success(request, _("Your profile is saved."))
            return remember_language(redirect("profile"), data["preferred_language"])
        status = 400
    return render(request, "accounts/profile.html", {"form": form}, status=status)


class PasswordChangeView(Status400OnInvalid, auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(Status400OnInvalid, auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm

    def form_valid(self, form):
        self.extra_email_context = {"site_url": _site_url(self.request)}
        return super().form_valid(form)


class PasswordResetConfirmView(Status400OnInvalid, auth_views.PasswordResetConfirmView):
    pass


# --- Organisations -------------------------------------------------------------------------------


def _organization_or_404(request, pk):
    organization = get_object_or_404(organizations_visible_to_user(request.user), pk=pk)
    if not request.user.has_perm("accounts.view_organization", organization):
        raise PermissionDenied
    return organization


@login_required
def organization_list(request):
    return render(request, "accounts/organization_list.html", {
        "memberships": list(memberships_for_user(request.user)),
        "invitations": list(invitations_for_user(request.user)),
    })


@login_required
def organization_create(request):
    if request.user.email_confirmed_at is None:
        return render(request, "accounts/confirm_needed.html", status=403)
    lookup = BinLookupForm(request.POST if request.method == "POST" else request.GET)
    bin_value = lookup.cleaned_data["bin"] if lookup.is_valid() else ""
    record = register_lookup(bin_value) if bin_value else None  # None: no BIN yet, or the register is down
    form = OrganizationForm(request.POST or None, register=record, initial={"bin": bin_value})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                organization = services.organization_create(actor=request.user, register_record=record,
                                                            **form.cleaned_data)
            except ValidationError as error:
                _add_validation_error(form, error)
            except DomainError as error:
                form.add_error("bin" if error.code == "bin_taken" else None,
                               ValidationError(error.message, code=error.code))
            else:
                messages.success(request, _("The organisation is registered. You are its owner."))
                return redirect("organizations:detail", pk=organization.pk)
        status = 400
    return render(request, "accounts/organization_form.html",
                  {"form": form, "organization": None, "register": record, "looked_up": bin_value,
                   "bin_taken": form.has_error("bin", "unique") or form.has_error("bin", "bin_taken")},
                  status=status)


def _detail_context(request, organization):
    can_manage = request.user.has_perm("accounts.manage_members", organization)
    return {
        "organization": organization,
        "members": list(members_of_organization(organization)),
        "invitations": list(invitations_pending_for_organization(organization)) if can_manage else [],
        "can_change": request.user.has_perm("accounts.change_organization", organization),
        "can_manage": can_manage,
        "role_choices": MembershipRole.choices,
    }


@login_required
def organization_detail(request, pk):
    organization = _organization_or_404(request, pk)
    return render(request, "accounts/organization_detail.html", _detail_context(request, organization))


@login_required
def organization_edit(request, pk):
    organization = _organization_or_404(request, pk)
    if not request.user.has_perm("accounts.change_organization", organization):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, instance=organization)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "bin"}
            try:
                services.organization_update(organization=organization, actor=request.user, **data)
            except ValidationError as error:
                _add_validation_error(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The organisation's details are saved."))
                return redirect("organizations:detail", pk=organization.pk)
        status = 400
    return render(request, "accounts/organization_form.html", {"form": form, "organization": organization},
                  status=status)


@login_required
def organization_invite(request, pk):
    organization = _organization_or_404(request, pk)
    if not request.user.has_perm("accounts.manage_members", organization):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = services.membership_invite(organization=organization, email=form.cleaned_data["email"],
                                                        actor=request.user, site_url=_site_url(request))
            except DomainError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, _("Invitation sent to %(email)s. The link is valid for 7 days.")
                                 % {"email": invitation.email})
                return redirect("organizations:detail", pk=organization.pk)
        status = 400
    return render(request, "accounts/invite.html", {"form": form, "organization": organization}, status=status)


@login_required
def member_remove(request, pk, member_pk):
    organization = _organization_or_404(request, pk)
    if not request.user.has_perm("accounts.manage_members", organization):
        raise PermissionDenied
    membership = get_object_or_404(members_of_organization(organization), pk=member_pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=request.user)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("%(person)s is no longer a member.") % {"person": membership.user})
            if membership.user_id == request.user.pk:
                return redirect("organizations:list")
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "accounts/member_remove.html",
                  {"organization": organization, "membership": membership, "error": error},
                  status=error.status_code if error else 200)


@login_required
@require_POST
def member_role(request, pk, member_pk):
    organization = _organization_or_404(request, pk)
    if not request.user.has_perm("accounts.manage_members", organization):
        raise PermissionDenied
    membership = get_object_or_404(members_of_organization(organization), pk=member_pk)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Choose a valid role."), code="invalid_role")
        services.membership_change_role(membership=membership, role=form.cleaned_data["role"], actor=request.user)
    except DomainError as error:
        context = _detail_context(request, organization)
        context["action_error"] = error
        return render(request, "accounts/organization_detail.html", context, status=error.status_code)
    messages.success(request, _("The role is changed."))
    return redirect("organizations:detail", pk=organization.pk)


def invitation(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except DomainError as error:
        return render(request, "accounts/invitation.html", {"error": error}, status=400)
    context = {"invitation": invitation, "token": token,
               "email_matches": request.user.is_authenticated
               and request.user.email.lower() == invitation.email.lower()}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        if not context["email_matches"]:
            raise PermissionDenied
        try:
            membership = services.invitation_accept(token=token, actor=request.user)
        except DomainError as error:
            context["error"] = error
            return render(request, "accounts/invitation.html", context, status=error.status_code)
        messages.success(request, _("You are now a member of %(organization)s.")
                         % {"organization": membership.organization.name})
        return redirect("organizations:detail", pk=membership.organization_id)
    return render(request, "accounts/invitation.html", context)
