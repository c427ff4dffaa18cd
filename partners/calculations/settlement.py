"""Sugar sharing and DO (delivery order) settlement: from cane and rendemen to the rupiah payable.

Pure and exact: Decimal in, Decimal out, never rounded inside (use ``quantize_money`` and
``quantize_kw`` where a figure is stored or shown). Formulas follow domain.md 5 and 5b; the scheme
kinds are the ways the studied mills pay their partner farmers:

- ``rendemen_tier`` (PG Djatiroto, PG Semboro): the farmer's sugar is shared by rendemen tiers,
  then split into auctioned sugar (bridging price + profit sharing) and natura (in kind); molasses
  per kw of cane.
- ``flat_value_share`` (PG Pakis Baru): the farmer receives a flat share of the hablur sugar value.
- ``price_per_kg`` (PT SMS Dompu): cane bought by weight; the paid price may be below the contract.
- ``multi_stream`` (PT Gunung Madu): the farmer receives a share of each stream's value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from partners.calculations.errors import SettlementInputError, decimal_to_str, to_decimal

__all__ = [
    "Deduction",
    "DeliveryInput",
    "LEGAL_MINIMUM_FARMER_SHARE",
    "SCHEME_KINDS",
    "Settlement",
    "SettlementInputError",
    "SettlementLine",
    "SettlementScheme",
    "SettlementWarning",
    "SharingTier",
    "WhatIfResult",
    "quantize_kw",
    "quantize_money",
    "scheme_from_dict",
    "scheme_to_dict",
    "settle",
    "sugar_share_what_if",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
KG_PER_KW = Decimal(100)
RENDEMEN_MAX = Decimal(20)
# domain.md 5: "The legal minimum share is 60 % farmer / 40 % mill."
LEGAL_MINIMUM_FARMER_SHARE = Decimal("0.60")
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
            "natura_price_per_kw",
            "molasses_kg_per_kw_cane",
            "molasses_price_per_kg",
            "sack_fee_per_kw_auctioned",
        }
    ),
    "flat_value_share": frozenset(
        {
            "flat_farmer_share",
            "sugar_price_per_kw",
            "molasses_kg_per_kw_cane",
            "molasses_price_per_kg",
        }
    ),
    "price_per_kg": frozenset({"contract_price_per_kg", "paid_price_per_kg"}),
    "multi_stream": frozenset({"stream_shares"}),
}
_REQUIRED_SETTINGS = {
    "rendemen_tier": ("sharing_tiers", "bridging_price_per_kw"),
    "flat_value_share": ("flat_farmer_share", "sugar_price_per_kw"),
    "price_per_kg": ("contract_price_per_kg",),
    "multi_stream": ("stream_shares",),
}
_SHARE_SETTINGS = ("auction_fraction", "natura_fraction", "flat_farmer_share")


def quantize_money(value: Decimal) -> Decimal:
    """Rupiah to 2 decimals, half up: for the edge where money is stored or shown."""
    return to_decimal(value, "value").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def quantize_kw(value: Decimal) -> Decimal:
    """Quintals to 3 decimals (0.1 kg), half up, as the DOs print them."""
    return to_decimal(value, "value").quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _check_share(value: Decimal, name: str) -> None:
    if not ZERO <= value <= ONE:
        raise SettlementInputError(
            "out_of_range", f"{name} must be between 0 and 1, got {value}", field=name, value=value
        )


def _check_not_negative(value: Decimal, name: str) -> None:
    if value < 0:
        raise SettlementInputError(
            "negative_value", f"{name} must not be negative, got {value}", field=name, value=value
        )


def _deduction_entries(
    entries: Sequence[tuple[str, Any]], name: str
) -> tuple[tuple[str, Decimal], ...]:
    result = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Sequence) or isinstance(entry, str) or len(entry) != 2:
            raise SettlementInputError(
                "invalid_shape", f"{name}[{index}] must be a (label, amount) pair", field=name
            )
        label, amount = entry
        if not isinstance(label, str) or not label.strip():
            raise SettlementInputError(
                "missing_setting", f"{name}[{index}] needs a label", field=name, index=index
            )
        amount = to_decimal(amount, f"{name}[{index}]")
        _check_not_negative(amount, f"{name}[{index}]")
        result.append((label, amount))
    return tuple(result)


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
        _check_not_negative(self.rendemen_from, "sharing_tiers.rendemen_from")
        _check_share(self.farmer_share, "sharing_tiers.farmer_share")
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
    stream_shares: Mapping[str, Decimal] = field(default_factory=dict)

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
                _check_share(getattr(self, name), name)
        for stream, share in self.stream_shares.items():
            _check_share(share, f"stream_shares.{stream}")
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

    def _coerce_numbers(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None:
                # null in the JSON shape means "not set": the setting keeps its default.
                object.__setattr__(self, item.name, _default_of(item))
                continue
            if item.name in ("kind", "sharing_tiers", "stream_shares"):
                continue
            value = to_decimal(value, item.name)
            if item.name not in _SHARE_SETTINGS:
                _check_not_negative(value, item.name)
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

    def share_warnings(self) -> tuple[SettlementWarning, ...]:
        """Farmer shares below the legal minimum (60 %): a warning, since old contracts exist."""
        shares: list[tuple[str, Decimal]] = [
            (f"sharing_tiers[{tier.label}]", tier.effective_share) for tier in self.sharing_tiers
        ]
        if self.flat_farmer_share is not None:
            shares.append(("flat_farmer_share", self.flat_farmer_share))
        shares.extend(
            (f"stream_shares.{name}", share) for name, share in self.stream_shares.items()
        )
        return tuple(
            SettlementWarning(
                "below_legal_minimum_share",
                f"{name}: farmer share {share} is below the legal minimum "
                f"{LEGAL_MINIMUM_FARMER_SHARE}",
                {"setting": name, "share": share, "minimum": LEGAL_MINIMUM_FARMER_SHARE},
            )
            for name, share in shares
            if share < LEGAL_MINIMUM_FARMER_SHARE
        )


def _default_of(item: Any) -> Any:
    return {} if item.default_factory is dict else item.default


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
    for index, tier in enumerate(values.pop("sharing_tiers", None) or ()):
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
        elif item.name == "stream_shares":
            result[item.name] = {stream: decimal_to_str(share) for stream, share in value.items()}
        else:
            result[item.name] = decimal_to_str(value)
    return result


@dataclass(frozen=True)
class DeliveryInput:
    """One farmer's deliveries for a DO period.

    ``natura_consumed_kw`` is the natura the household keeps (1–2 kw); the rest is sold.
    ``tma_by_mill``: the mill's crews cut, loaded and hauled, so their fees are deducted.
    Deductions are (label, amount in Rp) pairs. ``stream_values`` (multi_stream schemes only) is the
    total value of each stream the farmer shares in, e.g. {"sugar_sales": ...}.
    """

    name: str
    area_ha: Decimal
    cane_kw: Decimal
    rendemen_percent: Decimal
    natura_consumed_kw: Decimal = ZERO
    tma_by_mill: bool = False
    credit_deductions: Sequence[tuple[str, Decimal]] = ()
    other_deductions: Sequence[tuple[str, Decimal]] = ()
    stream_values: Mapping[str, Decimal] | None = None

    def __post_init__(self) -> None:
        for name in ("area_ha", "cane_kw", "rendemen_percent", "natura_consumed_kw"):
            value = to_decimal(getattr(self, name), name)
            if name != "rendemen_percent":
                _check_not_negative(value, name)
            object.__setattr__(self, name, value)
        if not ZERO <= self.rendemen_percent <= RENDEMEN_MAX:
            raise SettlementInputError(
                "rendemen_out_of_range",
                f"rendemen {self.rendemen_percent} is outside 0..{RENDEMEN_MAX} %",
                rendemen=self.rendemen_percent,
                minimum=ZERO,
                maximum=RENDEMEN_MAX,
            )
        if not isinstance(self.tma_by_mill, bool):
            raise SettlementInputError(
                "invalid_shape", "tma_by_mill must be true or false", field="tma_by_mill"
            )
        for name in ("credit_deductions", "other_deductions"):
            object.__setattr__(self, name, _deduction_entries(getattr(self, name), name))
        if self.stream_values is not None:
            if not isinstance(self.stream_values, Mapping):
                raise SettlementInputError(
                    "invalid_shape",
                    "stream_values must map stream names to values",
                    field="stream_values",
                )
            values = {}
            for stream, value in self.stream_values.items():
                values[stream] = to_decimal(value, f"stream_values.{stream}")
                _check_not_negative(values[stream], f"stream_values.{stream}")
            object.__setattr__(self, "stream_values", values)


@dataclass(frozen=True)
class SettlementLine:
    """One step from cane to rupiah: ``quantity`` [unit] × ``rate`` = ``amount`` [amount_unit].

    A line that states a given figure has only a quantity; a total has only an amount. The UI
    words the step from ``code`` (and shows ``label``: a tier's range, a credit's name, a stream).
    """

    code: str
    quantity: Decimal | None
    unit: str | None
    rate: Decimal | None = None
    amount: Decimal | None = None
    amount_unit: str | None = None
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "quantity": decimal_to_str(self.quantity),
            "unit": self.unit,
            "rate": decimal_to_str(self.rate),
            "amount": decimal_to_str(self.amount),
            "amount_unit": self.amount_unit,
        }


def _total(code: str, amount: Decimal, unit: str = "Rp") -> SettlementLine:
    return SettlementLine(code, None, None, amount=amount, amount_unit=unit)


@dataclass(frozen=True)
class Deduction:
    """A deduction from the proceeds; codes: sacks, cutting, haulage, credit, other."""

    code: str
    label: str
    quantity: Decimal | None
    unit: str | None
    rate: Decimal | None
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "quantity": decimal_to_str(self.quantity),
            "unit": self.unit,
            "rate": decimal_to_str(self.rate),
            "amount": decimal_to_str(self.amount),
        }


@dataclass(frozen=True)
class Settlement:
    """The computed DO: sugar, proceeds, deductions and what is payable, all unrounded."""

    name: str
    kind: str
    cane_kw: Decimal
    rendemen_percent: Decimal
    hablur_kw: Decimal
    farmer_sugar_kw: Decimal
    mill_sugar_kw: Decimal
    auctioned_sugar_kw: Decimal
    natura_kw: Decimal
    natura_consumed_kw: Decimal
    natura_sold_kw: Decimal
    molasses_kg: Decimal
    revenue_sugar: Decimal
    revenue_molasses: Decimal
    revenue_natura: Decimal
    revenue_profit_sharing: Decimal
    revenue_cane: Decimal
    revenue_streams: Mapping[str, Decimal]
    agreed_revenue: Decimal | None
    price_shortfall: Decimal
    total_revenue: Decimal
    deductions: tuple[Deduction, ...]
    total_deductions: Decimal
    net: Decimal
    payable: Decimal
    carried_debt: Decimal
    warnings: tuple[SettlementWarning, ...]
    lines: tuple[SettlementLine, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; Decimals as plain unrounded strings."""
        result: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in ("deductions", "warnings", "lines"):
                result[item.name] = [entry.to_dict() for entry in value]
            elif item.name == "revenue_streams":
                result[item.name] = {
                    stream: decimal_to_str(amount) for stream, amount in value.items()
                }
            elif isinstance(value, Decimal) or value is None:
                result[item.name] = decimal_to_str(value)
            else:
                result[item.name] = value
        return result


