"""A small, generic content-type sniffer: an allow-list by magic bytes, never by the file name.

Any app may use it (portal imports no domain app): PDF, DOCX, XLSX, ODT, JPEG and PNG are recognised.
"""

import hashlib
import zipfile

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
