"""Organisations, members and invitations in the browser. Thin: parse, call a selector or a service, render."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError
from portal.registers.services import lookup as register_lookup

from .. import security, services
from ..forms import BinLookupForm, InviteForm, OrganizationForm, RoleForm
from ..models import MembershipRole
from ..selectors import (
    invitations_for_user,
    invitations_pending_for_organization,
    members_of_organization,
    memberships_for_user,
    organizations_visible_to_user,
)
from .common import add_validation_error, site_url

# --- Organisations -------------------------------------------------------------------------------


def _organization_or_404(request, pk):
    organization = get_object_or_404(organizations_visible_to_user(request.user), pk=pk)
    if not rules.has_perm("accounts.view_organization", request.user, organization):
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
                add_validation_error(form, error)
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
    can_manage = rules.has_perm("accounts.manage_members", request.user, organization)
    return {
        "organization": organization,
        "members": list(members_of_organization(organization)),
        "invitations": list(invitations_pending_for_organization(organization)) if can_manage else [],
        "can_change": rules.has_perm("accounts.change_organization", request.user, organization),
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
    if not rules.has_perm("accounts.change_organization", request.user, organization):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, instance=organization)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "bin"}
            try:
                services.organization_update(organization=organization, actor=request.user, **data)
            except ValidationError as error:
                add_validation_error(form, error)
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
    if not rules.has_perm("accounts.manage_members", request.user, organization):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not security.mail_allowed(request, form.cleaned_data["email"], scope="invite"):
            form.add_error("email", security.mail_limit_message())
            return render(request, "accounts/invite.html", {"form": form, "organization": organization}, status=429)
        if form.is_valid():
            try:
                invitation = services.membership_invite(organization=organization, email=form.cleaned_data["email"],
                                                        actor=request.user, site_url=site_url(request))
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
    if not rules.has_perm("accounts.manage_members", request.user, organization):
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
    if not rules.has_perm("accounts.manage_members", request.user, organization):
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