@dataclass
class _Proceeds:
    """What a scheme kind produces; the rest of the settlement is common to all kinds."""

    farmer_sugar_kw: Decimal = ZERO
    mill_sugar_kw: Decimal = ZERO
    auctioned_sugar_kw: Decimal = ZERO
    natura_kw: Decimal = ZERO
    natura_sold_kw: Decimal = ZERO
    molasses_kg: Decimal = ZERO
    revenue_sugar: Decimal = ZERO
    revenue_molasses: Decimal = ZERO
    revenue_natura: Decimal = ZERO
    revenue_profit_sharing: Decimal = ZERO
    revenue_cane: Decimal = ZERO
    revenue_streams: dict[str, Decimal] = field(default_factory=dict)
    agreed_revenue: Decimal | None = None
    price_shortfall: Decimal = ZERO
    lines: list[SettlementLine] = field(default_factory=list)

    @property
    def total_revenue(self) -> Decimal:
        return (
            self.revenue_sugar
            + self.revenue_molasses
            + self.revenue_natura
            + self.revenue_profit_sharing
            + self.revenue_cane
            + sum(self.revenue_streams.values(), ZERO)
        )


def _add_molasses(delivery: DeliveryInput, scheme: SettlementScheme, out: _Proceeds) -> None:
    # domain.md 5: the farmer is entitled to a fixed quantity of molasses per kw of cane.
    if scheme.molasses_kg_per_kw_cane == 0:
        return
    out.molasses_kg = delivery.cane_kw * scheme.molasses_kg_per_kw_cane
    out.revenue_molasses = out.molasses_kg * scheme.molasses_price_per_kg
    out.lines += [
        SettlementLine(
            "molasses",
            delivery.cane_kw,
            "kw",
            scheme.molasses_kg_per_kw_cane,
            out.molasses_kg,
            "kg",
        ),
        SettlementLine(
            "revenue_molasses",
            out.molasses_kg,
            "kg",
            scheme.molasses_price_per_kg,
            out.revenue_molasses,
            "Rp",
        ),
    ]


