from django import forms
from django.utils.translation import gettext_lazy as _

# A CMS of a Kazakh EDS with its certificate chain is a few kilobytes; 200 000 characters is plenty.
CMS_MAX_LENGTH = 200_000


class SignatureForm(forms.Form):
    """The CMS made in the browser (NCALayer) or pasted, and the hash it was made over."""

    cms = forms.CharField(label=_("CMS signature (base64)"), required=False, max_length=CMS_MAX_LENGTH,
                          widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}))
    document_sha256 = forms.RegexField(label=_("SHA-256 of the signed document"), regex=r"^[0-9a-fA-F]{64}$",
                                       required=False)

    def signature(self):
        """``{"cms", "document_sha256"}`` for the services, or None when nothing was signed."""
        if not self.is_valid() or not self.cleaned_data["cms"].strip():
            return None
        return {"cms": self.cleaned_data["cms"], "document_sha256": self.cleaned_data["document_sha256"].lower()}


class ClaimForm(SignatureForm):
    cms = forms.CharField(label=_("CMS signature (base64)"), max_length=CMS_MAX_LENGTH,
                          error_messages={"required": _("Sign the claim with your EDS first (NCALayer), or paste "
                                                        "the signature.")},
                          widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}))


class SealCheckForm(forms.Form):
    file = forms.FileField(label=_("PDF issued by the portal"))
