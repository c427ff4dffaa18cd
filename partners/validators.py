"""Identity and contact numbers the way Indonesian records write them (domain.md section 3), and
the other values staff type that must be checked where they are typed."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-()/]")
# After the country code an Indonesian number has 8 to 12 digits and never starts with 0
# (mobile numbers start with 8; landlines with an area code such as 331 for Jember).
_NATIONAL_NUMBER = re.compile(r"^[1-9]\d{7,11}$")


def normalize_nik(value: str) -> str:
    """KTP numbers are often written in groups ('3509 1201 0101 0001'); store the 16 digits."""
    nik = _SEPARATORS.sub("", str(value or ""))
    if not re.fullmatch(r"\d{16}", nik):
        raise ValidationError(_("NIK must be exactly 16 digits."), code="nik")
    return nik


def normalize_phone(value: str) -> str:
    """'0812-3456-7890', '62 812 3456 7890' and '+6281234567890' all become '+6281234567890'.

    An empty value stays empty (the phone is optional).
    """
    raw = str(value or "").strip()
    if not raw:
        return ""
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValidationError(_("Only Indonesian phone numbers (+62) are accepted."))
        national = digits[2:]
    elif digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if not national.isdigit() or not _NATIONAL_NUMBER.match(national):
        raise ValidationError(
            _("Enter a phone number like 0812 3456 7890 or +62 812 3456 7890."), code="phone"
        )
    return f"+62{national}"


# A farmer's age and years of farming in a human range (issue 13): a birth date in 2099 or a
# "farming since" year of 99999 is a typing slip, refused where it is typed, not stored.
YOUNGEST_FARMER_AGE = 15
OLDEST_FARMER_AGE = 110
FIRST_FARMING_YEAR = 1900
EARLIEST_BIRTH_DATE = date(1900, 1, 1)  # the static bound kept by the database too
# Nobody farms cane on their own account before about ten years old.
FARMING_FROM_AGE = 10


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def validate_birth_date(value: date) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The birth date cannot be in the future."), code="birth_future")
    age = age_on(value, today)
    if not YOUNGEST_FARMER_AGE <= age <= OLDEST_FARMER_AGE:
        raise ValidationError(
            _(
                "Check the birth date: it makes the farmer %(age)s years old; a farmer is "
                "%(youngest)s to %(oldest)s years old."
            ),
            code="birth_range",
            params={"age": age, "youngest": YOUNGEST_FARMER_AGE, "oldest": OLDEST_FARMER_AGE},
        )


def current_year() -> int:
    return timezone.localdate().year


# Django's own Min/MaxValueValidator: their bounds replace the database's 0..32767 for the column
# (one message, not two), a form and the API show them, and the API schema reads them.
FARMING_SINCE_YEAR_VALIDATORS = [
    MinValueValidator(
        FIRST_FARMING_YEAR,
        message=_("The year farming began cannot be before %(limit_value)s."),
    ),
    MaxValueValidator(
        current_year,
        message=_("The year farming began cannot be after this year (%(limit_value)s)."),
    ),
]


# Scans and phone photos of KTP, KK and certificates. Magic numbers, not the name, decide.
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
DEFAULT_DOCUMENT_MAX_MB = 5


def document_max_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "TEBU_DOCUMENT_MAX_MB", DEFAULT_DOCUMENT_MAX_MB)) * 1024 * 1024


def validate_document_file(upload) -> str:
    """Check an uploaded document's size and type; return its lower-case extension."""
    name = str(getattr(upload, "name", "") or "")
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            _("Upload a PDF, JPG or PNG file."), code="document_type", params={"name": name}
        )
    limit = document_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="document_size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="document_empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("The file content is not a real %(type)s file.") % {"type": extension[1:].upper()},
            code="document_content",
        )
    return extension


# A mill's base-map tile server (issue 14), written the way Leaflet reads it:
# https://tiles.example.id/{z}/{x}/{y}.png. {s} picks a subdomain, {r} adds "@2x" on sharp
# screens and {-y} counts rows from the south (TMS servers); any other {name} would stop Leaflet.
_TILE_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TILE_SAMPLE_VALUES = {"s": "a", "z": "1", "x": "1", "y": "1", "-y": "1", "r": ""}
# Plain http only for a tile server on the same machine: anywhere else a page served over https
# would refuse to mix it in, and the farmer's location would travel in the clear.
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def validate_tile_url_template(value: str) -> None:
    template = str(value or "").strip()
    if not template:
        return
    names = _TILE_PLACEHOLDER.findall(template)
    unknown = sorted({name for name in names if name not in _TILE_SAMPLE_VALUES})
    if unknown:
        raise ValidationError(
            _("The tile address has an unknown placeholder {%(name)s}; use {z}, {x} and {y}."),
            code="tile_placeholder",
            params={"name": unknown[0]},
        )
    if "z" not in names or "x" not in names or not {"y", "-y"} & set(names):
        raise ValidationError(
            _("The tile address must contain {z}, {x} and {y}, e.g. %(example)s."),
            code="tile_placeholders_missing",
            params={"example": "https://tiles.example.id/{z}/{x}/{y}.png"},
        )
    sample = _TILE_PLACEHOLDER.sub(lambda m: _TILE_SAMPLE_VALUES[m.group(1)], template)
    try:
        URLValidator(schemes=["http", "https"])(sample)
    except ValidationError:
        raise ValidationError(
            _("Enter a web address for the tile server, e.g. %(example)s."),
            code="tile_url",
            params={"example": "https://tiles.example.id/{z}/{x}/{y}.png"},
        ) from None
    parts = urlsplit(sample)
    if parts.scheme != "https" and parts.hostname not in _LOCAL_HOSTS:
        raise ValidationError(
            _(
                "The tile address must start with https://; http:// is allowed only for "
                "localhost or 127.0.0.1."
            ),
            code="tile_url_https",
        )
