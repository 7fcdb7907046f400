"""The expert register: invitations, acceptance (sign-in or a new account), the expert's profile, the register."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.errors import DomainError

from ..experts import services
from ..experts.selectors import (
    account_for_invitation,
    expert_profile_of,
    expert_register_for_user,
    inviting_body_for,
    pending_invitations_for_user,
)
from ..forms.experts import AffiliationFormSet, ExpertFilter, ExpertInviteForm, ExpertProfileForm, InvitationSignupForm
from .common import require


@login_required
def expert_register(request):
    require(request, "scoring.manage_experts")
    filterset = ExpertFilter(request.GET or None, queryset=expert_register_for_user(request.user))
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    status = 400 if filterset.is_bound and not filterset.form.is_valid() else 200
    invitations = pending_invitations_for_user(request.user)
    return render(request, "scoring/expert_register.html", {
        "filter": filterset, "form": filterset.form, "page_obj": page, "experts": page.object_list,
        "invitations": invitations[:20],
    }, status=status)


@login_required
def expert_invite(request):
    require(request, "scoring.manage_experts")
    status = 200
    if request.method == "POST":
        form = ExpertInviteForm(request.POST)
        if form.is_valid():
            try:
                services.expert_invite(actor=request.user, body=inviting_body_for(request.user), **form.cleaned_data)
            except DomainError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, _("The invitation was sent to %(email)s.") % form.cleaned_data)
                return redirect("scoring:expert_register")
        status = 400
    else:
        form = ExpertInviteForm()
    return render(request, "scoring/expert_invite.html", {"form": form}, status=status)


def invitation_accept(request, token):
    invitation = services.expert_invitation_from_token(token)
    if invitation is None:
        return render(request, "scoring/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    existing = account_for_invitation(invitation)
    signup_form = None
    status = 200
    if request.method == "POST":
        if user is not None:
            try:
                services.expert_invitation_accept(invitation=invitation, user=user)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("scoring:invitation_accept", token=token)
            messages.success(request, _("Welcome to the expert register. Please complete your profile."))
            return redirect("scoring:expert_profile")
        if existing is None:
            signup_form = InvitationSignupForm(request.POST)
            if signup_form.is_valid():
                user = services.expert_invitation_signup(invitation=invitation,
                                                         full_name=signup_form.cleaned_data["full_name"],
                                                         password=signup_form.cleaned_data["password1"])
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Your account is created. Please complete your expert profile."))
                return redirect("scoring:expert_profile")
            status = 400
        else:
            return redirect_to_login(request.path)
    elif user is None and existing is None:
        signup_form = InvitationSignupForm(initial={"full_name": invitation.full_name})
    return render(request, "scoring/invitation_accept.html", {
        "invitation": invitation, "signup_form": signup_form, "form": signup_form, "existing": existing,
        "wrong_user": user is not None and user.email.lower() != invitation.email.lower(),
    }, status=status)


@login_required
def expert_profile(request):
    profile = expert_profile_of(request.user)
    if profile is None:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = ExpertProfileForm(request.POST)
        formset = AffiliationFormSet(request.POST, prefix="aff")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            services.expert_profile_update(profile=profile, actor=request.user, priority_areas=data["priority_areas"],
                                           regions=data["regions"], languages=data["languages"], bio=data["bio"],
                                           max_load=data["max_load"], affiliations=formset.rows())
            messages.success(request, _("Your expert profile is saved."))
            return redirect("scoring:expert_profile")
        status = 400
    else:
        form = ExpertProfileForm(initial=ExpertProfileForm.initial_for(profile))
        formset = AffiliationFormSet(initial=AffiliationFormSet.initial_for(profile), prefix="aff")
    return render(request, "scoring/expert_profile.html", {"form": form, "formset": formset, "profile": profile,
                                                           "has_errors": status == 400}, status=status)
