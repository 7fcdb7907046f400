"""The one-page submission receipt as PDF (WeasyPrint through portal.pdf's static-only URL fetcher), sealed."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from portal.pdf import font_css, render_pdf
from portal.signatures.enums import SignatureKind
from portal.signatures.seal import seal_pdf
from portal.signatures.selectors import signatures_of


def receipt_pdf(application):
    """PDF bytes of the receipt of a submitted application. User text is escaped by the template."""
    html = render_to_string("applications/receipt_pdf.html", {
        "application": application,
        "snapshot": application.snapshot or {},
        "font_css": font_css(),  # DejaVu Sans embedded: every Kazakh and Russian letter
        "signature": signatures_of(application, kind=SignatureKind.APPLICATION).first(),
        "seal_page_url": settings.SITE_URL.rstrip("/") + reverse("signatures:seal"),
    })
    return seal_pdf(render_pdf(html))