def _rendemen_tier(delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal) -> _Proceeds:
    # domain.md 5, PG Djatiroto: C × [0.66 × min(R, 6) + 0.70 × 1.003 × max(R − 6, 0)] / 100,
    # generalised to Σ tiers of C × share × factor × (rendemen points in the tier) / 100.
    out = _Proceeds()
    for tier in scheme.sharing_tiers:
        tier_hablur = delivery.cane_kw * tier.points_in_tier(delivery.rendemen_percent) / HUNDRED
        tier_sugar = tier_hablur * tier.effective_share
        out.farmer_sugar_kw += tier_sugar
        out.lines.append(
            SettlementLine(
                "sugar_tier", tier_hablur, "kw", tier.effective_share, tier_sugar, "kw", tier.label
            )
        )
    out.mill_sugar_kw = hablur - out.farmer_sugar_kw
    out.auctioned_sugar_kw = out.farmer_sugar_kw * scheme.auction_fraction
    out.natura_kw = out.farmer_sugar_kw * scheme.natura_fraction
    if delivery.natura_consumed_kw > out.natura_kw:
        raise SettlementInputError(
            "natura_consumed_exceeds_natura",
            f"natura consumed {delivery.natura_consumed_kw} kw exceeds the natura "
            f"{out.natura_kw} kw",
            natura_consumed_kw=delivery.natura_consumed_kw,
            natura_kw=out.natura_kw,
        )
    out.natura_sold_kw = out.natura_kw - delivery.natura_consumed_kw
    out.revenue_sugar = out.auctioned_sugar_kw * scheme.bridging_price_per_kw
    out.revenue_profit_sharing = out.auctioned_sugar_kw * scheme.profit_sharing_per_kw_auctioned
    out.lines += [
        _total("farmer_sugar", out.farmer_sugar_kw, "kw"),
        _total("mill_sugar", out.mill_sugar_kw, "kw"),
        SettlementLine(
            "auctioned_sugar",
            out.farmer_sugar_kw,
            "kw",
            scheme.auction_fraction,
            out.auctioned_sugar_kw,
            "kw",
        ),
    ]
    if scheme.natura_fraction > 0:
        out.revenue_natura = out.natura_sold_kw * scheme.natura_price_per_kw
        out.lines += [
            SettlementLine(
                "natura", out.farmer_sugar_kw, "kw", scheme.natura_fraction, out.natura_kw, "kw"
            ),
            SettlementLine("natura_consumed", delivery.natura_consumed_kw, "kw"),
            _total("natura_sold", out.natura_sold_kw, "kw"),
        ]
    out.lines += [
        SettlementLine(
            "revenue_sugar",
            out.auctioned_sugar_kw,
            "kw",
            scheme.bridging_price_per_kw,
            out.revenue_sugar,
            "Rp",
        ),
        SettlementLine(
            "revenue_profit_sharing",
            out.auctioned_sugar_kw,
            "kw",
            scheme.profit_sharing_per_kw_auctioned,
            out.revenue_profit_sharing,
            "Rp",
        ),
    ]
    if scheme.natura_fraction > 0:
        out.lines.append(
            SettlementLine(
                "revenue_natura",
                out.natura_sold_kw,
                "kw",
                scheme.natura_price_per_kw,
                out.revenue_natura,
                "Rp",
            )
        )
    _add_molasses(delivery, scheme, out)
    return out


