"""Paper questionnaires typed into a spreadsheet: reading the file and checking every row.

The file is long form, one row per respondent and attribute: ``respondent, attribute,
importance, performance`` (Indonesian headers ``responden, atribut, kepentingan, kinerja`` are
accepted too). A respondent is a farmer's NIK, or, for anonymous paper questionnaires, any code
(R01, R02 ...) that becomes an anonymous respondent of the round. An attribute is named by its code,
its number in the questionnaire, or its Indonesian or English text. A blank score was skipped.

Nothing here writes: ``check_rows`` returns the answers to save or the problems by row, and
``surveys.services.import_responses`` saves all of them or none.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.utils.translation import gettext as _

from partners.validators import normalize_nik
from surveys.models import LIKERT_MAX, LIKERT_MIN, SurveyResponse, SurveyRound, VersionAttribute

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_PROBLEMS = 200
SUFFIXES = {".csv", ".txt", ".xlsx"}
COLUMN_ALIASES = {
    "respondent": {"respondent", "responden", "nik", "kode responden", "respondent code"},
    "attribute": {"attribute", "atribut", "atribut layanan"},
    "importance": {"importance", "kepentingan", "tingkat kepentingan", "harapan"},
    "performance": {"performance", "kinerja", "tingkat kinerja", "kepuasan"},
}


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # the spreadsheet's row number (the header is row 1); None for the whole file
    column: str
    message: str


class ImportRejected(Exception):
    """The file was not saved; ``problems`` says why, by row."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s) in the import")
        self.problems = problems


@dataclass
class RespondentAnswers:
    key: str  # NIK or paper code as written in the file (normalised)
    first_row: int
    farmer: object | None = None
    answers: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)


