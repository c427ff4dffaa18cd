"""Credit applications: create and change them with the ceiling checked, the document checklist,
the PKBL interview and the plot visit (domain.md section 4).

Rules: the plots must be the farmer's, contracted for the season (and TRK for KUR and PKBL);
the product must take applications today (its windows, or a manager's exception); the amount
asked may not exceed the ceiling (area × rate per class, capped by the per-farmer cap
less the farmer's other open loans and by the credit limit); a KUR applicant declares no unsettled
bank loan before submitting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import calculations as calc
from credit import limit_text
from credit.models import (
    ApplicationDocument,
    ApplicationPlot,
    ApplicationStatus,
    CollateralItem,
    CreditApplication,
    CreditProduct,
    RdkkLine,
    StatusChange,
)
from credit.permissions import CreditAction, require
from credit.selectors import ceiling_for
from credit.services import windows
from partners.models import ContractStatus, Farmer, PartnerType, Plot, SeasonContract
from tebu_site.formatting import format_rupiah
from tebu_site.services import require_visible, save_with_history

ZERO = Decimal(0)


@dataclass(frozen=True)
class PlotLine:
    """A plot the application finances; crop class and area default to the plot's."""

    plot: Plot
    crop_class: str = ""
    area_ha: Decimal | None = None


@dataclass(frozen=True)
class RdkkItem:
    item: str
    quantity: Decimal
    unit: str
    amount: Decimal


@dataclass(frozen=True)
class Collateral:
    kind: str
    owner_name: str
    value: Decimal
    description: str = ""


def _contract_of(farmer: Farmer, season) -> SeasonContract | None:
    # A signed contract, as for cutting (SPTA): a draft may still change its plots.
    return (
        SeasonContract.objects.filter(farmer=farmer, season=season, status=ContractStatus.SIGNED)
        .prefetch_related("plots")
        .first()
    )


def _check_plots(
    farmer: Farmer, product: CreditProduct, lines: Sequence[PlotLine]
) -> tuple[list[PlotLine], dict[str, list[str]]]:
    """The lines with their defaults filled, and the errors under "plots"."""
    errors: list[str] = []
    if not lines:
        return [], {"plots": [_("Choose at least one plot to finance.")]}
    contract = _contract_of(farmer, product.season)
    contracted = {plot.pk for plot in contract.plots.all()} if contract else set()
    if contract is None:
        errors.append(
            _(
                "%(farmer)s has no signed contract for season %(season)s: only contracted plots "
                "are financed."
            )
            % {"farmer": farmer.name, "season": product.season.name}
        )
    elif product.needs_trk and contract.partner_type != PartnerType.TRK:
        errors.append(
            _(
                "%(product)s finances credit partners (TRK) only; this season's contract is "
                "%(type)s."
            )
            % {"product": product.name, "type": contract.get_partner_type_display()}
        )
    elif not product.allows_partner_type(contract.partner_type):
        errors.append(
            _("%(product)s is not offered to %(type)s partners.")
            % {"product": product.name, "type": contract.get_partner_type_display()}
        )
    filled: list[PlotLine] = []
    seen: set[int] = set()
    for line in lines:
        plot = line.plot
        area = line.area_ha if line.area_ha is not None else plot.area_ha
        crop_class = line.crop_class or plot.crop_class
        if plot.farmer_id != farmer.pk:
            errors.append(_("Plot %(code)s is another farmer's.") % {"code": plot.code})
        elif contract is not None and plot.pk not in contracted:
            errors.append(
                _("Plot %(code)s is not in the contract for season %(season)s.")
                % {"code": plot.code, "season": product.season.name}
            )
        if plot.pk in seen:
            errors.append(_("Plot %(code)s is listed twice.") % {"code": plot.code})
        seen.add(plot.pk)
        if area is None or area <= 0:
            errors.append(_("Give the area financed on plot %(code)s.") % {"code": plot.code})
        elif area > plot.area_ha:
            errors.append(
                _("Plot %(code)s has %(area)s ha; more cannot be financed on it.")
                % {"code": plot.code, "area": plot.area_ha.normalize()}
            )
        if product.rate_for(crop_class) is None:
            errors.append(
                _("%(product)s does not finance this crop class (plot %(code)s).")
                % {"product": product.name, "code": plot.code}
            )
        filled.append(PlotLine(plot=plot, crop_class=crop_class, area_ha=area))
    return filled, ({"plots": errors} if errors else {})


