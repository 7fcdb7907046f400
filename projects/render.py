"""The PDF of an agreement version in one language (WeasyPrint through portal.pdf, sealed like receipts)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.pdf import font_css, render_pdf
from portal.signatures.seal import seal_pdf


def agreement_pdf(version, language):
    with translation.override(language):
        html = render_to_string("projects/agreement_pdf.html", {
            "version": version, "content": version.content, "language": language, "font_css": font_css(),
            "seal_page_url": settings.SITE_URL.rstrip("/") + reverse("signatures:seal"),
        })
    return seal_pdf(render_pdf(html))
