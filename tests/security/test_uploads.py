"""[2.2] 12. Uploads: PDFs with JavaScript, launch actions or embedded files, PDF/HTML polyglots and office files that
inflate past a limit are refused with a message beside the field (page) or a 400 (API); an optional clamd scan
(``CLAMD_SOCKET``) runs before a file is stored and fails closed."""

import io
import os
import socket
import struct
import tempfile
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from applications.errors import UploadRefused
from applications.uploads import check_upload
from portal.uploads import UploadProblem, inspect_upload
from tests.api.helpers import forced_client
from tests.applications.helpers import PDF_BYTES, docx_bytes, ngo_with_application

pytestmark = pytest.mark.django_db

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _pdf(action=None, *, attachment=False, root_extra=None):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if action is not None:
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("payload.exe", b"MZ" + b"\0" * 100)
    for key, value in (root_extra or {}).items():
        writer._root_object[NameObject(key)] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action(kind, **entries):
    return DictionaryObject({NameObject("/S"): NameObject(kind),
                             **{NameObject(k): TextStringObject(v) for k, v in entries.items()}})


JS_PDF = _pdf(_action("/JavaScript", **{"/JS": "app.alert('x');"}))
LAUNCH_PDF = _pdf(_action("/Launch", **{"/F": "cmd.exe"}))
EMBEDDED_PDF = _pdf(attachment=True)
# The name hidden behind #xx escapes (readers decode them): /J#61vaScript is /JavaScript.
ESCAPED_JS_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
                  b"2 0 obj << /S /J#61vaScript /J#53 (app.alert(1)) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
HTML_IN_PDF = b"%PDF-1.4\n% <html><body><script>alert(document.cookie)</script></body></html>\n" + PDF_BYTES[9:]
HTML_BEFORE_PDF = b"<html><script>alert(1)</script></html>\n" + PDF_BYTES


def _office(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _bomb(total_bytes):
    return _office({"word/document.xml": b"<w:document/>" + b" " * total_bytes})


@pytest.mark.parametrize(("data", "code"), [
    (JS_PDF, "pdf_active_content"),
    (LAUNCH_PDF, "pdf_active_content"),
    (EMBEDDED_PDF, "pdf_active_content"),
    (ESCAPED_JS_PDF, "pdf_active_content"),
    (HTML_IN_PDF, "pdf_polyglot"),
    (HTML_BEFORE_PDF, "pdf_polyglot"),
    (_bomb(30 * 1024 * 1024), "zip_too_large"),  # ~30 KB that inflate 1000-fold
])
def test_dangerous_files_are_refused_by_every_upload_path(data, code):
    """Before: each of these was stored (a PDF was any file starting with %PDF-, a DOCX any zip with word/).
    Now: refused, on the applications' path and on the shared one (competition documents, planning, councils)."""
    with pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile("bid.pdf", data))
    assert refused.value.code == code
    with pytest.raises(UploadProblem) as problem:
        inspect_upload(SimpleUploadedFile("terms.pdf", data), max_bytes=10 * 1024 * 1024)
    assert problem.value.code == code


def test_plain_files_still_pass():
    assert check_upload(SimpleUploadedFile("plain.pdf", _pdf())).kind.key == "pdf"
    assert check_upload(SimpleUploadedFile("tiny.pdf", PDF_BYTES)).kind.key == "pdf"
    assert check_upload(SimpleUploadedFile("plan.docx", docx_bytes())).kind.key == "docx"


def test_the_zip_limits_come_from_settings(settings):
    incompressible = _office({"word/document.xml": os.urandom(100_000).hex()})  # 200 KB, deflates about 2-fold
    assert check_upload(SimpleUploadedFile("a.docx", incompressible)).kind.key == "docx"
    settings.UPLOAD_ZIP_MAX_BYTES = 100_000
    with pytest.raises(UploadRefused, match="unpacks to more than"):
        check_upload(SimpleUploadedFile("a.docx", incompressible))
    settings.UPLOAD_ZIP_MAX_BYTES = 10**9
    compressible = _bomb(20_000)  # deflates some 50-fold: within the default ratio of 100
    assert check_upload(SimpleUploadedFile("b.docx", compressible)).kind.key == "docx"
    settings.UPLOAD_ZIP_MAX_RATIO = 10
    with pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile("b.docx", compressible))
    assert refused.value.code == "zip_too_large"


def test_the_page_shows_the_refusal_beside_the_file_field_and_the_api_answers_400():
    user, application = ngo_with_application()
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.post(reverse("applications:documents", kwargs={"pk": application.pk}),
                           {"prefix": "other", "other-document_type": "other",
                            "other-file": SimpleUploadedFile("bid.pdf", JS_PDF)})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_other-file_error"' in page and "contains scripts" in page
    api = forced_client(user).post(f"/api/v1/applications/{application.pk}/attachments/",
                                   {"document_type": "other", "file": SimpleUploadedFile("bid.pdf", LAUNCH_PDF)},
                                   format="multipart")
    assert api.status_code == 400
    assert api.json()["code"] == "pdf_active_content"
    assert [p["field"] for p in api.json()["problems"]] == ["file"]
    assert not application.attachments.exists()


# --- the virus-scan hook against a tiny fake clamd ------------------------------------------------------------------

class FakeClamd:
    """A unix-socket server speaking clamd's INSTREAM: FOUND for the EICAR string, OK otherwise."""

    def __init__(self, path):
        self.path, self.received = path, []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n):
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                assert self._read(conn, 10) == b"zINSTREAM\0"
                stream = b""
                while True:
                    (length,) = struct.unpack("!L", self._read(conn, 4))
                    if not length:
                        break
                    stream += self._read(conn, length)
                self.received.append(stream)
                reply = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in stream else b"stream: OK\0"
                conn.sendall(reply)

    def close(self):
        self.server.close()


@pytest.fixture
def clamd(settings):
    directory = tempfile.mkdtemp()
    path = os.path.join(directory, "clamd.sock")
    server = FakeClamd(path)
    settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT = path, 5
    yield server
    server.close()
    os.unlink(path)
    os.rmdir(directory)


def test_a_clean_file_is_streamed_to_clamd_before_it_is_stored(clamd):
    assert check_upload(SimpleUploadedFile("tiny.pdf", PDF_BYTES)).kind.key == "pdf"
    assert clamd.received == [PDF_BYTES]


def test_clamd_finding_refuses_the_file(clamd):
    infected = PDF_BYTES + b"%" + EICAR + b"\n"
    with pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile("infected.pdf", infected))
    assert refused.value.code == "virus_found"
    assert "Eicar-Test-Signature" in str(refused.value.message)


def test_an_unreachable_clamd_fails_closed(settings):
    """CLAMD_SOCKET set but nothing listening: the file is refused with a clear message, never stored unscanned."""
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    with pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile("tiny.pdf", PDF_BYTES))
    assert refused.value.code == "virus_scan_unavailable"
    assert "virus check is not available" in str(refused.value.message)


def test_without_clamd_socket_nothing_is_scanned(settings):
    settings.CLAMD_SOCKET = ""
    assert check_upload(SimpleUploadedFile("tiny.pdf", PDF_BYTES + EICAR)).kind.key == "pdf"
