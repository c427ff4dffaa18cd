"""How a text fits into SMS: GSM-7 or UCS-2, how many parts, and cutting it to a number of parts.

Pure functions, no Django: the SMS backend, the inbound command answers and their tests share them.

An SMS carries 140 bytes: 160 characters of the GSM 03.38 7-bit alphabet (a character of its
extension table takes two, an escape and the character) or 70 UCS-2 code units when any character
is outside it. A message split in parts loses 6 bytes a part to the concatenation header (UDH):
153 septets or 67 code units a part. One "–" typed by a clerk would otherwise turn a whole message
into UCS-2 and halve its room, so the characters Indonesian text commonly brings from word
processors are replaced by their plain equivalents first.
"""

from __future__ import annotations

from dataclasses import dataclass

# GSM 03.38 basic character set (the escape 0x1B excluded: it only introduces the extension table).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each is sent as escape + character, two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE_GSM7 = 160
PART_GSM7 = 153
SINGLE_UCS2 = 70
PART_UCS2 = 67

GSM7 = "gsm7"
UCS2 = "ucs2"

# Characters that would force UCS-2 though a plain one says the same.
REPLACEMENTS = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2012": "-",  # figure dash
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u00b7": "-",  # middle dot, used as a separator
    "\u2022": "-",  # bullet
    "\u00a0": " ",  # non-breaking space
    "\u202f": " ",  # narrow non-breaking space
    "\u2009": " ",  # thin space
    "\t": " ",
    "\u00b4": "'",
    "`": "'",
}


def normalise(text: str) -> str:
    return "".join(REPLACEMENTS.get(char, char) for char in text)


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _width(char: str, encoding: str) -> int:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) one character takes."""
    if encoding == GSM7:
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def length(text: str, encoding: str) -> int:
    return sum(_width(char, encoding) for char in text)


@dataclass(frozen=True)
class SmsSplit:
    encoding: str  # GSM7 or UCS2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text
    parts: tuple[str, ...]


def _cut(text: str, encoding: str, room: int) -> list[str]:
    """Parts of at most ``room`` units; never splits an extension character or a surrogate pair
    across two parts (a phone would show garbage)."""
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        width = _width(char, encoding)
        if used + width > room:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += width
    if current:
        parts.append("".join(current))
    return parts


def split(text: str) -> SmsSplit:
    """The text (normalised) as the parts a phone network carries."""
    text = normalise(text)
    encoding = GSM7 if is_gsm7(text) else UCS2
    units = length(text, encoding)
    single, part = (SINGLE_GSM7, PART_GSM7) if encoding == GSM7 else (SINGLE_UCS2, PART_UCS2)
    if units <= single:
        return SmsSplit(encoding, units, (text,) if text else ())
    return SmsSplit(encoding, units, tuple(_cut(text, encoding, part)))


ELLIPSIS = "..."


def fit(text: str, max_parts: int = 2) -> str:
    """The text normalised and, if it needs more than ``max_parts`` SMS, cut to fit them with
    "..." at the end so the reader knows there was more."""
    text = normalise(text)
    if len(split(text).parts) <= max_parts:
        return text
    encoding = GSM7 if is_gsm7(text) else UCS2
    part = PART_GSM7 if encoding == GSM7 else PART_UCS2
    room = (part if max_parts > 1 else (SINGLE_GSM7 if encoding == GSM7 else SINGLE_UCS2)) * max(
        max_parts, 1
    ) - len(ELLIPSIS)
    kept = _cut(text, encoding, room)[0].rstrip()
    return kept + ELLIPSIS
