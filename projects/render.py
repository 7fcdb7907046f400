"""The PDF of an agreement version: ONE file, the full Kazakh text then the full Russian text, each from a fresh
page under a running header naming its language (an agreement runs over pages: columns would halve every table),
through portal.pdf, sealed like receipts."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.pdf import render_bilingual, render_pdf
from portal.signatures.seal import seal_pdf


def agreement_pdf(version):
    html = render_bilingual("projects/agreement_pdf.html", "projects/agreement_pdf_half.html", {
        "version": version, "content": version.content,
        "seal_page_url": settings.SITE_URL.rstrip("/") + reverse("signatures:seal"),
    }, title=_("Grant agreement"))
    return seal_pdf(render_pdf(html))
