"""A small, generic content-type sniffer: an allow-list by magic bytes, never by the file name.

Any app may use it (portal imports no domain app): PDF, DOCX, XLSX, ODT, JPEG and PNG are recognised.
"""

import hashlib
import zipfile
from dataclasses import dataclass

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

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
        raise UploadProblem(_("This file is not an accepted type. Upload a PDF, DOCX, XLSX, ODT, JPEG or PNG "
                              "file; the content is checked, not the name."), code="file_type")
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
