"""Season contracts: drafted from the mill's template, printed, signed; renewed each season."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import (
    ContractStatus,
    ContractTemplate,
    Farmer,
    PartnerType,
    Plot,
    RegistrationStatus,
    Season,
    SeasonContract,
)
from partners.permissions import Action, require
from partners.services.registration import mark_contracted
from tebu_site.services import apply_changes, require_visible, save_with_history

CONTRACTABLE = {RegistrationStatus.APPROVED, RegistrationStatus.CONTRACTED}


def template_for(mill) -> ContractTemplate | None:
    """The mill's template in use (the first by name when there are several)."""
    return ContractTemplate.objects.filter(mill=mill, is_active=True).order_by("name").first()


def next_season(season: Season) -> Season | None:
    # Season names sort as text ("2025/2026" < "2026/2027").
    return Season.objects.filter(mill=season.mill, name__gt=season.name).order_by("name").first()


def _next_number(mill, season: Season) -> str:
    prefix = f"{mill.code.upper()}/{season.name}/"
    existing = SeasonContract.objects.filter(mill=mill, season=season, number__startswith=prefix)
    serial = existing.count() + 1
    while existing.filter(number=f"{prefix}{serial:04d}").exists():
        serial += 1
    return f"{prefix}{serial:04d}"


def _check_plots(farmer: Farmer, plots: Iterable[Plot]) -> list[Plot]:
    plots = list(plots)
    errors = []
    for plot in plots:
        if plot.farmer_id != farmer.pk:
            errors.append(_("Plot %(code)s belongs to another farmer.") % {"code": plot.code})
        elif not plot.is_active or plot.registration_status not in CONTRACTABLE:
            errors.append(
                _("Plot %(code)s is %(status)s; only approved plots can be contracted.")
                % {"code": plot.code, "status": plot.get_registration_status_display().lower()}
            )
    if errors:
        raise ValidationError({"plots": errors})
    return plots


