from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .enums import CouncilRole
from .models import Council, CouncilDocument, CouncilMember


class MemberFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or data.get("role") not in (CouncilRole.CHAIR, CouncilRole.SECRETARY):
                continue
            if data["role"] in seen:
                raise forms.ValidationError(_("A council has one chair and one secretary."))
            seen[data["role"]] = True


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    formset = MemberFormSet
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "body", "created_at"]
    list_filter = ["body"]
    search_fields = ["name_ru", "name_kk", "name_en", "body__name_ru"]
    inlines = [CouncilMemberInline]

    def save_formset(self, request, form, formset, change):
        """Members go through the services: each becomes (or stops being) an observer of the body."""
        if formset.model is not CouncilMember:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for member in formset.deleted_objects:
            services.council_member_remove(member=member, actor=request.user)
        for member in sorted(instances, key=lambda m: m.role != CouncilRole.MEMBER):  # free a role first
            if member.pk:
                original = CouncilMember.objects.get(pk=member.pk)
                if original.user_id != member.user_id:
                    services.council_member_remove(member=original, actor=request.user)
            services.council_member_add(council=form.instance, user=member.user, role=member.role,
                                        actor=request.user)


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    """Members are added and removed on their council's page (so they become, or stop being, observers)."""

    list_display = ["user", "council", "role", "created_at"]
    list_filter = ["role", "council"]
    search_fields = ["user__email", "user__full_name", "council__name_ru"]
    readonly_fields = ["council", "user", "role", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CouncilDocument)
class CouncilDocumentAdmin(admin.ModelAdmin):
    """Filed and answered on the council pages (with their notifications and audit rows); read here."""

    list_display = ["title", "kind", "council", "target_label", "status", "filed_at", "answer_due_on"]
    list_filter = ["kind", "status", "council"]
    search_fields = ["title", "text", "target_label", "council__name_ru"]
    readonly_fields = [f.name for f in CouncilDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