def _flat_value_share(
    delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal
) -> _Proceeds:
    # domain.md 5b, PG Pakis Baru: 65 % of the sugar value to the farmer, 35 % milling fee.
    out = _Proceeds()
    share = scheme.flat_farmer_share
    sugar_value = hablur * scheme.sugar_price_per_kw
    out.farmer_sugar_kw = hablur * share
    out.mill_sugar_kw = hablur - out.farmer_sugar_kw
    out.revenue_sugar = sugar_value * share
    out.lines += [
        SettlementLine("farmer_sugar", hablur, "kw", share, out.farmer_sugar_kw, "kw"),
        _total("mill_sugar", out.mill_sugar_kw, "kw"),
        SettlementLine("sugar_value", hablur, "kw", scheme.sugar_price_per_kw, sugar_value, "Rp"),
        SettlementLine("revenue_sugar", sugar_value, "Rp", share, out.revenue_sugar, "Rp"),
    ]
    _add_molasses(delivery, scheme, out)
    return out


def _price_per_kg(delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal) -> _Proceeds:
    # domain.md 5b, PT SMS Dompu: cane bought by weight at the contract price (Rp 380/kg) when
    # standards are met; farmers were paid less (Rp 250/kg). The gap is kept as a signal.
    out = _Proceeds()
    cane_kg = delivery.cane_kw * KG_PER_KW
    contract = scheme.contract_price_per_kg
    paid = contract if scheme.paid_price_per_kg is None else scheme.paid_price_per_kg
    out.agreed_revenue = cane_kg * contract
    out.revenue_cane = cane_kg * paid
    out.price_shortfall = max(out.agreed_revenue - out.revenue_cane, ZERO)
    out.lines += [
        SettlementLine("cane_weight", delivery.cane_kw, "kw", KG_PER_KW, cane_kg, "kg"),
        SettlementLine("agreed_revenue", cane_kg, "kg", contract, out.agreed_revenue, "Rp"),
        SettlementLine("revenue_cane", cane_kg, "kg", paid, out.revenue_cane, "Rp"),
    ]
    if out.price_shortfall > 0:
        out.lines.append(_total("price_shortfall", out.price_shortfall))
    return out


