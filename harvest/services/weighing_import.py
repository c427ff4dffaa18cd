"""The weighbridge software's CSV, imported all or nothing: every row is checked first and the
answer names each bad row; a file sent twice changes nothing (the same weighing is recognised).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harvest.models import (
    Spta,
    SptaStatus,
    Weighing,
    WeighingSource,
)
from harvest.permissions import HarvestAction, require
from harvest.services.weighbridge import (
    record_weighing,
    weighing_errors,
)
from partners.models import (
    Mill,
)
from tebu_site.access import scope_for

# --- weighbridge CSV import -------------------------------------------------------------------

CSV_COLUMNS = (
    "spta_number",
    "gross_kg",
    "tare_kg",
    "trash_percent",
    "cut_at",
    "arrived_at",
    "weighed_at",
)
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


@dataclass
class ImportRow:
    line: int
    spta_number: str
    outcome: str  # "created", "unchanged" or "error"
    messages: list[str] = field(default_factory=list)


@dataclass
class WeighingImport:
    """What an import did: all rows saved, or none (``ok`` False) with each row's messages."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(row.outcome != "error" for row in self.rows)

    @property
    def created(self) -> int:
        return sum(row.outcome == "created" for row in self.rows) if self.ok else 0

    @property
    def unchanged(self) -> int:
        return sum(row.outcome == "unchanged" for row in self.rows)

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.outcome == "error"]


def _parse_decimal(text: str) -> Decimal | None:
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _parse_datetime(text: str) -> datetime | None:
    text = (text or "").strip()
    for pattern in DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text, pattern))
        except ValueError:
            continue
    return None


def _same_weighing(weighing: Weighing, gross, tare, trash) -> bool:
    return (weighing.gross_kg, weighing.tare_kg, weighing.trash_percent) == (gross, tare, trash)


def import_weighings_csv(*, by, mill: Mill, text: str) -> WeighingImport:
    """Weighings exported by the weighbridge software, one row per truck: all rows are saved or
    none. A row whose SPTA already carries the same weighing is skipped, so importing the same
    file twice changes nothing; a different weighing for a used SPTA is an error.

    Columns: spta_number, gross_kg, tare_kg, trash_percent, cut_at, arrived_at, weighed_at
    (times as YYYY-MM-DD HH:MM in WIB).
    """
    require(by, HarvestAction.WEIGH)
    result = WeighingImport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in CSV_COLUMNS if column not in header]
    if missing:
        result.file_errors.append(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return result
    visible = scope_for(by, Spta.objects.filter(mill=mill)).select_related("mill", "plot")
    parsed: list[tuple[ImportRow, Spta | None, dict[str, Any]]] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        raw = {(key or "").strip(): (value or "").strip() for key, value in raw.items()}
        number = raw.get("spta_number", "")
        row = ImportRow(line=line, spta_number=number, outcome="created")
        values = {
            "gross_kg": _parse_decimal(raw["gross_kg"]),
            "tare_kg": _parse_decimal(raw["tare_kg"]),
            "trash_percent": _parse_decimal(raw["trash_percent"]) or Decimal(0),
            "cut_at": _parse_datetime(raw["cut_at"]),
            "arrived_at": _parse_datetime(raw["arrived_at"]),
            "weighed_at": _parse_datetime(raw["weighed_at"]),
        }
        for name in ("cut_at", "arrived_at", "weighed_at"):
            if raw[name] and values[name] is None:
                row.messages.append(
                    _("%(column)s: '%(value)s' is not a time like 2026-07-01 06:30.")
                    % {"column": name, "value": raw[name]}
                )
        spta = visible.filter(number=number).first() if number else None
        if number in seen:
            row.messages.append(_("SPTA %(number)s is twice in the file.") % {"number": number})
        seen.add(number)
        if spta is None:
            row.messages.append(
                _("No SPTA numbered '%(number)s' at this mill.") % {"number": number}
            )
        elif hasattr(spta, "weighing") and spta.status == SptaStatus.USED:
            if _same_weighing(
                spta.weighing, values["gross_kg"], values["tare_kg"], values["trash_percent"]
            ):
                row.outcome = "unchanged"
            else:
                row.messages.append(
                    _("SPTA %(number)s was already weighed with other figures.")
                    % {"number": number}
                )
        elif not row.messages:
            errors = weighing_errors(
                spta=spta,
                gross_kg=values["gross_kg"],
                tare_kg=values["tare_kg"],
                trash_percent=values["trash_percent"],
                cut_at=values["cut_at"],
                arrived_at=values["arrived_at"],
                weighed_at=values["weighed_at"] or timezone.now(),
            )
            row.messages += [message for messages in errors.values() for message in messages]
        if row.messages:
            row.outcome = "error"
        result.rows.append(row)
        parsed.append((row, spta, values))
    if not result.rows:
        result.file_errors.append(_("The file has no rows."))
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            for row, spta, values in parsed:
                if row.outcome != "created":
                    continue
                try:
                    record_weighing(spta=spta, by=by, source=WeighingSource.IMPORT, **values)
                except ValidationError as error:
                    row.outcome = "error"
                    row.messages = error.messages
                    raise
    except ValidationError:
        return result
    return result
