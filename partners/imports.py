"""Bulk import and export of farmers and plots as CSV or XLSX (tablib).

Import rules (issue 3): a dry run lists every row's errors; a real import is all-or-nothing;
importing the same file again changes nothing (farmers are keyed by NIK, plots by mill and plot
code). Both runs go through the same services inside one transaction, so the dry run finds exactly
the errors the real run would; the dry run (or any error) then rolls everything back.
Exports hold only what the user may see, in the same columns, so an export can be edited and
imported back.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partners import geometry as geo
from partners import selectors
from partners.models import (
    CropClass,
    Desa,
    EducationLevel,
    Farmer,
    FarmerStatus,
    LandType,
    PartnerType,
    Plot,
    Sex,
)
from partners.permissions import Action, require
from partners.services import farmers as farmer_services
from partners.services import plots as plot_services
from partners.services import registration as registration_services
from partners.validators import normalize_nik, normalize_phone
from tebu_site.access import can_see
from tebu_site.exports import SafeCsvWriter, escape_row, unescape_cell

FARMER_COLUMNS = [
    "nik",
    "name",
    "mill",
    "region",
    "group",
    "sex",
    "birth_date",
    "phone",
    "address",
    "kabupaten",
    "kecamatan",
    "desa",
    "education",
    "farming_since_year",
    "household_size",
    "bank_name",
    "bank_account",
    "partner_type",
    "partner_since",
    "status",
]
FARMER_REQUIRED = {"nik", "name", "region"}

PLOT_COLUMNS = [
    "code",
    "mill",
    "farmer_nik",
    "area_ha",
    "own_area_ha",
    "rented_area_ha",
    "land_type",
    "crop_class",
    "ratoon_number",
    "variety",
    "planted_or_cut_on",
    "kabupaten",
    "kecamatan",
    "desa",
    "geometry",
    # Read-only columns: exported for information, ignored on import.
    "measured_area_ha",
    "registration_status",
]
PLOT_REQUIRED = {"code", "farmer_nik", "area_ha", "land_type", "crop_class"}
READ_ONLY = {"measured_area_ha", "registration_status"}

MAX_ROWS = 20000


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (format, header); the message is for the user."""


@dataclass
class RowError:
    row: int  # the spreadsheet row number (the header is row 1)
    key: str
    messages: list[str]


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def committed(self) -> bool:
        return self.ok and not self.dry_run


# ---------------------------------------------------------------- reading files