def _multi_stream(delivery: DeliveryInput, scheme: SettlementScheme, hablur: Decimal) -> _Proceeds:
    # domain.md 5b, PT Gunung Madu: farmers share in the harvest, molasses sales and sugar sales.
    values = delivery.stream_values or {}
    missing = [stream for stream in scheme.stream_shares if stream not in values]
    if missing:
        raise SettlementInputError(
            "missing_stream_value",
            f"no value given for streams: {', '.join(missing)}",
            streams=missing,
        )
    unknown = sorted(set(values) - set(scheme.stream_shares))
    if unknown:
        raise SettlementInputError(
            "unknown_stream",
            f"the scheme has no share for streams: {', '.join(unknown)}",
            streams=unknown,
        )
    out = _Proceeds()
    for stream, share in scheme.stream_shares.items():
        out.revenue_streams[stream] = values[stream] * share
        out.lines.append(
            SettlementLine(
                "revenue_stream",
                values[stream],
                "Rp",
                share,
                out.revenue_streams[stream],
                "Rp",
                stream,
            )
        )
    return out


_PROCEEDS_BY_KIND = {
    "rendemen_tier": _rendemen_tier,
    "flat_value_share": _flat_value_share,
    "price_per_kg": _price_per_kg,
    "multi_stream": _multi_stream,
}


