"""A small, generic content-type sniffer: an allow-list by magic bytes, never by the file name.

Any app may use it (portal imports no domain app): PDF, DOCX, XLSX, ODT, JPEG and PNG are recognised.
"""

import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .clamd import ScannerUnavailable, scan_stream

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"
ALLOWED_CONTENT_TYPES = (PDF, DOCX, XLSX, ODT, JPEG, PNG)
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt", JPEG: ".jpg", PNG: ".png"}


def _zip_content_type(fileobj):
    try:
        archive = zipfile.ZipFile(fileobj)
        names = archive.namelist()
        if "mimetype" in names and archive.getinfo("mimetype").file_size <= 200:
            if archive.read("mimetype").strip() == ODT.encode():
                return ODT
        if any(name.startswith("word/") for name in names):
            return DOCX
        if any(name.startswith("xl/") for name in names):
            return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError):
        return None
    return None


def sniff_content_type(fileobj):
    """The content type of an open (binary, seekable) file by its content, or None if not on the allow-list."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    content_type = None
    if head.startswith(b"%PDF-"):
        content_type = PDF
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = PNG
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_content_type(getattr(fileobj, "file", fileobj))
    fileobj.seek(0)
    return content_type


def sha256_of(fileobj):
    digest = hashlib.sha256()
    fileobj.seek(0)
    chunks = fileobj.chunks() if hasattr(fileobj, "chunks") else iter(lambda: fileobj.read(65536), b"")
    for chunk in chunks:
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


# --- What the content may not hide: active PDFs, polyglots, zip bombs, viruses ---------------------------------------

# PDF names that run code, start programs or carry files (the values of /S, or keys): refused wherever they occur.
ACTIVE_PDF_NAMES = frozenset({"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/GoToE",
                              "/RichMedia", "/XFA"})
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
# Markers of HTML or script in a file that claims to be a PDF: a browser sniffing it would run it.
_HTML_MARKERS = re.compile(rb"<\s*(?:!doctype\s+html|(?:html|head|body|script|iframe|svg|object|embed|meta)\b|img\s)"
                           rb"|javascript:")  # matched against the lower-cased bytes (3x faster than re.I)
_PDF_HEADER = b"%PDF-"
_OBJECT_LIMIT = 200_000


def _decoded_name(raw):
    """A PDF name with its #xx escapes decoded (``/J#61vaScript`` is ``/JavaScript``)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def _active_names_in_objects(data):
    """Active names found by walking every object pypdf reaches from the trailer (object streams included)."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pending, seen, found = [reader.trailer], set(), set()
        while pending and len(seen) < _OBJECT_LIMIT:
            item = pending.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            if isinstance(item, NameObject) and item in ACTIVE_PDF_NAMES:
                found.add(str(item))
            elif isinstance(item, DictionaryObject):
                found.update(str(k) for k in item if k in ACTIVE_PDF_NAMES)
                pending.extend(item.values())
            elif isinstance(item, ArrayObject):
                pending.extend(item)
        return found
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError,
            NotImplementedError):
        return set()  # not parseable: the byte scan below still applies


def pdf_problem(data):
    """Why a PDF (its bytes) may not be stored, or None: active content, or an HTML/PDF polyglot."""
    if not data.startswith(_PDF_HEADER):
        return UploadProblem(_("This PDF does not start with a PDF header: it may hide another kind of file. "
                               "Save it again as a PDF and upload it."), code="pdf_polyglot")
    if _HTML_MARKERS.search(data.lower()):
        return UploadProblem(_("This PDF also contains web page (HTML or script) code. Save it again as a plain PDF "
                               "(for example, print it to PDF) and upload it."), code="pdf_polyglot")
    found = {_decoded_name(raw) for raw in _PDF_NAME.findall(data)} & ACTIVE_PDF_NAMES
    found |= _active_names_in_objects(data)
    if found:
        return UploadProblem(_("This PDF contains scripts, actions that start programs, or embedded files, which "
                               "are not accepted. Save it again as a plain PDF (for example, print it to PDF) and "
                               "upload it."), code="pdf_active_content")
    return None


def zip_problem(fileobj, *, size):
    """Why a zip-based office file may not be stored, or None: it inflates past the size or ratio limit.

    Members are really decompressed (sizes declared in a zip may lie), stopping as soon as a limit is passed."""
    limit = min(settings.UPLOAD_ZIP_MAX_BYTES, settings.UPLOAD_ZIP_MAX_RATIO * max(size, 1))
    total = 0
    try:
        with zipfile.ZipFile(fileobj) as archive:
            for info in archive.infolist():
                with archive.open(info) as member:
                    for chunk in iter(lambda m=member: m.read(65536), b""):
                        total += len(chunk)
                        if total > limit:
                            raise OverflowError
    except OverflowError:
        return UploadProblem(_("This file unpacks to more than %(limit)s MB or more than %(ratio)s times its own "
                               "size, which is not accepted. Save it again without embedded media and upload it.")
                             % {"limit": settings.UPLOAD_ZIP_MAX_BYTES // (1024 * 1024),
                                "ratio": settings.UPLOAD_ZIP_MAX_RATIO}, code="zip_too_large")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        return UploadProblem(_("This office file is damaged and cannot be opened. Save it again and upload it."),
                             code="file_damaged")
    finally:
        fileobj.seek(0)
    return None


def virus_problem(fileobj):
    """Why clamd refuses the file, or None; nothing is scanned unless ``CLAMD_SOCKET`` is set (fail closed)."""
    if not settings.CLAMD_SOCKET:
        return None
    try:
        verdict = scan_stream(fileobj, socket_path=settings.CLAMD_SOCKET, timeout=settings.CLAMD_TIMEOUT)
    except ScannerUnavailable as error:
        logger.error("virus scanner unavailable: %s", error)
        return UploadProblem(_("The virus check is not available at the moment, so the file was not accepted. "
                               "Try again in a few minutes."), code="virus_scan_unavailable")
    if not verdict.clean:
        logger.warning("upload refused by the virus scanner: %s", verdict.signature)
        return UploadProblem(_("The virus check found malicious content in this file (%(signature)s). It was not "
                               "accepted.") % {"signature": verdict.signature}, code="virus_found")
    return None


def content_problem(fileobj, content_type, *, size=None):
    """Why an allowed-type file may still not be stored (first found), or None. Every upload path calls this
    after ``sniff_content_type`` and before storing."""
    raw = getattr(fileobj, "file", fileobj)
    if content_type == PDF:
        fileobj.seek(0)
        data = fileobj.read()
        fileobj.seek(0)
        problem = pdf_problem(data)
    elif content_type in (DOCX, XLSX, ODT):
        problem = zip_problem(raw, size=size if size is not None else getattr(fileobj, "size", 0) or 0)
    else:
        problem = None
    return problem or virus_problem(fileobj)


def claims_pdf_elsewhere(fileobj):
    """A file with a PDF header that is not at offset 0 (PDF readers accept it within the first KB; whatever comes
    before it is another format, typically HTML that a browser would run)."""
    fileobj.seek(0)
    head = fileobj.read(1024)
    fileobj.seek(0)
    return not head.startswith(_PDF_HEADER) and _PDF_HEADER in head


# --- Checked uploads and permission-checked downloads, shared by the apps that keep public documents ------------

class UploadProblem(ValueError):
    """An upload refused by ``inspect_upload``; ``message`` is safe to show beside the file field."""

    def __init__(self, message, *, code):
        super().__init__(str(message))
        self.message, self.code = message, code


@dataclass(frozen=True)
class InspectedUpload:
    content_type: str
    name: str
    size: int
    sha256: str


def inspect_upload(upload, *, max_bytes):
    """Size, allow-list by content and a safe display name of an uploaded file, or ``UploadProblem``."""
    size = upload.size or 0
    if not size:
        raise UploadProblem(_("The file is empty. Choose the file again."), code="file_empty")
    if size > max_bytes:
        raise UploadProblem(_("The file is too large: a file may be at most %(limit)s MB.")
                            % {"limit": max_bytes // (1024 * 1024)}, code="file_too_large")
    content_type = sniff_content_type(upload)
    if content_type is None:
        if claims_pdf_elsewhere(upload):
            raise pdf_problem(b"")
        raise UploadProblem(_("This file is not an accepted type. Upload a PDF, DOCX, XLSX, ODT, JPEG or PNG "
                              "file; the content is checked, not the name."), code="file_type")
    problem = content_problem(upload, content_type, size=size)
    if problem is not None:
        raise problem
    name = "".join(ch for ch in (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1]
                   if ch.isprintable()).strip(". ")[:200] or "document"
    if not name.lower().endswith(EXTENSIONS[content_type]):
        name += EXTENSIONS[content_type]
    return InspectedUpload(content_type=content_type, name=name, size=size, sha256=sha256_of(upload))


def download_response(fieldfile, *, filename, content_type):
    """Stream a stored file as an attachment; the caller has already checked who may read it."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
