"""Attachment checks: an allow-list by content (magic bytes), size limits, safe display names, SHA-256.

The extension a user gives a file never decides anything: a program renamed ``.pdf`` is refused, a real PDF
named ``.exe`` is accepted and offered for download with the extension of what it really is.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.uploads import claims_pdf_elsewhere, content_problem, pdf_problem, sha256_of, sniff_content_type

from .errors import UploadRefused


@dataclass(frozen=True)
class FileKind:
    key: str
    content_type: str
    extensions: tuple


PDF = FileKind("pdf", "application/pdf", (".pdf",))
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", (".odt",))
JPEG = FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("png", "image/png", (".png",))
ALLOWED_KINDS = (PDF, DOCX, XLSX, ODT, JPEG, PNG)
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, JPEG, PNG"

MAX_NAME_LENGTH = 120
_UNSAFE_CHARS = re.compile(r'[<>:"|?*\\/]')
_KINDS_BY_CONTENT_TYPE = {kind.content_type: kind for kind in ALLOWED_KINDS}


def _refuse_type():
    return UploadRefused(_("This file is not an accepted type. Attach a PDF, Word (DOCX), Excel (XLSX), "
                           "OpenDocument text (ODT), JPEG or PNG file; the content is checked, not the name."),
                         code="file_type")


def detect_kind(uploaded):
    """The FileKind of an uploaded file by its content (magic bytes), or None when it is not on the allow-list."""
    return _KINDS_BY_CONTENT_TYPE.get(sniff_content_type(uploaded))


def safe_display_name(name, kind=None):
    """A file name safe to show and to offer for download: no path, no control characters, sane length."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]  # drop any path components ("../../etc/passwd" -> "passwd")
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension = name, ""
    suffix = f".{extension.lower()}" if extension else ""
    if kind is not None and suffix not in kind.extensions:
        stem, suffix = name, kind.extensions[0]  # "report.exe" holding a PDF -> "report.exe.pdf"
    stem = stem[: MAX_NAME_LENGTH - len(suffix)].strip() or "document"
    return f"{stem}{suffix}"


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    display_name: str
    size: int
    sha256: str


def check_upload(uploaded, *, used_bytes=0):
    """Check one uploaded file against the allow-list and the limits; return what to store or raise UploadRefused.

    ``used_bytes`` is what the application's other attachments already take.
    """
    size = uploaded.size if getattr(uploaded, "size", None) is not None else len(uploaded.read())
    if size == 0:
        raise UploadRefused(_("The file is empty. Choose the file again."), code="file_empty")
    per_file = settings.UPLOAD_MAX_FILE_BYTES
    if size > per_file:
        raise UploadRefused(_("The file is %(size)s; a file may be at most %(limit)s.")
                            % {"size": filesizeformat(size), "limit": filesizeformat(per_file)}, code="file_too_large")
    per_application = settings.UPLOAD_MAX_APPLICATION_BYTES
    if used_bytes + size > per_application:
        raise UploadRefused(_("All documents of an application may take at most %(limit)s; %(used)s are used, "
                              "this file needs %(size)s. Remove a document or attach a smaller file.")
                            % {"limit": filesizeformat(per_application), "used": filesizeformat(used_bytes),
                               "size": filesizeformat(size)}, code="application_too_large")
    kind = detect_kind(uploaded)
    if kind is None:
        if claims_pdf_elsewhere(uploaded):
            problem = pdf_problem(b"")
            raise UploadRefused(problem.message, code=problem.code)
        raise _refuse_type()
    problem = content_problem(uploaded, kind.content_type, size=size)
    if problem is not None:
        raise UploadRefused(problem.message, code=problem.code)
    return CheckedUpload(kind=kind, display_name=safe_display_name(getattr(uploaded, "name", ""), kind),
                         size=size, sha256=sha256_of(uploaded))


def as_file(data: bytes, name: str):
    """A Django UploadedFile from bytes (tests, demo data)."""
    return SimpleUploadedFile(name, data)


__all__ = ["ALLOWED_KINDS", "ALLOWED_LABEL", "CheckedUpload", "FileKind", "as_file", "check_upload", "detect_kind",
           "safe_display_name", "sha256_of"]