def _deductions(
    delivery: DeliveryInput, scheme: SettlementScheme, proceeds: _Proceeds
) -> list[Deduction]:
    # domain.md 5: sacks Rp 7,500/kw of auctioned sugar; cutting-loading and haulage per kw of cane
    # only when the mill's crews did TMA; credit principal and interest; other agreed dues.
    result = []
    if scheme.sack_fee_per_kw_auctioned > 0:
        result.append(
            Deduction(
                "sacks",
                "Sugar sacks",
                proceeds.auctioned_sugar_kw,
                "kw",
                scheme.sack_fee_per_kw_auctioned,
                proceeds.auctioned_sugar_kw * scheme.sack_fee_per_kw_auctioned,
            )
        )
    if delivery.tma_by_mill:
        for code, label, rate in (
            ("cutting", "Cutting and loading by the mill's crews", scheme.cutting_fee_per_kw_cane),
            ("haulage", "Haulage by the mill", scheme.haulage_fee_per_kw_cane),
        ):
            if rate is None:
                raise SettlementInputError(
                    "tma_fee_not_configured",
                    f"the mill's crews did TMA but the scheme has no {code} fee",
                    field=f"{code}_fee_per_kw_cane",
                )
            result.append(
                Deduction(code, label, delivery.cane_kw, "kw", rate, delivery.cane_kw * rate)
            )
    for code, entries in (
        ("credit", delivery.credit_deductions),
        ("other", delivery.other_deductions),
    ):
        result += [Deduction(code, label, None, None, None, amount) for label, amount in entries]
    return result