def refusal_reason(ceiling: calc.Ceiling, requested: Decimal, product: CreditProduct) -> str:
    """Why ``requested`` is refused, in words the farmer and staff understand ("" when it fits)."""
    if requested <= ceiling.amount:
        return ""
    params = {
        "requested": format_rupiah(requested),
        "ceiling": format_rupiah(ceiling.amount),
        "by_area": format_rupiah(ceiling.by_area),
        "cap": format_rupiah(product.cap_per_farmer),
        "room": format_rupiah(ceiling.cap_room),
        "limit": format_rupiah(ceiling.limit),
    }
    if ceiling.limited_by == "cap":
        return (
            _(
                "%(requested)s is more than this farmer may still borrow: the cap per farmer is "
                "%(cap)s including the other open loans, which leaves %(room)s."
            )
            % params
        )
    if ceiling.limited_by == "limit" and ceiling.decision is not None:
        # A "harvest record" product: the decision says what counted and what it gave.
        if ceiling.decision.refused:
            return limit_text.headline(ceiling.decision)
        return (
            _("%(requested)s is more than this farmer's credit limit of %(limit)s.") % params
            + " "
            + limit_text.headline(ceiling.decision)
        )
    if ceiling.limited_by == "limit":
        return (
            _(
                "%(requested)s is more than this farmer's credit limit of %(limit)s (it grows "
                "with years of membership and the delivery record)."
            )
            % params
        )
    return (
        _(
            "%(requested)s is more than the ceiling of %(ceiling)s (area × the product's rate "
            "per hectare for each crop class)."
        )
        % params
    )


def _check_amount(
    *, farmer, product, lines, requested, exclude=None
) -> tuple[calc.Ceiling, dict[str, list[str]]]:
    ceiling = ceiling_for(
        farmer=farmer,
        product=product,
        plot_lines=[(line.crop_class, line.area_ha) for line in lines],
        exclude=exclude,
    )
    errors: dict[str, list[str]] = {}
    if requested is None or requested <= 0:
        errors["requested_amount"] = [_("Give the amount asked (more than 0).")]
    else:
        reason = refusal_reason(ceiling, requested, product)
        if reason:
            errors["requested_amount"] = [reason]
    return ceiling, errors


def _first_season_check(farmer: Farmer, product: CreditProduct) -> dict[str, list[str]]:
    from credit.selectors import delivered_seasons_of

    if product.requires_uncredited_harvest and delivered_seasons_of(farmer, product) == 0:
        return {
            "product": [
                _(
                    "A farmer in the first season must first deliver one harvest without credit "
                    "(%(product)s)."
                )
                % {"product": product.name}
            ]
        }
    return {}


def _next_number(product: CreditProduct) -> str:
    prefix = f"KR/{product.mill.code.upper()}/{product.season.name}/"
    existing = CreditApplication.objects.filter(season=product.season, number__startswith=prefix)
    serial = existing.count() + 1
    while existing.filter(number=f"{prefix}{serial:05d}").exists():
        serial += 1
    return f"{prefix}{serial:05d}"


