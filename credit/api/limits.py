"""PG Pakis Baru's terms in the ledger API: the limit decision with what counted and what it gave
(numbers as strings, exact; the same sentences the pages show), the guarantor, and the
subsidised fertiliser quota with its draws."""

from __future__ import annotations

from dataclasses import asdict
from decimal import ROUND_HALF_UP, Decimal

from credit.calculations import money


def _rupiah(value) -> str | None:
    return None if value is None else str(money(value))


def _kg(value) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def limit_data(panel) -> dict | None:
    if panel is None:
        return None
    decision, guarantee = panel.decision, panel.guarantee
    return {
        "decision": None
        if decision is None
        else {
            "basis": decision.basis,
            "amount": _rupiah(decision.amount),
            "per_ha": _rupiah(decision.per_ha),
            "area_ha": _plain(decision.area_ha),
            "refusal": decision.refusal,
            "seasons": list(decision.seasons),
            "score": _plain(decision.score),
            "membership": _rupiah(decision.membership),
            "factors": [_plain(asdict(factor)) for factor in decision.factors],
            "headline": panel.headline,
            "rows": [asdict(row) for row in panel.rows],
        },
        "guarantor_rule": panel.guarantor_rule,
        "guarantee": None
        if guarantee is None
        else {
            "kind": guarantee.kind,
            "name": guarantee.guarantor_name,
            "letter_status": guarantee.document.status,
        },
        "fertiliser_quota": None
        if panel.quota is None
        else {
            "area_ha": str(panel.quota.area_ha),
            "phonska_kg": _kg(panel.quota.phonska_kg),
            "za_kg": _kg(panel.quota.za_kg),
        },
    }


def quota_data(quota) -> dict:
    return {
        "season": quota.season.name,
        "phonska_kg": _kg(quota.phonska_kg),
        "za_kg": _kg(quota.za_kg),
        "drawn_phonska_kg": _kg(quota.drawn_phonska_kg),
        "drawn_za_kg": _kg(quota.drawn_za_kg),
        "left_phonska_kg": _kg(quota.left_phonska_kg),
        "left_za_kg": _kg(quota.left_za_kg),
        "draws": [
            {
                "drawn_on": draw.drawn_on,
                "phonska_kg": str(draw.phonska_kg),
                "za_kg": str(draw.za_kg),
                "value": _rupiah(draw.advance.value),
            }
            for draw in quota.draws
        ],
    }
