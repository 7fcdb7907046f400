"""Checks shared by the tests of every PDF a body issues: ONE sealed file, Kazakh first, then Russian."""

import io
import os
import re
from dataclasses import dataclass

from pypdf import PdfReader

from portal.signatures.seal import check_seal

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")  # letters Russian does not have


@dataclass
class Halves:
    pages: list  # the text of each page
    text: str

    def page_of(self, needle):
        """The index of the first page whose text has ``needle`` (None when no page has it)."""
        squeezed = re.sub(r"\s+", "", needle)
        return next((i for i, page in enumerate(self.pages) if squeezed in re.sub(r"\s+", "", page)), None)


def bilingual(pdf_bytes, *, kk, ru, columns=False, name="document"):
    """Assert that ``pdf_bytes`` is a sealed PDF carrying ``kk`` (a Kazakh text) before ``ru`` (a Russian one),
    with Kazakh-only letters; the halves start on different pages unless the document is laid out in columns.
    With ``BILINGUAL_PDF_DIR`` set, the PDF is also written there as ``<name>.pdf`` (to look at it)."""
    if os.environ.get("BILINGUAL_PDF_DIR"):
        with open(os.path.join(os.environ["BILINGUAL_PDF_DIR"], f"{name}.pdf"), "wb") as out:
            out.write(pdf_bytes)
    check = check_seal(pdf_bytes)
    assert (check.sealed, check.intact, check.ours) == (True, True, True), check
    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = [page.extract_text() for page in reader.pages]
    halves = Halves(pages=pages, text="\n".join(pages))
    assert KAZAKH_ONLY & set(halves.text), "no Kazakh-only letter in the PDF"
    kk_page, ru_page = halves.page_of(kk), halves.page_of(ru)
    assert kk_page is not None, f"Kazakh {kk!r} missing in {pages[:2]}"
    assert ru_page is not None, f"Russian {ru!r} missing in {pages[-2:]}"
    if columns:
        assert kk_page == ru_page == 0
        flat = re.sub(r"\s+", "", halves.text)
        assert flat.index(re.sub(r"\s+", "", kk)) < flat.index(re.sub(r"\s+", "", ru))
    else:
        assert kk_page < ru_page, (kk_page, ru_page)
        assert "Қазақ тілінде" in pages[0] and "На русском языке" in pages[ru_page]
    return halves