def _replace_children(application, lines, rdkk, collateral) -> None:
    if lines is not None:
        application.plot_lines.all().delete()
        ApplicationPlot.objects.bulk_create(
            ApplicationPlot(
                application=application,
                plot=line.plot,
                crop_class=line.crop_class,
                area_ha=line.area_ha,
            )
            for line in lines
        )
    if rdkk is not None:
        application.rdkk_lines.all().delete()
        RdkkLine.objects.bulk_create(
            RdkkLine(
                application=application,
                item=item.item.strip(),
                quantity=item.quantity,
                unit=item.unit.strip(),
                amount=item.amount,
            )
            for item in rdkk
        )
    if collateral is not None:
        application.collateral_items.all().delete()
        CollateralItem.objects.bulk_create(
            CollateralItem(
                application=application,
                kind=item.kind,
                owner_name=item.owner_name.strip(),
                description=item.description.strip(),
                value=item.value,
            )
            for item in collateral
        )


def _check_rdkk_and_collateral(rdkk, collateral) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(rdkk or (), start=1):
        if not item.item.strip() or item.quantity < 0 or item.amount < 0:
            errors.setdefault("rdkk_lines", []).append(
                _("RDKK line %(n)s needs an item, a quantity and an amount (not negative).")
                % {"n": index}
            )
    for index, item in enumerate(collateral or (), start=1):
        if not item.owner_name.strip() or item.value is None or item.value <= 0:
            errors.setdefault("collateral", []).append(
                _("Collateral %(n)s needs its owner and a value above 0.") % {"n": index}
            )
    return errors


@transaction.atomic
def create_application(
    *,
    by,
    farmer: Farmer,
    product: CreditProduct,
    plots: Sequence[PlotLine],
    requested_amount: Decimal,
    declares_no_bank_loan: bool = False,
    rdkk_lines: Iterable[RdkkItem] = (),
    collateral: Iterable[Collateral] = (),
    notes: str = "",
) -> CreditApplication:
    """A draft application with its checklist copied from the product. Refused (ValidationError)
    outside the product's application windows (unless a manager recorded an exception for this
    farmer, which the application then uses), when a plot is not contracted (or not TRK for
    KUR/PKBL), or the amount is over the ceiling."""
    require(by, CreditAction.EDIT_APPLICATION)
    require_visible(by, farmer)
    require_visible(by, product)
    errors: dict[str, list[str]] = {}
    if product.mill_id != farmer.mill_id:
        errors["product"] = [_("The product belongs to another mill.")]
    elif not product.is_active:
        errors["product"] = [_("%(product)s is closed for applications.") % {"product": product}]
    else:
        refusal, exception = windows.check_window(
            product=product, farmer=farmer, on=timezone.localdate()
        )
        if refusal:
            errors["product"] = [refusal]
    if errors:
        raise ValidationError(errors)
    rdkk_lines, collateral = list(rdkk_lines), list(collateral)
    lines, plot_errors = _check_plots(farmer, product, plots)
    errors.update(plot_errors)
    errors.update(_first_season_check(farmer, product))
    errors.update(_check_rdkk_and_collateral(rdkk_lines, collateral))
    ceiling, amount_errors = _check_amount(
        farmer=farmer, product=product, lines=lines, requested=requested_amount
    )
    if not plot_errors:
        errors.update(amount_errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    application = CreditApplication(
        number=_next_number(product),
        farmer=farmer,
        season=product.season,
        product=product,
        status=ApplicationStatus.DRAFT,
        status_changed_at=now,
        requested_amount=calc.money(requested_amount),
        ceiling_amount=calc.money(ceiling.amount),
        declares_no_bank_loan=declares_no_bank_loan,
        notes=(notes or "").strip(),
        created_by=by,
    )
    save_with_history(application, by)
    windows.use_exception(exception, application, by)
    _replace_children(application, lines, rdkk_lines, collateral)
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(application=application, name=name[:200], order=index)
        for index, name in enumerate(product.required_documents or [], start=1)
        if str(name).strip()
    )
    StatusChange.objects.create(
        application=application,
        from_status="",
        to_status=ApplicationStatus.DRAFT,
        at=now,
        by=by,
        note=_("Application entered."),
    )
    return application


