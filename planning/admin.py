"""Plans are written on the officials' pages (services: audit rows, versions, notifications); the admin reads."""

from django.contrib import admin

from .models import DiscussionComment, Evidence, Plan, PlanItem, PlanVersion, TopicProposal


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + [f.name for f in self.model._meta.many_to_many]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "body", "year", "status", "current_version"]
    list_filter = ["status", "year", "body"]
    search_fields = ["title_ru", "title_kk", "title_en", "body__name_ru"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "amount", "term_years", "withdrawn_at"]
    list_filter = ["plan__year", "priority_area"]
    search_fields = ["topic_ru", "topic_kk", "topic_en", "target_group"]


@admin.register(TopicProposal)
class TopicProposalAdmin(ReadOnlyAdmin):
    list_display = ["topic", "plan", "organization", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["topic", "justification", "organization__name"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "item", "proposal", "added_at"]
    list_filter = ["kind"]
    search_fields = ["title", "url", "original_name"]


@admin.register(DiscussionComment)
class DiscussionCommentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "status", "answer_outcome", "submitted_at"]
    list_filter = ["status", "answer_outcome"]
    search_fields = ["text", "answer_text"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "created_at", "sha256"]
    search_fields = ["reason", "sha256"]
