from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.admin import ViewOnlyAdminMixin
from portal.errors import DomainError
from portal.registers.services import organization_verify

from .models import (
    ApiToken,
    ExpertAffiliation,
    ExpertProfile,
    GovernmentBody,
    Invitation,
    Membership,
    ObserverMembership,
    OfficialMembership,
    Organization,
    User,
)
from .services import organization_approve_ownership


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data.get("email", "")).lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("A user with this e-mail address already exists."), code="unique")
        return email


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["created_at"]


class OfficialMembershipInline(admin.TabularInline):
    model = OfficialMembership
    extra = 0
    autocomplete_fields = ["user", "body"]
    readonly_fields = ["created_at"]


class ObserverMembershipInline(admin.TabularInline):
    model = ObserverMembership
    extra = 0
    autocomplete_fields = ["user", "body"]
    readonly_fields = ["created_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "is_staff", "is_superuser",
                    "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "full_name", "phone"]
    date_hierarchy = "date_joined"
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "preferred_language", "email_confirmed_at", "iin",
                                         "iin_verified_at")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2")}),
    )
    inlines = [MembershipInline, OfficialMembershipInline, ObserverMembershipInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # roles are added once the account exists


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "bin", "legal_form", "region", "in_ngo_database", "is_bankrupt", "in_liquidation",
                    "registered_on", "verification_status", "ownership_method"]
    list_filter = ["legal_form", "region", "in_ngo_database", "is_bankrupt", "in_liquidation", "verification_status",
                   "ownership_method"]
    search_fields = ["name", "bin", "contact_email"]
    list_select_related = ["region"]
    readonly_fields = ["created_at", "name_kk", "name_ru", "head_name", "register_status", "verified_at",
                       "verification_checked_at", "verification_notes", "ownership_verified_at",
                       "ownership_verified_by", "ownership_method"]
    inlines = [MembershipInline]
    actions = ["approve_ownership", "recheck_register"]

    @admin.action(description=_("Approve the present owner (ownership proven by an administrator)"))
    def approve_ownership(self, request, queryset):
        for organization in queryset:
            try:
                organization_approve_ownership(organization=organization, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{organization}: {error.message}", level=messages.WARNING)

    @admin.action(description=_("Check again in the state register"))
    def recheck_register(self, request, queryset):
        for organization in queryset:
            organization_verify(organization=organization, actor=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "organization__name", "organization__bin"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
    readonly_fields = ["created_at"]


@admin.register(GovernmentBody)
class GovernmentBodyAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "short_code", "bin", "region"]
    list_filter = ["region"]
    search_fields = ["name_ru", "name_kk", "name_en", "short_code", "bin"]
    list_select_related = ["region"]
    inlines = [OfficialMembershipInline, ObserverMembershipInline]


@admin.register(OfficialMembership)
class OfficialMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "created_at"]
    list_filter = ["role", "body"]
    search_fields = ["user__email", "user__full_name", "body__name_ru", "body__short_code"]
    autocomplete_fields = ["user", "body"]
    list_select_related = ["user", "body"]
    readonly_fields = ["created_at"]


@admin.register(ObserverMembership)
class ObserverMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "council", "created_at"]
    list_filter = ["body"]
    search_fields = ["user__email", "user__full_name", "body__name_ru", "council"]
    autocomplete_fields = ["user", "body"]
    list_select_related = ["user", "body"]
    readonly_fields = ["created_at"]


class ExpertAffiliationInline(admin.TabularInline):
    model = ExpertAffiliation
    extra = 0


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "is_active", "max_load", "languages", "created_at"]
    list_filter = ["is_active", "priority_areas", "regions"]
    search_fields = ["user__email", "user__full_name", "bio"]
    autocomplete_fields = ["user", "invited_by"]
    filter_horizontal = ["priority_areas", "regions"]
    list_select_related = ["user"]
    readonly_fields = ["created_at"]
    inlines = [ExpertAffiliationInline]


@admin.register(ExpertAffiliation)
class ExpertAffiliationAdmin(admin.ModelAdmin):
    list_display = ["organization_name", "organization_bin", "kind", "expert", "started_on", "ended_on"]
    list_filter = ["kind"]
    search_fields = ["organization_name", "organization_bin", "expert__user__email"]
    autocomplete_fields = ["expert"]
    list_select_related = ["expert__user"]


@admin.register(Invitation)
class InvitationAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Invitations are sent and accepted through the accounts services (signed token); the admin reads them."""

    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organization__name", "organization__bin"]
    date_hierarchy = "created_at"
    list_select_related = ["organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens are issued only through the API (the key is shown once there); here they are seen and revoked."""

    list_display = ["token_key", "user", "name", "created", "expiry", "last_used_at"]
    search_fields = ["token_key", "user__email", "name"]
    list_select_related = ["user"]
    readonly_fields = ["token_key", "user", "name", "created", "expiry", "last_used_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
