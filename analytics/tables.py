"""A result table as the page, the CSV/XLSX downloads and the command line all show it: columns
that say how their numbers are formatted, raw (unrounded) rows, and an explanation under the title.
Kept apart from the builders of each analysis's tables so that each builder can live in its own
module without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tebu_site.formatting import format_number, format_rupiah


@dataclass(frozen=True)
class Column:
    label: str
    places: int | None = None  # None: text; an int: a number shown with that many decimals
    money: bool = False
    wide: bool = False  # a sentence (why a verdict): given room to read, not squeezed


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    note: str = ""  # a short verdict shown as a badge (e.g. the CSI band)
    explanation: str = ""  # a sentence under the title that says how to read a figure
    key: str = ""  # names the table on the page (data-testid), whatever the language
    # The page shows at most this many rows (None: all); the downloads always hold every row.
    shown_rows: int | None = None

    def display_rows(self) -> list[list[str]]:
        return [
            [display(value, column) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]

    def display_cells(self) -> list[list[tuple[str, str]]]:
        """Each shown cell with its class: numbers are aligned right ("num"), a sentence gets
        room to be read ("wide"), other text is read from the left."""
        kinds = ["num" if c.places is not None else "wide" if c.wide else "" for c in self.columns]
        rows = self.rows if self.shown_rows is None else self.rows[: self.shown_rows]
        return [
            [
                (display(value, c), kind)
                for value, c, kind in zip(row, self.columns, kinds, strict=True)
            ]
            for row in rows
        ]

    @property
    def hidden_rows(self) -> int:
        if self.shown_rows is None:
            return 0
        return max(0, len(self.rows) - self.shown_rows)


def display(value, column: Column) -> str:
    if column.places is None or value is None or isinstance(value, bool):
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return "" if value is None else str(value)
    if column.money:
        return format_rupiah(value, column.places)
    return format_number(value, column.places)
