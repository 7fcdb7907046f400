from django.contrib import admin

from portal.admin import ViewOnlyAdminMixin

from .models import Signature


@admin.register(Signature)
class SignatureAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Signatures are evidence: administrators read them, nobody edits them."""

    list_display = ["kind", "content_type", "object_id", "signer_name", "signer_bin", "signed_at", "valid_at_signing",
                    "verifier"]
    list_filter = ["kind", "verifier", "valid_at_signing"]
    search_fields = ["signer_name", "signer_iin", "signer_bin", "document_sha256", "certificate_serial"]
    date_hierarchy = "created_at"