def read_dataset(name: str, content: bytes) -> tablib.Dataset:
    lowered = name.lower()
    try:
        if lowered.endswith(".xlsx"):
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        elif lowered.endswith(".csv"):
            text = _decode(content)
            first_line = text.split("\n", 1)[0]
            # Excel in Indonesian settings writes ';' between columns (',' is the decimal mark).
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        else:
            raise ImportFileError(_("Upload a .csv or .xlsx file."))
    except ImportFileError:
        raise
    except Exception as error:  # any parser failure means an unreadable file
        raise ImportFileError(_("The file cannot be read as CSV or XLSX.")) from error
    if dataset.headers is None:
        raise ImportFileError(_("The file is empty."))
    dataset.headers = [str(h or "").strip().lower().replace(" ", "_") for h in dataset.headers]
    if len(dataset) > MAX_ROWS:
        raise ImportFileError(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
    return dataset


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


# ---------------------------------------------------------------- cell parsing


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    # An exported cell may carry the quote that kept a spreadsheet from reading it as a formula.
    return unescape_cell(str(value).strip())


def _decimal(value, label: str) -> Decimal | None:
    text = _text(value).replace(" ", "")
    if not text:
        return None
    if "," in text:
        # "1,5" (Indonesian decimal comma) or "1.234,5"
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(
            _("%(col)s: '%(v)s' is not a number.") % {"col": label, "v": value}
        ) from error


def _integer(value, label: str) -> int | None:
    number = _decimal(value, label)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValidationError(
            _("%(col)s: '%(v)s' is not a whole number.") % {"col": label, "v": value}
        )
    return int(number)


def _date(value, label: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("%(col)s: '%(v)s' is not a date (use YYYY-MM-DD or DD/MM/YYYY).")
        % {"col": label, "v": value}
    )


def _choice(value, choices, label: str, default: str = "") -> str:
    text = _text(value)
    if not text:
        return default
    lowered = text.lower()
    for code, choice_label in choices:
        short = str(choice_label).split(" (", 1)[0].lower()
        inner = str(choice_label).split("(", 1)[-1].rstrip(")").split(",")[0].strip().lower()
        if lowered in {str(code).lower(), str(choice_label).lower(), short, inner}:
            return code
    allowed = ", ".join(str(code) for code, _label in choices)
    raise ValidationError(
        _("%(col)s: '%(v)s' is not one of: %(allowed)s.")
        % {"col": label, "v": text, "allowed": allowed}
    )


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


class _Lookups:
    """Reference rows the user may use, loaded once per file."""

    def __init__(self, user):
        self.user = user
        self.mills = {m.code.lower(): m for m in selectors.mills_visible_to(user)}
        self.regions = {}
        for region in selectors.regions_visible_to(user):
            self.regions[(region.mill_id, region.code.lower())] = region
            self.regions[(region.mill_id, region.name.lower())] = region
        self.groups = {(g.mill_id, g.name.lower()): g for g in selectors.groups_visible_to(user)}
        self.desa = {}
        for desa in Desa.objects.select_related("kecamatan__kabupaten"):
            kecamatan = desa.kecamatan
            self.desa[
                (kecamatan.kabupaten.name.lower(), kecamatan.name.lower(), desa.name.lower())
            ] = desa
            self.desa.setdefault(("", kecamatan.name.lower(), desa.name.lower()), desa)

    def mill(self, value):
        code = _text(value).lower()
        if not code:
            if len(self.mills) == 1:
                return next(iter(self.mills.values()))
            raise ValidationError(_("mill: give the mill code (you work for several mills)."))
        try:
            return self.mills[code]
        except KeyError:
            raise ValidationError(
                _("mill: '%(v)s' is not a mill you work for.") % {"v": value}
            ) from None

    def region(self, mill, value):
        try:
            return self.regions[(mill.pk, _text(value).lower())]
        except KeyError:
            raise ValidationError(
                _("region: '%(v)s' is not a region of %(mill)s that you work in.")
                % {"v": value, "mill": mill.name}
            ) from None

    def group(self, mill, value):
        name = _text(value).lower()
        if not name:
            return None
        try:
            return self.groups[(mill.pk, name)]
        except KeyError:
            raise ValidationError(
                _("group: '%(v)s' is not a group of %(mill)s.") % {"v": value, "mill": mill.name}
            ) from None

    def village(self, row):
        name = _text(row.get("desa")).lower()
        if not name:
            return None
        key = (
            _text(row.get("kabupaten")).lower(),
            _text(row.get("kecamatan")).lower(),
            name,
        )
        desa = self.desa.get(key)
        if desa is None:
            raise ValidationError(
                _("desa: village '%(v)s' (kecamatan '%(k)s') is not in the reference list.")
                % {"v": row.get("desa"), "k": row.get("kecamatan") or "?"}
            )
        return desa


# ---------------------------------------------------------------- importing


def import_file(*, by, kind: str, name: str, content: bytes, dry_run: bool) -> ImportReport:
    require(by, Action.IMPORT)
    dataset = read_dataset(name, content)
    columns, required = (
        (FARMER_COLUMNS, FARMER_REQUIRED) if kind == "farmers" else (PLOT_COLUMNS, PLOT_REQUIRED)
    )
    missing = required - set(dataset.headers)
    if missing:
        raise ImportFileError(
            _("Missing columns: %(cols)s. Download an export to see the expected columns.")
            % {"cols": ", ".join(sorted(missing))}
        )
    report = ImportReport(kind=kind, dry_run=dry_run, total=len(dataset))
    report.ignored_columns = [h for h in dataset.headers if h and h not in columns]
    lookups = _Lookups(by)
    import_row = _import_farmer_row if kind == "farmers" else _import_plot_row
    rows = [dict(zip(dataset.headers, values, strict=False)) for values in dataset]
    key_column = "nik" if kind == "farmers" else "code"
    seen: dict[str, int] = {}

    with transaction.atomic():
        for index, row in enumerate(rows, start=2):
            key = _text(row.get(key_column)).replace(" ", "").upper()
            if kind == "plots":
                key = f"{_text(row.get('mill')).lower()}:{key}"
            if key in seen:
                report.errors.append(
                    RowError(
                        index,
                        _text(row.get(key_column)),
                        [_("Same %(col)s as row %(row)s.") % {"col": key_column, "row": seen[key]}],
                    )
                )
                continue
            seen[key] = index
            try:
                # A savepoint per row: one bad row must not spoil the rows checked after it.
                with transaction.atomic():
                    outcome = import_row(row, lookups, by)
            except ValidationError as error:
                report.errors.append(RowError(index, _text(row.get(key_column)), _messages(error)))
                continue
            except PermissionDenied as error:
                report.errors.append(RowError(index, _text(row.get(key_column)), [str(error)]))
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
        if dry_run or report.errors:
            transaction.set_rollback(True)
    if report.errors:
        report.created = report.updated = report.unchanged = 0
    return report


def _collect(parsers: dict) -> dict:
    """Run each parser, gathering every error of the row instead of stopping at the first."""
    values, errors = {}, []
    for name, parse in parsers.items():
        try:
            values[name] = parse()
        except ValidationError as error:
            errors.extend(_messages(error))
    if errors:
        raise ValidationError(errors)
    return values


def _import_farmer_row(row: dict, lookups: _Lookups, by) -> str:
    mill = lookups.mill(row.get("mill"))
    values = _collect(
        {
            "region": lambda: lookups.region(mill, row.get("region")),
            "group": lambda: lookups.group(mill, row.get("group")),
            "desa": lambda: lookups.village(row),
            "name": lambda: _required_text(row, "name"),
            "sex": lambda: _choice(row.get("sex"), Sex.choices, "sex"),
            "birth_date": lambda: _date(row.get("birth_date"), "birth_date"),
            "phone": lambda: _column("phone", normalize_phone, row.get("phone")),
            "nik": lambda: _column("nik", normalize_nik, row.get("nik")),
            "address": lambda: _text(row.get("address")),
            "education": lambda: _choice(row.get("education"), EducationLevel.choices, "education"),
            "farming_since_year": lambda: _integer(
                row.get("farming_since_year"), "farming_since_year"
            ),
            "household_size": lambda: _integer(row.get("household_size"), "household_size"),
            "bank_name": lambda: _text(row.get("bank_name")),
            "bank_account": lambda: _text(row.get("bank_account")),
            "partner_type": lambda: _choice(
                row.get("partner_type"), PartnerType.choices, "partner_type", PartnerType.TRM
            ),
            "partner_since": lambda: _integer(row.get("partner_since"), "partner_since"),
            "status": lambda: _choice(
                row.get("status"), FarmerStatus.choices, "status", FarmerStatus.ACTIVE
            ),
        }
    )
    nik = values.pop("nik")
    try:
        existing = farmer_services.nik_usable_by(by, nik, mill)
    except ValidationError as error:
        raise ValidationError([f"nik: {m}" for m in error.messages]) from error
    if existing is None:
        farmer_services.register_farmer(by=by, mill=mill, nik=nik, **values)
        return "created"
    changed = farmer_services.update_farmer(farmer=existing, by=by, changes=values)
    return "updated" if changed else "unchanged"


def _column(column: str, normalize, value):
    """Run a validator on a cell; its message names the column."""
    try:
        return normalize(_text(value))
    except ValidationError as error:
        raise ValidationError([f"{column}: {m}" for m in error.messages]) from error


def _required_text(row: dict, column: str) -> str:
    value = _text(row.get(column))
    if not value:
        raise ValidationError(_("%(col)s: this column is required.") % {"col": column})
    return value


def _import_plot_row(row: dict, lookups: _Lookups, by) -> str:
    mill = lookups.mill(row.get("mill"))
    values = _collect(
        {
            "area_ha": lambda: _decimal(row.get("area_ha"), "area_ha"),
            "own_area_ha": lambda: _decimal(row.get("own_area_ha"), "own_area_ha"),
            "rented_area_ha": lambda: _decimal(row.get("rented_area_ha"), "rented_area_ha")
            or Decimal("0"),
            "land_type": lambda: _choice(row.get("land_type"), LandType.choices, "land_type"),
            "crop_class": lambda: _choice(row.get("crop_class"), CropClass.choices, "crop_class"),
            "ratoon_number": lambda: _integer(row.get("ratoon_number"), "ratoon_number") or 0,
            "variety": lambda: _text(row.get("variety")),
            "planted_or_cut_on": lambda: _date(row.get("planted_or_cut_on"), "planted_or_cut_on"),
            "desa": lambda: lookups.village(row),
            "geometry": lambda: _geometry(row.get("geometry")),
        }
    )
    for column in ("area_ha", "land_type", "crop_class"):
        if not values[column]:
            raise ValidationError(_("%(col)s: this column is required.") % {"col": column})
    nik = _text(row.get("farmer_nik")).replace(" ", "")
    farmer = selectors.farmers_visible_to(by).filter(nik=nik, mill=mill).first()
    if farmer is None:
        raise ValidationError(
            _("farmer_nik: no farmer with NIK %(nik)s at %(mill)s that you may see.")
            % {"nik": nik or "–", "mill": mill.name}
        )
    if values["own_area_ha"] is None:
        values["own_area_ha"] = values["area_ha"] - values["rented_area_ha"]
    if values["desa"] is None:
        values["desa"] = farmer.desa  # as add_plot does, so a re-import finds nothing changed
    geometry = values.pop("geometry")
    code = _text(row.get("code")).upper()
    existing = Plot.objects.filter(mill=mill, code=code).first()
    if existing is None:
        plot_services.add_plot(by=by, farmer=farmer, code=code, geometry=geometry, **values)
        return "created"
    if not can_see(by, existing):
        raise ValidationError(_("code: this plot code is used by a plot you may not change."))
    if existing.farmer_id != farmer.pk:
        raise ValidationError(
            _("farmer_nik: plot %(code)s belongs to another farmer; move it in the admin.")
            % {"code": code}
        )
    changed = plot_services.update_plot(plot=existing, by=by, changes=values)
    if geometry is not None and geometry != existing.geometry:
        if geo.is_polygon(geometry):
            registration_services.record_survey(plot=existing, geometry=geometry, by=by)
        else:
            plot_services.set_plot_location(plot=existing, point=geometry, by=by)
        changed.append("geometry")
    return "updated" if changed else "unchanged"


def _geometry(value) -> dict | None:
    text = _text(value)
    if not text:
        return None
    try:
        return geo.parse_geojson(text)
    except geo.GeometryError as error:
        raise ValidationError(f"geometry: {error}") from error


# ---------------------------------------------------------------- exporting


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def farmer_dataset(farmers: QuerySet[Farmer]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=FARMER_COLUMNS)
    farmers = farmers.select_related("mill", "region", "group", "desa__kecamatan__kabupaten")
    for farmer in farmers.order_by("mill__code", "name", "pk"):
        desa = farmer.desa
        dataset.append(
            escape_row(
                [
                    farmer.nik,
                    farmer.name,
                    farmer.mill.code,
                    farmer.region.code,
                    farmer.group.name if farmer.group else "",
                    farmer.sex,
                    _cell(farmer.birth_date),
                    farmer.phone,
                    farmer.address,
                    desa.kecamatan.kabupaten.name if desa else "",
                    desa.kecamatan.name if desa else "",
                    desa.name if desa else "",
                    farmer.education,
                    _cell(farmer.farming_since_year),
                    _cell(farmer.household_size),
                    farmer.bank_name,
                    farmer.bank_account,
                    farmer.partner_type,
                    _cell(farmer.partner_since),
                    farmer.status,
                ]
            )
        )
    return dataset


def plot_dataset(plots: QuerySet[Plot]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=PLOT_COLUMNS)
    plots = plots.select_related("mill", "farmer", "desa__kecamatan__kabupaten")
    for plot in plots.order_by("mill__code", "code", "pk"):
        desa = plot.desa
        dataset.append(
            escape_row(
                [
                    plot.code,
                    plot.mill.code,
                    plot.farmer.nik,
                    _cell(plot.area_ha),
                    _cell(plot.own_area_ha),
                    _cell(plot.rented_area_ha),
                    plot.land_type,
                    plot.crop_class,
                    _cell(plot.ratoon_number),
                    plot.variety,
                    _cell(plot.planted_or_cut_on),
                    desa.kecamatan.kabupaten.name if desa else "",
                    desa.kecamatan.name if desa else "",
                    desa.name if desa else "",
                    json.dumps(plot.geometry, separators=(",", ":")) if plot.geometry else "",
                    _cell(plot.measured_area_ha),
                    plot.registration_status,
                ]
            )
        )
    return dataset


def export_bytes(dataset: tablib.Dataset, file_format: str) -> bytes:
    if file_format == "xlsx":
        return dataset.export("xlsx")
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(dataset.headers)
    writer.writerows(dataset)
    # A BOM so Excel opens the UTF-8 file with the right characters.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
