"""REST API of signatures: shared serializers, and claiming an organisation with an EDS certificate.

The application's own signature endpoints live with applications (``/api/v1/applications/{id}/signature/``);
they use the serializers here. What a client signs is always ``signed_content_base64``: the document's sha256
as 64 ASCII hex characters, in base64 (NCALayer's ``data``).
"""

import base64

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import api_serializers as serializers
from portal.accounts import services as account_services
from portal.accounts.models import Organization
from portal.api_common import SignedInMixin, errors
from portal.api_serializers import RowNotFound

from .claims import claim_document
from .forms import CMS_MAX_LENGTH
from .kinds import signed_content
from .models import Signature


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["id", "kind", "document_sha256", "signer_iin", "signer_bin", "signer_name", "signer_organization",
                  "certificate_serial", "certificate_issuer", "certificate_not_before", "certificate_not_after",
                  "signed_at", "valid_at_signing", "verified_at", "verifier"]
        read_only_fields = fields


class SignatureInputSerializer(serializers.Serializer):
    cms = serializers.CharField(max_length=CMS_MAX_LENGTH, trim_whitespace=True,
                                help_text="Base64 CMS SignedData (NCALayer's answer), attached or detached.")
    document_sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$",
                                             help_text="The sha256 that was signed (as given by the GET).")


class OptionalSignatureSerializer(serializers.Serializer):
    cms = serializers.CharField(max_length=CMS_MAX_LENGTH, required=False, allow_blank=True)
    document_sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", required=False)

    def signature(self):
        data = self.validated_data
        if not data.get("cms"):
            return None
        return {"cms": data["cms"], "document_sha256": data.get("document_sha256", "").lower()}


def signing_document(document_sha256, **extra):
    return {"document_sha256": document_sha256,
            "signed_content_base64": base64.b64encode(signed_content(document_sha256)).decode(), **extra}


ClaimDocumentSerializer = inline_serializer("ClaimDocument", {
    "bin": serializers.CharField(), "organization": serializers.IntegerField(allow_null=True),
    "organization_name": serializers.CharField(allow_null=True),
    "ownership_proven": serializers.BooleanField(), "text": serializers.CharField(),
    "document_sha256": serializers.CharField(), "signed_content_base64": serializers.CharField(),
})


class BinSerializer(serializers.Serializer):
    bin = serializers.RegexField(r"^[0-9]{12}$", help_text="The organisation's BIN (12 digits) of an organisation "
                                                          "registered on the portal (404 otherwise).")


class ClaimSerializer(BinSerializer, SignatureInputSerializer):
    pass


class ClaimView(SignedInMixin, APIView):
    """Claim an organisation: GET the document to sign for a BIN, POST its CMS signature."""

    def _organization(self, bin_):
        """The organisation registered with this BIN; 404 naming ``bin`` (a BIN whose check digit is wrong names
        no organisation either)."""
        organization = Organization.objects.filter(bin=bin_).first()
        if organization is None:
            raise RowNotFound("bin", bin_, _("No organisation with this BIN is registered on the portal."))
        return organization

    @extend_schema(summary="The claim document to sign with the organisation's EDS (query: bin)",
                   parameters=[BinSerializer], responses={200: ClaimDocumentSerializer, **errors(400, 401)})
    def get(self, request):
        query = BinSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        bin_ = query.validated_data["bin"]
        organization = self._organization(bin_)
        text, sha256 = claim_document(bin_, request.user)
        return Response(signing_document(sha256, bin=bin_, organization=organization.pk,
                                         organization_name=organization.name, text=text,
                                         ownership_proven=organization.ownership_verified_at is not None))

    @extend_schema(summary="Prove with an EDS certificate carrying the BIN that the organisation is yours; an "
                           "unproven owner loses it to you (both are notified)",
                   request=ClaimSerializer,
                   responses={200: inline_serializer("ClaimResult", {
                       "organization": serializers.IntegerField(), "ownership_verified_at": serializers.DateTimeField(),
                   }), **errors(400, 401, 403)})
    def post(self, request):
        serializer = ClaimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organization = account_services.organization_claim(
            organization=self._organization(data["bin"]), document_sha256=data["document_sha256"].lower(),
            cms=data["cms"], actor=request.user)
        return Response({"organization": organization.pk,
                         "ownership_verified_at": organization.ownership_verified_at}, status=status.HTTP_200_OK)