@dataclass
class ImportPlan:
    respondents: list[RespondentAnswers]

    @property
    def answer_count(self) -> int:
        return sum(len(r.answers) for r in self.respondents)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def read_rows(data: bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-empty data row; ImportRejected if unreadable."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRejected([ImportProblem(None, "", _("Upload a CSV or XLSX file."))])
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected([ImportProblem(None, "", _("The file is larger than 5 MB."))])
    table = _read_xlsx(data) if suffix == ".xlsx" else _read_csv(data)
    if not table:
        raise ImportRejected([ImportProblem(None, "", _("The file is empty."))])
    header = [_normalise(cell) for cell in table[0]]
    columns: dict[str, int] = {}
    for position, title in enumerate(header):
        for column, aliases in COLUMN_ALIASES.items():
            if title in aliases and column not in columns:
                columns[column] = position
    missing = [column for column in COLUMN_ALIASES if column not in columns]
    if missing:
        raise ImportRejected(
            [
                ImportProblem(
                    1, column, _("The column “%(column)s” is missing.") % {"column": column}
                )
                for column in missing
            ]
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportRejected(
            [ImportProblem(None, "", _("The file has more than %(n)d rows.") % {"n": MAX_ROWS})]
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {
            column: (cells[position] if position < len(cells) else "").strip()
            for column, position in columns.items()
        }
        if any(values.values()):
            rows.append((number, values))
    if not rows:
        raise ImportRejected([ImportProblem(None, "", _("The file has no answers."))])
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if not text.strip():
        return []
    first_line = text.splitlines()[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","  # a single column: the header check names what is missing
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportRejected(
            [ImportProblem(None, "", _("The spreadsheet cannot be read."))]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _score(text: str) -> tuple[int | None, bool]:
    """(score or None when blank, valid?)."""
    if text == "":
        return None, True
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None, False
    if number != number.to_integral_value() or not LIKERT_MIN <= number <= LIKERT_MAX:
        return None, False
    return int(number), True


def attribute_lookup(attributes: list[VersionAttribute]) -> dict[str, VersionAttribute]:
    """Every way a file may name an attribute: code, number, Indonesian or English text."""
    lookup: dict[str, VersionAttribute] = {}
    for position, attribute in enumerate(attributes, start=1):
        for name in (attribute.code, str(position), attribute.text_id, attribute.text_en):
            if name:
                lookup.setdefault(_normalise(name), attribute)
    return lookup


def check_rows(
    *,
    survey_round: SurveyRound,
    rows: list[tuple[int, dict[str, str]]],
    attributes: list[VersionAttribute],
    anonymous: bool,
    farmers_by_nik: dict[str, object],
    eligible_farmer_ids: set[int],
) -> tuple[ImportPlan, list[ImportProblem]]:
    """Check every row; return the plan and all problems found (the plan is only saved if none).

    ``farmers_by_nik`` holds the farmers of the round's mill the importing user may see;
    ``eligible_farmer_ids`` those the round asks (targets, or matching farmers when not sampled).
    """
    lookup = attribute_lookup(attributes)
    problems: list[ImportProblem] = []
    respondents: dict[str, RespondentAnswers] = {}
    seen: dict[tuple[str, int], int] = {}
    existing_farmers = set(
        SurveyResponse.objects.filter(round=survey_round, farmer__isnull=False).values_list(
            "farmer_id", flat=True
        )
    )
    existing_codes = set(
        SurveyResponse.objects.filter(round=survey_round)
        .exclude(respondent_code="")
        .values_list("respondent_code", flat=True)
    )
    checked_respondents: dict[str, bool] = {}

    for number, values in rows:
        raw_respondent = values["respondent"]
        key = _respondent_key(raw_respondent, anonymous)
        row_ok = True
        if not raw_respondent:
            problems.append(ImportProblem(number, "respondent", _("The respondent is blank.")))
            row_ok = False
        elif key not in checked_respondents:
            problem = _check_respondent(
                key,
                raw_respondent,
                anonymous,
                farmers_by_nik,
                eligible_farmer_ids,
                existing_farmers,
                existing_codes,
            )
            checked_respondents[key] = problem is None
            if problem:
                problems.append(ImportProblem(number, "respondent", problem))
                row_ok = False
        elif not checked_respondents[key]:
            row_ok = False  # already reported on the respondent's first row

        attribute = lookup.get(_normalise(values["attribute"]))
        if attribute is None:
            message = (
                _("The attribute is blank.")
                if not values["attribute"]
                else _("Unknown attribute “%(name)s”: it is not in this round's questionnaire.")
                % {"name": values["attribute"]}
            )
            problems.append(ImportProblem(number, "attribute", message))
            row_ok = False

        scores = {}
        for column in ("importance", "performance"):
            score, valid = _score(values[column])
            if not valid:
                problems.append(
                    ImportProblem(
                        number,
                        column,
                        _(
                            "“%(value)s” is not a score: use a whole number from 1 to 5, "
                            "or leave blank."
                        )
                        % {"value": values[column]},
                    )
                )
                row_ok = False
            scores[column] = score

        if attribute is not None and raw_respondent:
            first = seen.setdefault((key, attribute.pk), number)
            if first != number:
                problems.append(
                    ImportProblem(
                        number,
                        "attribute",
                        _(
                            "Respondent %(respondent)s answers “%(attribute)s” twice "
                            "(also on row %(row)d)."
                        )
                        % {"respondent": raw_respondent, "attribute": attribute.text, "row": first},
                    )
                )
                row_ok = False
        if len(problems) >= MAX_PROBLEMS:
            break
        if not row_ok or (scores["importance"] is None and scores["performance"] is None):
            continue  # a row with both scores blank skipped the attribute entirely
        respondent = respondents.setdefault(
            key, RespondentAnswers(key=key, first_row=number, farmer=farmers_by_nik.get(key))
        )
        respondent.answers[attribute.pk] = (scores["importance"], scores["performance"])

    return ImportPlan(respondents=list(respondents.values())), problems


def _respondent_key(raw: str, anonymous: bool) -> str:
    if anonymous:
        return raw.strip()
    return re.sub(r"[\s.\-]", "", raw)


def _check_respondent(
    key: str,
    raw: str,
    anonymous: bool,
    farmers_by_nik: dict[str, object],
    eligible_farmer_ids: set[int],
    existing_farmers: set[int],
    existing_codes: set[str],
) -> str | None:
    if anonymous:
        if len(key) > SurveyResponse._meta.get_field("respondent_code").max_length:
            return _("The respondent code is longer than 40 characters.")
        if key in existing_codes:
            return _("Respondent %(code)s already has answers in this round.") % {"code": key}
        return None
    try:
        nik = normalize_nik(key)
    except Exception:
        return _(
            "“%(value)s” is not a NIK (16 digits). For anonymous paper questionnaires choose "
            "“anonymous respondents”."
        ) % {"value": raw}
    farmer = farmers_by_nik.get(nik)
    if farmer is None:
        return _("No farmer with NIK %(nik)s in this mill (or outside your regions).") % {
            "nik": nik
        }
    if farmer.pk in existing_farmers:
        return _(
            "%(name)s already answered this round; change their answers on the entry page."
        ) % {"name": farmer.name}
    if farmer.pk not in eligible_farmer_ids:
        return _("%(name)s is not among this round's respondents.") % {"name": farmer.name}
    return None