def settle(delivery: DeliveryInput, scheme: SettlementScheme) -> Settlement:
    """Settle one DO: the farmer's sugar, every proceed and deduction, net and payable.

    Net = proceeds − deductions (domain.md 5); a negative net pays nothing and the rest stays as
    debt (``carried_debt``). Warnings flag shares below the legal minimum and a paid price below
    the contract price; raising them with the mill is the caller's decision.
    """
    if delivery.stream_values is not None and scheme.kind != "multi_stream":
        raise SettlementInputError(
            "not_applicable",
            "stream_values are only used by multi_stream schemes",
            field="stream_values",
            kind=scheme.kind,
        )
    if delivery.natura_consumed_kw > 0 and scheme.kind != "rendemen_tier":
        raise SettlementInputError(
            "not_applicable",
            "only rendemen_tier schemes pay part of the sugar as natura",
            field="natura_consumed_kw",
            kind=scheme.kind,
        )
    cane, rendemen = delivery.cane_kw, delivery.rendemen_percent
    hablur = cane * rendemen / HUNDRED
    proceeds = _PROCEEDS_BY_KIND[scheme.kind](delivery, scheme, hablur)
    total_revenue = proceeds.total_revenue
    deductions = _deductions(delivery, scheme, proceeds)
    total_deductions = sum((deduction.amount for deduction in deductions), ZERO)
    net = total_revenue - total_deductions
    payable = net if net > 0 else ZERO
    carried_debt = -net if net < 0 else ZERO

    warnings = list(scheme.share_warnings())
    if proceeds.price_shortfall > 0:
        warnings.append(
            SettlementWarning(
                "paid_below_contract_price",
                f"paid Rp {scheme.paid_price_per_kg}/kg, below the contract price "
                f"Rp {scheme.contract_price_per_kg}/kg: shortfall Rp {proceeds.price_shortfall}",
                {
                    "contract_price_per_kg": scheme.contract_price_per_kg,
                    "paid_price_per_kg": scheme.paid_price_per_kg,
                    "price_shortfall": proceeds.price_shortfall,
                },
            )
        )

    lines = [
        SettlementLine("cane", cane, "kw"),
        SettlementLine("rendemen", rendemen, "%"),
        SettlementLine("hablur", cane, "kw", rendemen / HUNDRED, hablur, "kw"),
        *proceeds.lines,
        _total("total_revenue", total_revenue),
        *(
            SettlementLine(
                f"deduction_{d.code}", d.quantity, d.unit, d.rate, d.amount, "Rp", d.label
            )
            for d in deductions
        ),
        _total("total_deductions", total_deductions),
        _total("net", net),
        _total("carried_debt", carried_debt),
        _total("payable", payable),
    ]
    return Settlement(
        name=delivery.name,
        kind=scheme.kind,
        cane_kw=cane,
        rendemen_percent=rendemen,
        hablur_kw=hablur,
        farmer_sugar_kw=proceeds.farmer_sugar_kw,
        mill_sugar_kw=proceeds.mill_sugar_kw,
        auctioned_sugar_kw=proceeds.auctioned_sugar_kw,
        natura_kw=proceeds.natura_kw,
        natura_consumed_kw=delivery.natura_consumed_kw,
        natura_sold_kw=proceeds.natura_sold_kw,
        molasses_kg=proceeds.molasses_kg,
        revenue_sugar=proceeds.revenue_sugar,
        revenue_molasses=proceeds.revenue_molasses,
        revenue_natura=proceeds.revenue_natura,
        revenue_profit_sharing=proceeds.revenue_profit_sharing,
        revenue_cane=proceeds.revenue_cane,
        revenue_streams=dict(proceeds.revenue_streams),
        agreed_revenue=proceeds.agreed_revenue,
        price_shortfall=proceeds.price_shortfall,
        total_revenue=total_revenue,
        deductions=tuple(deductions),
        total_deductions=total_deductions,
        net=net,
        payable=payable,
        carried_debt=carried_debt,
        warnings=tuple(warnings),
        lines=tuple(lines),
    )


@dataclass(frozen=True)
class WhatIfResult:
    cane_kw: Decimal
    rendemen_percent: Decimal
    farmer_sugar_kw: Decimal
    estimated_total_revenue: Decimal


def sugar_share_what_if(
    cane_kw: Decimal,
    rendemen_percent: Decimal,
    scheme: SettlementScheme,
    *,
    stream_values: Mapping[str, Decimal] | None = None,
) -> WhatIfResult:
    """The farmer's "what if my rendemen were X" calculator: sugar and proceeds before deductions,
    assuming all natura is sold (none kept for the household)."""
    settlement = settle(
        DeliveryInput(
            name="what-if",
            area_ha=ZERO,
            cane_kw=cane_kw,
            rendemen_percent=rendemen_percent,
            stream_values=stream_values,
        ),
        scheme,
    )
    return WhatIfResult(
        cane_kw=settlement.cane_kw,
        rendemen_percent=settlement.rendemen_percent,
        farmer_sugar_kw=settlement.farmer_sugar_kw,
        estimated_total_revenue=settlement.total_revenue,
    )
