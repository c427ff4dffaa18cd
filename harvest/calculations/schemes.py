"""Settlement schemes: how a mill pays its farmers (domain.md 5 and 5b), as checked, immutable
values, and their JSON form (``scheme_from_dict`` / ``scheme_to_dict``). Pure: no Django.

The kinds are the ways the studied mills pay their partner farmers: ``rendemen_tier`` (PG
Djatiroto, PG Semboro), ``flat_value_share`` (PG Pakis Baru), ``price_per_kg`` (PT SMS Dompu),
``multi_stream`` (PT Gunung Madu).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from harvest.calculations.errors import SettlementInputError, decimal_to_str, to_decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
KG_PER_KW = Decimal(100)
RENDEMEN_MAX = Decimal(20)
# domain.md 5: at least 60 % of the auction gain above the bridging price goes to the farmer, at
# most 40 % to the investor. It is a rule about profit sharing, not about the sugar tiers.
PROFIT_SHARING_MINIMUM_FARMER_SHARE = Decimal("0.60")
PROFIT_SHARING_REGULATION = "Permentan 245/PD.320/M/5/2011"
# domain.md 5b, PT SMS Dompu: the contract price is paid for cane that meets these standards.
QUALITY_STANDARDS = ("min_age_months", "min_stalk_height_cm", "min_variety_purity_percent")
# domain.md 5b, PT Gunung Madu: where each revenue stream's value comes from.
STREAM_SOURCES = ("weighings", "sales")
SALES_BASES = ("cane", "hablur")
SCHEME_KINDS = ("rendemen_tier", "flat_value_share", "price_per_kg", "multi_stream")

# Settings each kind reads besides the common ones; any other setting must stay at its default,
# so a scheme never carries a rate that silently does nothing.
_COMMON_SETTINGS = frozenset({"kind", "cutting_fee_per_kw_cane", "haulage_fee_per_kw_cane"})
_KIND_SETTINGS = {
    "rendemen_tier": frozenset(
        {
            "sharing_tiers",
            "auction_fraction",
            "natura_fraction",
            "bridging_price_per_kw",
            "profit_sharing_per_kw_auctioned",
            "profit_sharing_farmer_share",
            "natura_price_per_kw",
            "molasses_kg_per_kw_cane",
            "molasses_price_per_kg",
            "sack_fee_per_kw_auctioned",
            "relative_quality_share",
        }
    ),
    "flat_value_share": frozenset(
        {
            "flat_farmer_share",
            "relative_quality_share",
            "sugar_price_per_kw",
            "molasses_kg_per_kw_cane",
            "molasses_price_per_kg",
        }
    ),
    "price_per_kg": frozenset(
        {
            "contract_price_per_kg",
            "paid_price_per_kg",
            "below_standard_price_per_kg",
            "quality_standards",
        }
    ),
    "multi_stream": frozenset({"stream_shares", "stream_sources"}),
}
_REQUIRED_SETTINGS = {
    "rendemen_tier": ("sharing_tiers", "bridging_price_per_kw"),
    "flat_value_share": ("flat_farmer_share", "sugar_price_per_kw"),
    "price_per_kg": ("contract_price_per_kg",),
    "multi_stream": ("stream_shares",),
}
# No price, fee or quantity per unit in a real scheme comes near these: sugar is about Rp 1,000,000
# per kw. A bound keeps a mistyped "1e400" from becoming a 401-digit price.
SETTING_MAX = Decimal(10**10)
TIER_FACTOR_MAX = Decimal(10)
_SHARE_SETTINGS = (
    "auction_fraction",
    "natura_fraction",
    "flat_farmer_share",
    "profit_sharing_farmer_share",
    "relative_quality_share",
)
_SHAPED_SETTINGS = ("kind", "sharing_tiers", "stream_shares", "quality_standards", "stream_sources")


def check_share(value: Decimal, name: str) -> None:
    if not ZERO <= value <= ONE:
        raise SettlementInputError(
            "out_of_range", f"{name} must be between 0 and 1, got {value}", field=name, value=value
        )


def check_at_most(value: Decimal, maximum: Decimal, name: str) -> None:
    if value > maximum:
        raise SettlementInputError(
            "out_of_range",
            f"{name} must be at most {decimal_to_str(maximum)}, got {value}",
            field=name,
            value=value,
            maximum=maximum,
        )


def check_not_negative(value: Decimal, name: str) -> None:
    if value < 0:
        raise SettlementInputError(
            "negative_value", f"{name} must not be negative, got {value}", field=name, value=value
        )


@dataclass(frozen=True)
class SettlementWarning:
    """Something a person should look at that does not stop the computation."""

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        params = {
            key: decimal_to_str(value) if isinstance(value, Decimal) else value
            for key, value in self.params.items()
        }
        return {"code": self.code, "message": self.message, "params": params}


@dataclass(frozen=True)
class SharingTier:
    """The farmer's share of the sugar from the rendemen points between ``rendemen_from`` and
    ``rendemen_to`` (open above when None), times a sugar factor (1.003: hablur to sugar)."""

    rendemen_from: Decimal
    rendemen_to: Decimal | None
    farmer_share: Decimal
    factor: Decimal = ONE

    def __post_init__(self) -> None:
        for name in ("rendemen_from", "rendemen_to", "farmer_share", "factor"):
            value = getattr(self, name)
            if value is not None or name != "rendemen_to":
                object.__setattr__(self, name, to_decimal(value, f"sharing_tiers.{name}"))
        check_not_negative(self.rendemen_from, "sharing_tiers.rendemen_from")
        for name in ("rendemen_from", "rendemen_to"):
            if getattr(self, name) is not None:
                check_at_most(getattr(self, name), HUNDRED, f"sharing_tiers.{name}")
        check_at_most(self.factor, TIER_FACTOR_MAX, "sharing_tiers.factor")
        check_share(self.farmer_share, "sharing_tiers.farmer_share")
        if self.factor <= 0:
            raise SettlementInputError(
                "not_positive",
                "sharing_tiers.factor must be greater than 0",
                field="sharing_tiers.factor",
                value=self.factor,
            )
        if self.rendemen_to is not None and self.rendemen_to <= self.rendemen_from:
            raise SettlementInputError(
                "tiers_not_contiguous",
                f"tier {self.rendemen_from}..{self.rendemen_to} is empty or reversed",
                rendemen_from=self.rendemen_from,
                rendemen_to=self.rendemen_to,
            )

    @property
    def effective_share(self) -> Decimal:
        return self.farmer_share * self.factor

    @property
    def label(self) -> str:
        upper = "" if self.rendemen_to is None else decimal_to_str(self.rendemen_to)
        return f"{decimal_to_str(self.rendemen_from)}-{upper}"

    def points_in_tier(self, rendemen: Decimal) -> Decimal:
        """How many of the ``rendemen`` percentage points fall in this tier."""
        upper = rendemen if self.rendemen_to is None else min(rendemen, self.rendemen_to)
        return max(upper - self.rendemen_from, ZERO)


@dataclass(frozen=True)
class SettlementScheme:
    """How a mill pays its partner farmers in a season; see the module docstring for the kinds.

    Rates are per kw (quintal) of the named basis, money in Rupiah, shares as fractions (0.66).
    Settings a kind does not read must stay at their defaults.
    """

    kind: str = "rendemen_tier"
    sharing_tiers: tuple[SharingTier, ...] = ()
    auction_fraction: Decimal = ONE
    natura_fraction: Decimal = ZERO
    bridging_price_per_kw: Decimal | None = None
    profit_sharing_per_kw_auctioned: Decimal = ZERO
    # Profit sharing computed from the recorded auction price: the farmer's share of the gain.
    profit_sharing_farmer_share: Decimal | None = None
    natura_price_per_kw: Decimal | None = None
    molasses_kg_per_kw_cane: Decimal = ZERO
    molasses_price_per_kg: Decimal = ZERO
    sack_fee_per_kw_auctioned: Decimal = ZERO
    cutting_fee_per_kw_cane: Decimal | None = None
    haulage_fee_per_kw_cane: Decimal | None = None
    flat_farmer_share: Decimal | None = None
    sugar_price_per_kw: Decimal | None = None
    contract_price_per_kg: Decimal | None = None
    paid_price_per_kg: Decimal | None = None
    # Per-delivery quality check (PT SMS): below any standard, the load is paid this price.
    below_standard_price_per_kg: Decimal | None = None
    quality_standards: Mapping[str, Decimal] = field(default_factory=dict)
    stream_shares: Mapping[str, Decimal] = field(default_factory=dict)
    # {stream: {"from": "weighings", "price_per_kw_cane": ...} | {"from": "sales", "basis": ...}}
    stream_sources: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Relative quality payment (issue 16; South Africa's RV system, Australia's relative CCS):
    # the rendemen paid on is the mill's average in the period plus this share of the farmer's
    # distance from it, so what the weather or the mill does to every farmer's cane is shared
    # and only his own quality moves his pay. 1 pays his own rendemen, 0 the mill's average.
    relative_quality_share: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCHEME_KINDS:
            raise SettlementInputError(
                "unknown_scheme_kind",
                f"unknown scheme kind {self.kind!r}; expected one of {', '.join(SCHEME_KINDS)}",
                kind=self.kind,
                expected=SCHEME_KINDS,
            )
        self._coerce_numbers()
        self._check_settings_used_by_kind()
        self._check_tiers()
        for name in _SHARE_SETTINGS:
            if getattr(self, name) is not None:
                check_share(getattr(self, name), name)
        for stream, share in self.stream_shares.items():
            check_share(share, f"stream_shares.{stream}")
        if self.auction_fraction + self.natura_fraction != ONE:
            raise SettlementInputError(
                "fractions_do_not_sum_to_one",
                f"auction_fraction {self.auction_fraction} + natura_fraction "
                f"{self.natura_fraction} must be 1",
                auction_fraction=self.auction_fraction,
                natura_fraction=self.natura_fraction,
            )
        if self.kind == "rendemen_tier" and self.natura_fraction > 0:
            self._require("natura_price_per_kw")
        self._check_profit_sharing()
        self._check_quality_standards()
        self._check_stream_sources()

    def _check_profit_sharing(self) -> None:
        share = self.profit_sharing_farmer_share
        if share is None:
            return
        if self.profit_sharing_per_kw_auctioned != 0:
            raise SettlementInputError(
                "profit_sharing_twice",
                "give either profit_sharing_per_kw_auctioned (the published Rp/kw) or "
                "profit_sharing_farmer_share (computed from the auction price), not both",
                field="profit_sharing_farmer_share",
            )
        if share < PROFIT_SHARING_MINIMUM_FARMER_SHARE:
            raise SettlementInputError(
                "below_profit_sharing_minimum",
                f"the farmer's share of the profit sharing is {decimal_to_str(share * HUNDRED)} %; "
                f"{PROFIT_SHARING_REGULATION} sets at least "
                f"{decimal_to_str(PROFIT_SHARING_MINIMUM_FARMER_SHARE * HUNDRED)} % to the farmer "
                "(at most 40 % to the investor)",
                field="profit_sharing_farmer_share",
                share=share,
                minimum=PROFIT_SHARING_MINIMUM_FARMER_SHARE,
                regulation=PROFIT_SHARING_REGULATION,
            )

    def _check_quality_standards(self) -> None:
        if not self.quality_standards:
            if self.below_standard_price_per_kg is not None:
                self._require("quality_standards")
            return
        self._require("below_standard_price_per_kg")
        if self.paid_price_per_kg is not None:
            raise SettlementInputError(
                "not_applicable",
                "with quality_standards each load is paid by its quality check; leave "
                "paid_price_per_kg unset",
                field="paid_price_per_kg",
                kind=self.kind,
            )
        if self.below_standard_price_per_kg > self.contract_price_per_kg:
            raise SettlementInputError(
                "out_of_range",
                "below_standard_price_per_kg must not be above the contract price",
                field="below_standard_price_per_kg",
                value=self.below_standard_price_per_kg,
                maximum=self.contract_price_per_kg,
            )

    def _check_stream_sources(self) -> None:
        if not self.stream_sources:
            return
        missing = sorted(set(self.stream_shares) - set(self.stream_sources))
        unknown = sorted(set(self.stream_sources) - set(self.stream_shares))
        if missing or unknown:
            raise SettlementInputError(
                "invalid_shape",
                "stream_sources must name exactly the streams of stream_shares "
                f"(missing: {', '.join(missing) or '-'}; unknown: {', '.join(unknown) or '-'})",
                field="stream_sources",
            )

    def _coerce_numbers(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None:
                # null in the JSON shape means "not set": the setting keeps its default.
                object.__setattr__(self, item.name, _default_of(item))
                continue
            if item.name in _SHAPED_SETTINGS:
                continue
            value = to_decimal(value, item.name)
            if item.name not in _SHARE_SETTINGS:
                check_not_negative(value, item.name)
                check_at_most(value, SETTING_MAX, item.name)
            object.__setattr__(self, item.name, value)
        tiers = tuple(self.sharing_tiers)
        if not all(isinstance(tier, SharingTier) for tier in tiers):
            raise SettlementInputError(
                "invalid_shape", "sharing_tiers must be SharingTier objects", field="sharing_tiers"
            )
        object.__setattr__(self, "sharing_tiers", tiers)
        if not isinstance(self.stream_shares, Mapping):
            raise SettlementInputError(
                "invalid_shape",
                "stream_shares must map stream names to shares",
                field="stream_shares",
            )
        shares = {}
        for stream, share in self.stream_shares.items():
            if not isinstance(stream, str) or not stream.strip():
                raise SettlementInputError(
                    "missing_setting", "every stream needs a name", field="stream_shares"
                )
            shares[stream] = to_decimal(share, f"stream_shares.{stream}")
        object.__setattr__(self, "stream_shares", shares)
        object.__setattr__(self, "quality_standards", _standards(self.quality_standards))
        object.__setattr__(self, "stream_sources", _sources(self.stream_sources))

    def _check_settings_used_by_kind(self) -> None:
        used = _COMMON_SETTINGS | _KIND_SETTINGS[self.kind]
        for item in fields(self):
            if item.name not in used and getattr(self, item.name) != _default_of(item):
                raise SettlementInputError(
                    "not_applicable",
                    f"{item.name} is not used by a {self.kind} scheme; leave it unset",
                    field=item.name,
                    kind=self.kind,
                )
        for name in _REQUIRED_SETTINGS[self.kind]:
            self._require(name)

    def _require(self, name: str) -> None:
        if getattr(self, name) in (None, (), {}):
            raise SettlementInputError(
                "missing_setting", f"a {self.kind} scheme needs {name}", field=name, kind=self.kind
            )

    def _check_tiers(self) -> None:
        if not self.sharing_tiers:
            return
        expected_from = ZERO
        for index, tier in enumerate(self.sharing_tiers):
            is_last = index == len(self.sharing_tiers) - 1
            if tier.rendemen_from != expected_from or (tier.rendemen_to is None) != is_last:
                raise SettlementInputError(
                    "tiers_not_contiguous",
                    "sharing tiers must start at 0, each start where the previous ends, "
                    "and only the last may be open-ended (rendemen_to null)",
                    index=index,
                    rendemen_from=tier.rendemen_from,
                    expected_from=expected_from,
                )
            expected_from = tier.rendemen_to


def _default_of(item: Any) -> Any:
    return {} if item.default_factory is dict else item.default


def _standards(given: Any) -> dict[str, Decimal]:
    if not isinstance(given, Mapping):
        raise SettlementInputError(
            "invalid_shape", "quality_standards must be an object", field="quality_standards"
        )
    unknown = sorted(set(given) - set(QUALITY_STANDARDS))
    if unknown:
        raise SettlementInputError(
            "unknown_field",
            f"unknown quality standards: {', '.join(map(str, unknown))}; expected "
            f"{', '.join(QUALITY_STANDARDS)}",
            field="quality_standards",
        )
    result = {}
    for name in QUALITY_STANDARDS:
        if name in given:
            value = to_decimal(given[name], f"quality_standards.{name}")
            check_not_negative(value, f"quality_standards.{name}")
            check_at_most(
                value,
                HUNDRED if name == "min_variety_purity_percent" else Decimal(1000),
                f"quality_standards.{name}",
            )
            result[name] = value
    return result


def _sources(given: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(given, Mapping):
        raise SettlementInputError(
            "invalid_shape", "stream_sources must be an object", field="stream_sources"
        )
    result = {}
    for stream, source in given.items():
        where = f"stream_sources.{stream}"
        if not isinstance(source, Mapping) or source.get("from") not in STREAM_SOURCES:
            raise SettlementInputError(
                "invalid_shape",
                f'{where} must be {{"from": "weighings", "price_per_kw_cane": ...}} or '
                f'{{"from": "sales", "basis": "cane" or "hablur"}}',
                field="stream_sources",
            )
        if source["from"] == "weighings":
            if set(source) != {"from", "price_per_kw_cane"}:
                raise SettlementInputError(
                    "invalid_shape", f"{where} needs only price_per_kw_cane", field="stream_sources"
                )
            price = to_decimal(source["price_per_kw_cane"], f"{where}.price_per_kw_cane")
            check_not_negative(price, f"{where}.price_per_kw_cane")
            check_at_most(price, SETTING_MAX, f"{where}.price_per_kw_cane")
            result[str(stream)] = {"from": "weighings", "price_per_kw_cane": price}
        else:
            if set(source) != {"from", "basis"} or source["basis"] not in SALES_BASES:
                raise SettlementInputError(
                    "invalid_shape",
                    f"{where} needs a basis: cane or hablur",
                    field="stream_sources",
                )
            result[str(stream)] = {"from": "sales", "basis": source["basis"]}
    return result


def scheme_from_dict(data: Mapping[str, Any]) -> SettlementScheme:
    """A scheme from its JSON shape (numbers as strings, ``rendemen_to`` null for the open tier),
    as in the reference file's ``scheme``; ``kind`` defaults to rendemen_tier."""
    if not isinstance(data, Mapping):
        raise SettlementInputError("invalid_shape", "a scheme must be a JSON object")
    known = {item.name for item in fields(SettlementScheme)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettlementInputError(
            "unknown_field", f"unknown scheme settings: {', '.join(unknown)}", fields=unknown
        )
    values = dict(data)
    tier_keys = {"rendemen_from", "rendemen_to", "farmer_share", "factor"}
    tiers = []
    given_tiers = values.pop("sharing_tiers", None) or ()
    if not isinstance(given_tiers, list | tuple):
        raise SettlementInputError(
            "invalid_shape", "sharing_tiers must be a list of tiers", field="sharing_tiers"
        )
    for index, tier in enumerate(given_tiers):
        if not isinstance(tier, Mapping) or set(tier) - tier_keys:
            raise SettlementInputError(
                "invalid_shape",
                f"sharing_tiers[{index}] must be an object with {', '.join(sorted(tier_keys))}",
                index=index,
            )
        missing = sorted({"rendemen_from", "rendemen_to", "farmer_share"} - set(tier))
        if missing:
            raise SettlementInputError(
                "missing_setting",
                f"sharing_tiers[{index}] needs {', '.join(missing)}",
                index=index,
                fields=missing,
            )
        tiers.append(SharingTier(**tier))
    values["sharing_tiers"] = tuple(tiers)
    return SettlementScheme(**values)


def scheme_to_dict(scheme: SettlementScheme) -> dict[str, Any]:
    """The JSON shape ``scheme_from_dict`` reads, unset settings left out."""
    result: dict[str, Any] = {"kind": scheme.kind}
    for item in fields(scheme):
        value = getattr(scheme, item.name)
        if item.name == "kind" or value == _default_of(item):
            continue
        if item.name == "sharing_tiers":
            result[item.name] = [
                {
                    "rendemen_from": decimal_to_str(tier.rendemen_from),
                    "rendemen_to": decimal_to_str(tier.rendemen_to),
                    "farmer_share": decimal_to_str(tier.farmer_share),
                    "factor": decimal_to_str(tier.factor),
                }
                for tier in value
            ]
        elif item.name in ("stream_shares", "quality_standards"):
            result[item.name] = {key: decimal_to_str(number) for key, number in value.items()}
        elif item.name == "stream_sources":
            result[item.name] = {
                stream: {
                    key: decimal_to_str(entry) if isinstance(entry, Decimal) else entry
                    for key, entry in source.items()
                }
                for stream, source in value.items()
            }
        else:
            result[item.name] = decimal_to_str(value)
    return result