@transaction.atomic
def create_contract(
    *,
    by,
    farmer: Farmer,
    season: Season,
    plots: Iterable[Plot],
    partner_type: str,
    partnership_pattern: str | None = None,
    template: ContractTemplate | None = None,
    clauses: list[str] | None = None,
    notes: str = "",
    renewed_from: SeasonContract | None = None,
) -> SeasonContract:
    """Draft a contract; clauses and pattern come from the mill's template unless given."""
    require(by, Action.EDIT_CONTRACT)
    require_visible(by, farmer)
    if season.mill_id != farmer.mill_id:
        raise ValidationError({"season": [_("The season belongs to another mill.")]})
    if template is None and (clauses is None or partnership_pattern is None):
        template = template_for(farmer.mill)
    if template is not None and template.mill_id != farmer.mill_id:
        raise ValidationError({"template": [_("The template belongs to another mill.")]})
    if clauses is None:
        clauses = template.clause_list if template else []
    if partnership_pattern is None:
        if template is None:
            raise ValidationError({"partnership_pattern": [_("Choose the partnership pattern.")]})
        partnership_pattern = template.partnership_pattern
    if (
        SeasonContract.objects.filter(farmer=farmer, season=season)
        .exclude(status=ContractStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            {"season": [_("This farmer already has a contract for season %s.") % season.name]}
        )
    plots = _check_plots(farmer, plots)
    contract = SeasonContract(
        number=_next_number(farmer.mill, season),
        mill=farmer.mill,
        season=season,
        farmer=farmer,
        partner_type=partner_type,
        partnership_pattern=partnership_pattern,
        clauses=[clause.strip() for clause in clauses if clause.strip()],
        template=template,
        notes=notes,
        renewed_from=renewed_from,
    )
    contract.full_clean(exclude=["plots"])
    save_with_history(contract, by)
    contract.plots.set(plots)
    return contract


@transaction.atomic
def update_contract(
    *,
    contract: SeasonContract,
    by,
    changes: dict[str, Any],
    plots: Iterable[Plot] | None = None,
) -> list[str]:
    """Edit a draft (partner type, pattern, clauses, notes, plots). A signed contract is final."""
    require(by, Action.EDIT_CONTRACT)
    require_visible(by, contract)
    if not contract.is_draft:
        raise ValidationError(_("Only a draft contract can be changed."))
    allowed = {"partner_type", "partnership_pattern", "clauses", "notes"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if "clauses" in changes:
        changes = {**changes, "clauses": [c.strip() for c in changes["clauses"] if c.strip()]}
    changed = apply_changes(contract, changes)
    if changed:
        contract.full_clean(exclude=["plots"])
        save_with_history(contract, by)
    if plots is not None:
        plots = _check_plots(contract.farmer, plots)
        if {p.pk for p in plots} != set(contract.plots.values_list("pk", flat=True)):
            contract._history_user = by
            contract.plots.set(plots)
            changed.append("plots")
    return changed


@transaction.atomic
def sign_contract(*, contract: SeasonContract, by, signed_on: date) -> SeasonContract:
    """Record the farmer's signature. Its plots become contracted; for the current season the
    farmer's partner type follows the contract."""
    require(by, Action.SIGN_CONTRACT)
    require_visible(by, contract)
    if not contract.is_draft:
        raise ValidationError(_("Only a draft contract can be signed."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": [_("The signing date cannot be in the future.")]})
    plots = _check_plots(contract.farmer, contract.plots.all())
    if not plots:
        raise ValidationError({"plots": [_("A contract needs at least one plot.")]})
    contract.status = ContractStatus.SIGNED
    contract.signed_on = signed_on
    contract.signed_recorded_by = by
    save_with_history(contract, by)
    for plot in plots:
        mark_contracted(plot=plot, by=by, note=contract.number)
    if contract.season.is_current:
        farmer = contract.farmer
        farmer.partner_type = contract.partner_type
        if farmer.partner_since is None and contract.partner_type != PartnerType.NON_PARTNER:
            farmer.partner_since = int(contract.season.name[:4])
        save_with_history(farmer, by)
    return contract


@transaction.atomic
def cancel_contract(*, contract: SeasonContract, by, reason: str) -> SeasonContract:
    require(by, Action.EDIT_CONTRACT)
    require_visible(by, contract)
    if not contract.is_draft:
        raise ValidationError(_("Only a draft contract can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    contract.status = ContractStatus.CANCELLED
    contract.notes = f"{contract.notes}\n{reason.strip()}".strip()
    save_with_history(contract, by)
    return contract


@transaction.atomic
def renew_contract(*, contract: SeasonContract, by, season: Season | None = None) -> SeasonContract:
    """Draft next season's contract as a copy of this one (partner type, pattern, clauses and the
    plots still registered) for staff to review with the farmer before it is signed."""
    require(by, Action.EDIT_CONTRACT)
    require_visible(by, contract)
    if contract.status == ContractStatus.CANCELLED:
        raise ValidationError(_("A cancelled contract cannot be renewed."))
    season = season or next_season(contract.season)
    if season is None:
        raise ValidationError(
            {"season": [_("There is no later season of this mill to renew into yet.")]}
        )
    if season.name <= contract.season.name:
        raise ValidationError({"season": [_("Choose a season after %s.") % contract.season.name]})
    plots = [
        plot
        for plot in contract.plots.all()
        if plot.is_active and plot.registration_status in CONTRACTABLE
    ]
    try:
        return create_contract(
            by=by,
            farmer=contract.farmer,
            season=season,
            plots=plots,
            partner_type=contract.partner_type,
            partnership_pattern=contract.partnership_pattern,
            template=contract.template,
            clauses=list(contract.clauses),
            notes=contract.notes,
            renewed_from=contract,
        )
    except IntegrityError as error:  # two clicks at once: the constraint keeps one contract
        raise ValidationError(_("This farmer already has a contract for that season.")) from error