@transaction.atomic
def update_application(
    *,
    application: CreditApplication,
    by,
    plots: Sequence[PlotLine] | None = None,
    requested_amount: Decimal | None = None,
    declares_no_bank_loan: bool | None = None,
    rdkk_lines: Iterable[RdkkItem] | None = None,
    collateral: Iterable[Collateral] | None = None,
    notes: str | None = None,
) -> CreditApplication:
    """Change a draft or submitted application; the ceiling is checked again. Arguments left
    None stay as they are."""
    require(by, CreditAction.EDIT_APPLICATION)
    require_visible(by, application)
    application = CreditApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise ValidationError(
            _("Application %(number)s is %(status)s and can no longer be changed.")
            % {"number": application.number, "status": application.get_status_display()}
        )
    product, farmer = application.product, application.farmer
    errors: dict[str, list[str]] = {}
    if plots is not None:
        lines, plot_errors = _check_plots(farmer, product, plots)
        errors.update(plot_errors)
    else:
        plot_errors = {}
        lines = [
            PlotLine(plot=line.plot, crop_class=line.crop_class, area_ha=line.area_ha)
            for line in application.plot_lines.select_related("plot")
        ]
    rdkk_lines = list(rdkk_lines) if rdkk_lines is not None else None
    collateral = list(collateral) if collateral is not None else None
    errors.update(_check_rdkk_and_collateral(rdkk_lines, collateral))
    requested = requested_amount if requested_amount is not None else application.requested_amount
    ceiling, amount_errors = _check_amount(
        farmer=farmer, product=product, lines=lines, requested=requested, exclude=application
    )
    if not plot_errors:
        errors.update(amount_errors)
    if errors:
        raise ValidationError(errors)
    application.requested_amount = calc.money(requested)
    application.ceiling_amount = calc.money(ceiling.amount)
    if declares_no_bank_loan is not None:
        application.declares_no_bank_loan = declares_no_bank_loan
    if notes is not None:
        application.notes = notes.strip()
    save_with_history(application, by)
    _replace_children(application, lines if plots is not None else None, rdkk_lines, collateral)
    return application


@transaction.atomic
def record_interview(
    *,
    application: CreditApplication,
    by,
    held_on: date | None = None,
    notes: str = "",
    skipped: bool = False,
) -> CreditApplication:
    """The PKBL interview, or the decision to skip it for a trusted farmer (with the reason in
    ``notes``)."""
    require(by, CreditAction.RECORD_INTERVIEW)
    require_visible(by, application)
    application = CreditApplication.objects.select_for_update().get(pk=application.pk)
    errors: dict[str, list[str]] = {}
    if skipped and not notes.strip():
        errors["notes"] = [_("Say why the interview is skipped.")]
    if not skipped and held_on is None:
        errors["held_on"] = [_("Give the date of the interview.")]
    if held_on is not None and held_on > timezone.localdate():
        errors["held_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    application.interview_on = None if skipped else held_on
    application.interview_skipped = skipped
    application.interview_notes = notes.strip()
    application.interview_by = by
    save_with_history(application, by)
    return application


@transaction.atomic
def record_plot_visit(
    *, application: CreditApplication, by, visited_on: date, report: str
) -> CreditApplication:
    """The plot visit and its signed report (PKBL; the mill's plot check for KUR)."""
    require(by, CreditAction.RECORD_PLOT_VISIT)
    require_visible(by, application)
    application = CreditApplication.objects.select_for_update().get(pk=application.pk)
    errors: dict[str, list[str]] = {}
    if not (report or "").strip():
        errors["report"] = [_("Write what the visit found.")]
    if visited_on is None:
        errors["visited_on"] = [_("Give the date of the visit.")]
    elif visited_on > timezone.localdate():
        errors["visited_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    application.plot_visit_on = visited_on
    application.plot_visit_by = by
    application.plot_visit_report = report.strip()
    save_with_history(application, by)
    return application
