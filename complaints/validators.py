"""Complaint photos: phone pictures only, checked by content, not by name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHOTO_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}
DEFAULT_PHOTO_MAX_MB = 5


def photo_max_bytes() -> int:
    return int(getattr(settings, "TEBU_COMPLAINT_PHOTO_MAX_MB", DEFAULT_PHOTO_MAX_MB)) * 1024 * 1024


def validate_photo(upload) -> str:
    """Check a complaint photo's type and size; return its content type."""
    name = str(getattr(upload, "name", "") or "")
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in PHOTO_SIGNATURES:
        raise ValidationError(_("Upload a photo as a JPG or PNG file."), code="photo_type")
    limit = photo_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The photo is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="photo_size",
        )
    if upload.size == 0:
        raise ValidationError(_("The photo is empty."), code="photo_empty")
    signature, content_type = PHOTO_SIGNATURES[extension]
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not head.startswith(signature):
        raise ValidationError(
            _("The file is not a real %(type)s picture.") % {"type": extension[1:].upper()},
            code="photo_content",
        )
    return content_type
