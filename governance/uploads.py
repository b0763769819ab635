"""Uploaded documents (signed agreements, annexes, committee papers): what is accepted and how it is
checked. The type is read from the file's content, never trusted from its name or the browser.

The file is stored under a random name the model's ``upload_to`` makes, so nothing a person types reaches
the file system. The name it was uploaded with is kept only to show and to download it under, cleaned of
folders and control characters (a name is sent back in a Content-Disposition header) and made to end in the
extension of what the file really is, so a PDF uploaded as ``evil.exe`` downloads as ``evil.exe.pdf``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from governance.models import User
from governance.models.documents import UploadedDocument

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ACCEPTED = {PDF: "PDF", DOCX: "Word document", ODT: "OpenDocument text"}
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt"}


def sniff(head: bytes, upload: UploadedFile) -> str | None:
    """The document type the bytes really are, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return DOCX
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(upload: UploadedFile) -> str:
    """Refuse a file that is too large or not a PDF, Word or OpenDocument text; return its type."""
    limit = settings.MAX_UPLOAD_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError({"file": f"The file must be smaller than {limit // (1024 * 1024)} MB"})
    if not upload.size:
        raise ValidationError({"file": "The selected file is empty"})
    upload.seek(0)
    head = upload.read(8)
    content_type = sniff(head, upload)
    upload.seek(0)
    if content_type is None:
        raise ValidationError({"file": "The selected file must be a PDF, Word document or OpenDocument text"})
    return content_type


def display_name(uploaded_as: str | None, content_type: str) -> str:
    """The name a document is listed and downloaded under: the last part of the name it was uploaded with,
    without control or formatting characters (such as a right-to-left override that disguises an
    extension), ending in the extension of its real type, and short enough for the record."""
    extension = EXTENSIONS[content_type]
    name = re.split(r"[/\\]", uploaded_as or "")[-1]
    name = "".join(character for character in name if unicodedata.category(character)[0] != "C")
    name = " ".join(name.split())
    stem = name[: -len(extension)] if name.lower().endswith(extension) else name
    # No leading dot (a hidden file once saved) and no trailing dot or space (which Windows drops).
    stem = stem.strip(" .") or "document"
    limit = UploadedDocument._meta.get_field("name").max_length or 200
    return stem[: limit - len(extension)].rstrip(" .") + extension


def store(document: UploadedDocument, upload: UploadedFile, actor: User) -> UploadedDocument:
    """Check ``upload`` and keep it on ``document`` (an unsaved record of what it belongs to)."""
    from governance.services.common import save_with_history

    document.content_type = check_upload(upload)
    document.name = display_name(upload.name, document.content_type)
    document.size = upload.size or 0
    document.uploaded_by = actor
    # upload_to ignores the name given here and makes a random one.
    document.file.save(document.name, upload, save=False)
    save_with_history(document, actor)
    return document
