"""Uploaded documents are checked by what they contain, and every file is sent as a download.

An editor's upload lands on the municipality's own origin: an HTML or SVG file served inline
would run its scripts for every visitor and for the admin (stored XSS). So documents are limited
to what municipalities publish, each recognised by its content (magic bytes; office files by their
inner zip or OLE structure), never by its name; and media and documents go out with ``nosniff``,
a sandboxing CSP and ``Content-Disposition: attachment`` unless they are a verified raster image.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from platform_core.csp import RASTER_TYPES, raster_image_type

# Only the first 2 MB of a CSV/TXT upload are checked (it is served as a download in any case).
TEXT_CHECK_BYTES = 2 * 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# What municipalities publish (settings.WAGTAILDOCS_EXTENSIONS), each with a check below.
DOCUMENT_EXTENSIONS = list(settings.WAGTAILDOCS_EXTENSIONS)


def _is_plain_text(data: bytes) -> bool:
    """UTF-8 (or Windows-1252) text without control characters and not starting as markup."""
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A cut in the middle of a multi-byte character at the end of the sample is fine.
        if len(data) == TEXT_CHECK_BYTES and error.start >= len(data) - 3:
            text = data[: error.start].decode("utf-8-sig")
        else:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                return False
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return False
    # Markup is not a text document; a browser that ignored the headers might render it.
    return not text.lstrip().startswith("<")


def _zip_names(file) -> tuple[list[str], bytes] | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            return names, mimetype
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, ValueError):
        return None


def content_matches_extension(file, extension: str) -> bool:
    """True if the file's content is of the type its extension names (``file`` is seekable)."""
    extension = extension.lower()
    file.seek(0)
    head = file.read(262)
    file.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg", "png", "gif", "webp"):
        wanted = RASTER_TYPES["jpg" if extension == "jpeg" else extension]
        if raster_image_type(head) != wanted:
            return False
        from PIL import Image

        try:
            with Image.open(file) as image:
                image.verify()
        except Exception:  # noqa: BLE001 - Pillow raises many types for broken images
            return False
        finally:
            file.seek(0)
        return True
    if extension in ("doc", "xls", "ppt"):
        return head.startswith(OLE2_MAGIC)
    if extension in OOXML_PARTS or extension in ODF_MIMETYPES:
        if not head.startswith(b"PK\x03\x04"):
            return False
        found = _zip_names(file)
        file.seek(0)
        if found is None:
            return False
        names, mimetype = found
        if extension in OOXML_PARTS:
            return "[Content_Types].xml" in names and OOXML_PARTS[extension] in names
        return mimetype.strip() == ODF_MIMETYPES[extension]
    if extension in ("csv", "txt"):
        data = file.read(TEXT_CHECK_BYTES)
        file.seek(0)
        return _is_plain_text(data)
    return False


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) that refuses what is not a document."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is None or "file" not in self.changed_data:
            return file
        extension = Path(file.name or "").suffix.lstrip(".").lower()
        if extension not in DOCUMENT_EXTENSIONS:
            raise forms.ValidationError(
                _("Files of type “%(extension)s” cannot be uploaded. Allowed are: %(allowed)s.")
                % {"extension": extension or "?", "allowed": ", ".join(DOCUMENT_EXTENSIONS)},
                code="extension",
            )
        if not content_matches_extension(file, extension):
            raise forms.ValidationError(
                _("The content of this file is not a valid “%(extension)s” document. Please upload the original file.")
                % {"extension": extension},
                code="content",
            )
        return file
