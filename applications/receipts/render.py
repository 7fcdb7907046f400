"""The submission receipt as ONE sealed PDF in Kazakh then Russian (WeasyPrint through portal.pdf's static-only
URL fetcher): the full text in each language, each from a fresh page under a header naming its language."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.pdf import render_bilingual, render_pdf
from portal.signatures.enums import SignatureKind
from portal.signatures.seal import seal_pdf
from portal.signatures.selectors import signatures_of


def receipt_pdf(application):
    """PDF bytes of the receipt of a submitted application. User text is escaped by the template."""
    html = render_bilingual("applications/receipt_pdf.html", "applications/receipt_pdf_half.html", {
        "application": application,
        "snapshot": application.snapshot or {},
        "signature": signatures_of(application, kind=SignatureKind.APPLICATION).first(),
        "seal_page_url": settings.SITE_URL.rstrip("/") + reverse("signatures:seal"),
    }, title=_("Receipt of submission"))
    return seal_pdf(render_pdf(html))
