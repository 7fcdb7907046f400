"""PDF rendering with WeasyPrint that can only read the app's own static files, and the two languages of a
document a body issues.

User text reaches the HTML through Django templates (autoescaped); the URL fetcher refuses every URL
that is not a file below a static directory, so a crafted ``<img src="http://…">`` or ``file:///etc``
in the HTML can never make the server fetch anything.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

FONT_CSS = """
@font-face {{ font-family: "Portal Sans"; src: url("{regular}"); font-weight: normal; }}
@font-face {{ font-family: "Portal Sans"; src: url("{bold}"); font-weight: bold; }}
"""


def _static_roots():
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class RefusedURL(ValueError):
    pass


def _check_allowed(url):
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return
    if parsed.scheme != "file":
        raise RefusedURL(f"refused non-local URL: {url[:80]}")
    path = Path(unquote(parsed.path)).resolve()
    if not any(path.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL(f"refused file outside static files: {path}")


def safe_url_fetcher():
    """A WeasyPrint URL fetcher (WeasyPrint >= 66 API) that reads only static files and data: URLs."""
    from weasyprint.urls import URLFetcher  # WeasyPrint loads Pango when imported: only renderers pay for it

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            _check_allowed(url)
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def static_file_url(relative):
    for root in _static_roots():
        candidate = root / relative
        if candidate.exists():
            return candidate.as_uri()
    raise FileNotFoundError(relative)


def font_css():
    """@font-face rules for DejaVu Sans (every Kazakh and Russian letter), embedded into the PDF."""
    return FONT_CSS.format(regular=static_file_url("fonts/DejaVuSans.ttf"),
                           bold=static_file_url("fonts/DejaVuSans-Bold.ttf"))


def render_pdf(html: str) -> bytes:
    """HTML (already escaped by the template) -> PDF bytes. Use ``font-family: "Portal Sans"`` in CSS."""
    from weasyprint import HTML  # WeasyPrint loads Pango when imported: only renderers pay for it

    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=safe_url_fetcher()).write_pdf()


# Every PDF a body (or the portal) issues carries Kazakh and Russian, Kazakh first, in ONE file: one sha256, one
# seal. A stored row that names the language of its file stores BILINGUAL; rows made before keep "kk" or "ru".
PDF_LANGUAGES = ("kk", "ru")
BILINGUAL = "kk+ru"
HALF_LABELS = {"kk": "Қазақ тілінде", "ru": "На русском языке"}  # each in its own language: never translated


def bilingual_choices():
    """The choices of a ``language`` field of a stored PDF: the portal's languages and both at once."""
    return [*settings.LANGUAGES, (BILINGUAL, "Қазақша + Русский")]


def render_halves(template, context):
    """``template`` rendered once per language (Kazakh first), each with that language active so that its
    texts, numbers and dates are that language's: ``[{"language", "label", "html"}]``."""
    halves = []
    for language in PDF_LANGUAGES:
        with translation.override(language):
            html = render_to_string(template, {**context, "language": language})
        halves.append({"language": language, "label": HALF_LABELS[language], "html": mark_safe(html)})  # noqa: S308 - rendered by an autoescaping template
    return halves


def render_bilingual(wrapper, half_template, context, *, title, columns=False):
    """HTML of one document with its Kazakh and Russian halves (``wrapper`` extends ``pdf/bilingual.html``):
    one after the other, each from a fresh page under a running header naming its language, or (``columns``, for
    a one-page document) side by side, Kazakh on the left. ``title`` is a lazy text, shown in both languages."""
    titles = []
    for language in PDF_LANGUAGES:
        with translation.override(language):
            titles.append(str(title))
    with translation.override(PDF_LANGUAGES[0]):
        return render_to_string(wrapper, {**context, "halves": render_halves(half_template, context),
                                          "title": " / ".join(titles), "font_css": font_css(),
                                          "half_labels": HALF_LABELS, "columns": columns})
