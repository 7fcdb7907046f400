"""Pages of signatures: claiming an organisation with EDS, and the portal's seal (what it is, the certificate,
a check of any PDF). Thin: parse, call a service or the seal module, render."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts import services as account_services
from portal.accounts.models import Organization
from portal.accounts.validators import is_valid_bin
from portal.errors import DomainError

from . import seal
from .claims import claim_document
from .forms import ClaimForm, SealCheckForm

PDF_MAGIC = b"%PDF-"


def _claim_context(request, bin_, **extra):
    organization = Organization.objects.filter(bin=bin_).first() if is_valid_bin(bin_) else None
    context = {"bin": bin_, "bin_valid": is_valid_bin(bin_), "organization": organization, **extra}
    if organization is not None:
        text, sha256 = claim_document(organization.bin, request.user)
        context.update(claim_text=text, sign={"sha256": sha256, "required": True, "expected_bin": organization.bin,
                                              "pasted": extra.get("pasted", "")},
                       is_member=organization.memberships.filter(user=request.user).exists())
    return context


@login_required
@require_http_methods(["GET", "POST"])
def claim(request):
    if request.user.email_confirmed_at is None:
        return render(request, "accounts/confirm_needed.html", status=403)
    bin_ = re.sub(r"\D", "", (request.POST if request.method == "POST" else request.GET).get("bin", ""))[:12]
    if request.method == "GET":
        return render(request, "signatures/claim.html", _claim_context(request, bin_))
    form = ClaimForm(request.POST)
    organization = Organization.objects.filter(bin=bin_).first() if is_valid_bin(bin_) else None
    error = None
    if organization is None:
        error = _("No organisation with this BIN is registered on the portal.")
    elif not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            account_services.organization_claim(organization=organization, actor=request.user,
                                                document_sha256=form.cleaned_data["document_sha256"].lower(),
                                                cms=form.cleaned_data["cms"])
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your EDS certificate proved that %(organization)s is yours.")
                             % {"organization": organization.name})
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "signatures/claim.html",
                  _claim_context(request, bin_, error=error, pasted=form.data.get("cms", "")[:200_000]), status=400)


@require_http_methods(["GET", "POST"])
def seal_page(request):
    """What the seal is, how to check it in a PDF reader, the certificate, and a check of an uploaded PDF."""
    form = SealCheckForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            head = upload.read(len(PDF_MAGIC))
            if upload.size > settings.UPLOAD_MAX_FILE_BYTES:
                form.add_error("file", _("The file is larger than %(size)s MB.")
                               % {"size": settings.UPLOAD_MAX_FILE_BYTES // (1024 * 1024)})
            elif head != PDF_MAGIC:
                form.add_error("file", _("This is not a PDF file."))
            else:
                upload.seek(0)
                result = seal.check_seal(upload.read())
        status = 200 if result is not None else 400
    certificate = seal.seal_certificate()
    return render(request, "signatures/seal.html", {
        "form": form, "result": result, "certificate": certificate,
        "fingerprint": ":".join(f"{b:02X}" for b in certificate.sha256),
        "subject": certificate.subject.human_friendly,
        "valid_until": certificate["tbs_certificate"]["validity"]["not_after"].native,
    }, status=status)


def seal_certificate(request):
    response = HttpResponse(seal.seal_certificate_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="portal-seal.pem"'
    return response
