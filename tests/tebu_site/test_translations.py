"""Indonesian first: every message we wrote has an Indonesian translation, compiled."""

from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def read_po_entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry; a small reader so the test needs no gettext."""
    entries, msgid, msgstr, fuzzy, target = [], None, None, False, None

    def flush():
        if msgid is not None:
            entries.append((msgid, msgstr or "", fuzzy))

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            msgid, msgstr, fuzzy, target = None, None, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            msgid, target = line[7:-1], "id"
        elif line.startswith("msgid_plural"):
            target = "plural"
        elif line.startswith("msgstr"):
            text = line.split(" ", 1)[1][1:-1]
            msgstr = text if msgstr is None else msgstr
            target = "str"
        elif line.startswith('"'):
            if target == "id":
                msgid += line[1:-1]
            elif target == "str" and msgstr is not None:
                msgstr += line[1:-1]
    return [entry for entry in entries if entry[0]]


def test_every_message_has_an_indonesian_translation():
    entries = read_po_entries(PO_FILE)
    assert len(entries) > 50
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == []


def test_compiled_catalogue_is_used():
    assert (PO_FILE.with_suffix(".mo")).exists()
    with translation.override("id"):
        assert translation.gettext("Log in") == "Masuk"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


@pytest.mark.parametrize("language", ["id", "en"])
def test_time_zone_is_jakarta(settings, language):
    assert settings.TIME_ZONE == "Asia/Jakarta"


def test_one_english_word_with_two_meanings_gets_two_translations():
    """Issue 14: 'Open' as a notice link is an action, as a status a state; 'Asked' on the credit
    page is the amount applied for, on a survey round the farmers asked."""
    with translation.override("id"):
        assert translation.pgettext("action: open the linked page", "Open") == "Buka"
        assert translation.gettext("Open") == "Dibuka"
        assert translation.pgettext("loan amount the farmer applied for", "Asked") == "Diajukan"
        assert translation.pgettext("survey: farmers asked to answer", "Asked") == "Yang ditanyai"
        assert translation.gettext("Weighted average total (WAT)") == (
            "Total rata-rata tertimbang (WAT)"
        )
