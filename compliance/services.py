"""Compliance writes: the catalogue, the thresholds, events raised by staff or by a rule, status
steps with their log, sanctions, answers and evidence files (domain.md section 9).

Every write checks the caller's role (compliance.permissions) and that they may see what they
touch (scope_for), and raises django ValidationError with a message a reader can act on. Farmers
hear about events that concern them through notices.notify (portal, SMS, email).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.defaults import DEFAULT_TYPES
from compliance.models import (
    ComplianceEvent,
    ComplianceSettings,
    EventAnswer,
    EventStatus,
    EventStatusChange,
    EventType,
    EvidenceFile,
    Party,
    SanctionType,
    SeasonBenchmark,
)
from compliance.permissions import ComplianceAction, require
from notices.services import notify
from partners.models import Farmer, Mill, Season
from partners.validators import validate_document_file
from tebu_site.services import require_visible, save_with_history

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


# --- the catalogue and the thresholds ----------------------------------------------------------


def ensure_default_types(mill: Mill) -> list[EventType]:
    """The default types of domain.md 9 for ``mill``, created where missing; safe to call on
    every use. Names are stored in English (the msgid) and shown translated while unchanged."""
    existing = set(EventType.objects.filter(mill=mill).values_list("code", flat=True))
    missing = [default for default in DEFAULT_TYPES if default.code not in existing]
    if missing:
        with translation.override("en"):
            for default in missing:
                try:
                    with transaction.atomic():
                        EventType.objects.create(
                            mill=mill,
                            code=default.code,
                            party=default.party,
                            name=str(default.name),
                            description=str(default.description),
                        )
                except IntegrityError:
                    continue  # created meanwhile by a concurrent caller
    return list(EventType.objects.filter(mill=mill))


def settings_for(mill: Mill) -> ComplianceSettings:
    return ComplianceSettings.for_mill(mill)


SETTINGS_FIELDS = (
    "do_unpaid_days",
    "tranche_late_days",
    "expected_yield_kw_per_ha",
    "low_delivery_percent",
    "low_delivery_quiet_days",
    "spta_expiries",
    "on_time_target_percent",
)


@transaction.atomic
def update_settings(*, mill: Mill, by, **values) -> ComplianceSettings:
    require(by, ComplianceAction.CONFIGURE)
    require_visible(by, mill)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown settings: %(names)s") % {"names": ", ".join(unknown)})
    record = ComplianceSettings.objects.select_for_update().filter(mill=mill).first()
    record = record or ComplianceSettings(mill=mill)
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    save_with_history(record, by)
    return record


@transaction.atomic
def save_event_type(
    *,
    by,
    mill: Mill,
    name: str,
    party: str,
    description: str = "",
    is_active: bool = True,
    code: str = "",
    event_type: EventType | None = None,
) -> EventType:
    """Add a type to a mill's catalogue, or rename, describe or switch off one. The code of an
    existing type never changes: the rules find their types by it."""
    require(by, ComplianceAction.CONFIGURE)
    require_visible(by, mill)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the type a name.")]
    if party not in Party.values:
        errors["party"] = [_("Choose the party.")]
    if event_type is None:
        from django.utils.text import slugify

        code = slugify(code or name)[:50].replace("-", "_")
        if not code:
            errors.setdefault("name", []).append(_("The name needs letters or digits."))
        elif EventType.objects.filter(mill=mill, code=code).exists():
            errors["name"] = [_("The mill already has a type with this name.")]
        event_type = EventType(mill=mill, code=code)
    elif event_type.mill_id != mill.pk:
        raise ValidationError(_("The type belongs to another mill."))
    if errors:
        raise ValidationError(errors)
    event_type.name = name.strip()
    event_type.party = party
    event_type.description = (description or "").strip()
    event_type.is_active = is_active
    event_type.full_clean()
    event_type.save()
    return event_type


@transaction.atomic
def record_benchmark(
    *,
    by,
    season: Season,
    expected_yield_kw_per_ha: Decimal | None,
    non_partner_price_per_kw: Decimal | None,
    source: str = "",
) -> SeasonBenchmark:
    """The season's expected cane yield and the price non-partner farmers got for their cane."""
    require(by, ComplianceAction.CONFIGURE)
    require_visible(by, season)
    errors = {}
    if expected_yield_kw_per_ha is not None and expected_yield_kw_per_ha <= 0:
        errors["expected_yield_kw_per_ha"] = [_("The yield must be greater than 0.")]
    if non_partner_price_per_kw is not None and non_partner_price_per_kw <= 0:
        errors["non_partner_price_per_kw"] = [_("The price must be greater than 0.")]
    if non_partner_price_per_kw is not None and not (source or "").strip():
        errors["source"] = [_("Say where the non-partner price comes from.")]
    if errors:
        raise ValidationError(errors)
    record = SeasonBenchmark.objects.filter(season=season).first() or SeasonBenchmark(season=season)
    record.expected_yield_kw_per_ha = expected_yield_kw_per_ha
    record.non_partner_price_per_kw = (
        None
        if non_partner_price_per_kw is None
        else non_partner_price_per_kw.quantize(Decimal("0.01"), ROUND_HALF_UP)
    )
    record.source = (source or "").strip()
    record.full_clean()
    save_with_history(record, by)
    return record


# --- notices ------------------------------------------------------------------------------------


def _notify_farmer(event: ComplianceEvent, message: str, **extra) -> None:
    """Tell the farmer an event about them moved; once per event and step (dedupe key)."""
    if event.farmer_id is None:
        return
    farmer = Farmer.objects.select_related("user", "mill", "region").get(pk=event.farmer_id)
    step = extra.pop("step", message)
    notify(
        message,
        {"event": event, **extra},
        farmer=farmer,
        related=event,
        dedupe_key=f"compliance:{event.pk}:{step}",
        link=reverse("compliance:my-event", args=[event.pk]),
        mill=event.mill,
    )


# --- raising events -----------------------------------------------------------------------------


def _log(
    event: ComplianceEvent, *, to_status: str, from_status: str = "", by=None, rule="", note=""
):
    EventStatusChange.objects.create(
        event=event,
        from_status=from_status,
        to_status=to_status,
        by=by,
        by_rule=rule,
        note=note,
    )


def _in_language(text) -> str:
    # Rule-written summaries are stored once, in the product's language (farmers read them).
    with translation.override(django_settings.LANGUAGE_CODE):
        return str(text)


def _store_files(event: ComplianceEvent, files, by) -> None:
    for upload in files or ():
        _add_file(event=event, file=upload, by=by, note="")


def record_mill_id(name: str, record) -> int:
    """The mill a linked record belongs to: a weighing through its SPTA, a credit application
    through its farmer (the application has no mill of its own; credit scopes it by the farmer)."""
    if name == "weighing":
        return record.spta.mill_id
    if name == "credit_application":
        return record.farmer.mill_id
    return record.mill_id


@transaction.atomic
def create_event(
    *,
    by,
    mill: Mill,
    event_type: EventType,
    season: Season,
    summary: str,
    evidence: str = "",
    occurred_on: date | None = None,
    farmer=None,
    region=None,
    plot=None,
    spta=None,
    weighing=None,
    rendemen_analysis=None,
    delivery_order=None,
    credit_application=None,
    files=(),
) -> ComplianceEvent:
    """An event recorded by staff. The farmer concerned follows from the plot, SPTA, delivery, DO
    or credit application when not given; every linked record must be the caller's to see and of
    the same mill and farmer, so an event never ties together things that do not belong together."""
    require(by, ComplianceAction.RAISE)
    require_visible(by, mill)
    links = {
        "plot": plot,
        "spta": spta,
        "weighing": weighing,
        "rendemen_analysis": rendemen_analysis,
        "delivery_order": delivery_order,
        "credit_application": credit_application,
    }
    for record in (farmer, region, *links.values()):
        if record is not None:
            require_visible(by, record)
    errors: dict[str, list[str]] = {}
    if event_type.mill_id != mill.pk:
        errors["event_type"] = [_("The type belongs to another mill.")]
    elif not event_type.is_active:
        errors["event_type"] = [_("This type is switched off; choose another.")]
    if season.mill_id != mill.pk:
        errors["season"] = [_("The season belongs to another mill.")]
    if not (summary or "").strip():
        errors["summary"] = [_("Say in a sentence what happened.")]
    if occurred_on is not None and occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The date cannot be in the future.")]
    farmers = {farmer.pk} if farmer is not None else set()
    if weighing is not None and spta is None:
        spta = weighing.spta
        links["spta"] = spta
    for name, record in links.items():
        if record is None:
            continue
        owner = record.spta.farmer_id if name == "weighing" else getattr(record, "farmer_id", None)
        farmers.add(owner)
        if record_mill_id(name, record) != mill.pk:
            errors[name] = [_("This record belongs to another mill.")]
    if len(farmers) > 1:
        errors["farmer"] = [_("The linked records belong to different farmers.")]
    if errors:
        raise ValidationError(errors)
    if farmer is None and farmers:
        farmer = Farmer.objects.get(pk=farmers.pop())
    if farmer is not None and farmer.mill_id != mill.pk:
        raise ValidationError({"farmer": [_("The farmer is registered with another mill.")]})
    if event_type.party == Party.FARMER and farmer is None:
        raise ValidationError({"farmer": [_("A farmer's breach needs the farmer it concerns.")]})
    event = ComplianceEvent(
        mill=mill,
        season=season,
        event_type=event_type,
        party=event_type.party,
        farmer=farmer,
        region=farmer.region if farmer is not None else region,
        summary=summary.strip()[:300],
        evidence=(evidence or "").strip(),
        occurred_on=occurred_on or timezone.localdate(),
        raised_by=by,
        **links,
    )
    event.full_clean(exclude=["rule_key", "subject_key"])
    save_with_history(event, by)
    _log(event, to_status=EventStatus.OPEN, by=by)
    _store_files(event, files, by)
    _notify_farmer(event, "compliance_event_raised")
    return event


@dataclass(frozen=True)
class Finding:
    """What a rule found: one subject (``subject_key``, e.g. "do:42") and what it concerns.
    ``summary`` and ``evidence`` may be lazy translations; they are stored in the product's
    language. Links may be records or primary keys (a set-based rule selects ids, not rows);
    ``region`` defaults to the farmer's."""

    subject_key: str
    season: Season
    summary: str
    evidence: str = ""
    occurred_on: date | None = None
    farmer: object = None
    plot: object = None
    spta: object = None
    weighing: object = None
    rendemen_analysis: object = None
    delivery_order: object = None
    credit_application: object = None
    party: str | None = None  # the event type's party unless given
    region: object = None


FINDING_LINKS = (
    "plot",
    "spta",
    "weighing",
    "rendemen_analysis",
    "delivery_order",
    "credit_application",
)


def link_id(value) -> int | None:
    """A finding's link may be a record or its primary key."""
    if value is None:
        return None
    return value.pk if hasattr(value, "_meta") else int(value)


def finding_region_id(finding: Finding) -> int | None:
    if finding.region is not None:
        return link_id(finding.region)
    if finding.farmer is None:
        return None
    if hasattr(finding.farmer, "_meta"):
        return finding.farmer.region_id
    return Farmer.objects.filter(pk=finding.farmer).values_list("region_id", flat=True).first()


def raise_from_rule(
    *, rule_key: str, event_type: EventType, finding: Finding
) -> tuple[ComplianceEvent, bool]:
    """The event for (rule, subject), created the first time only: the unique constraint makes a
    re-run, or the schedule and a trigger at once, find the existing one instead."""
    existing = ComplianceEvent.objects.filter(
        rule_key=rule_key, subject_key=finding.subject_key
    ).first()
    if existing is not None:
        return existing, False
    event = ComplianceEvent(
        mill=event_type.mill,
        season_id=link_id(finding.season),
        event_type=event_type,
        party=finding.party or event_type.party,
        farmer_id=link_id(finding.farmer),
        region_id=finding_region_id(finding),
        summary=_in_language(finding.summary)[:300],
        evidence=_in_language(finding.evidence),
        occurred_on=finding.occurred_on or timezone.localdate(),
        **{f"{name}_id": link_id(getattr(finding, name)) for name in FINDING_LINKS},
        rule_key=rule_key,
        subject_key=finding.subject_key,
    )
    try:
        with transaction.atomic():
            event._change_reason = f"rule {rule_key}"
            event.save()
            _log(event, to_status=EventStatus.OPEN, rule=rule_key)
    except IntegrityError:
        return ComplianceEvent.objects.get(
            rule_key=rule_key, subject_key=finding.subject_key
        ), False
    _notify_farmer(event, "compliance_event_raised")
    return event, True


# --- status steps -------------------------------------------------------------------------------

# open → confirmed → sanctioned, or dismissed; every state but closed may be closed.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({EventStatus.OPEN}), EventStatus.CONFIRMED),
    "sanction": (frozenset({EventStatus.CONFIRMED}), EventStatus.SANCTIONED),
    "dismiss": (frozenset({EventStatus.OPEN, EventStatus.CONFIRMED}), EventStatus.DISMISSED),
    "close": (
        frozenset(
            {
                EventStatus.OPEN,
                EventStatus.CONFIRMED,
                EventStatus.SANCTIONED,
                EventStatus.DISMISSED,
            }
        ),
        EventStatus.CLOSED,
    ),
}


def allowed_steps(event: ComplianceEvent) -> list[str]:
    return [step for step, (sources, _target) in TRANSITIONS.items() if event.status in sources]


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"sanction_amount": [_("Give the amount as a number.")]}) from None
    if not amount.is_finite():
        raise ValidationError({"sanction_amount": [_("Give the amount as a number.")]})
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


@transaction.atomic
def change_status(
    *,
    event: ComplianceEvent,
    by,
    step: str,
    note: str = "",
    sanction_type: str = "",
    sanction_amount: Decimal | None = None,
    sanction_on: date | None = None,
) -> ComplianceEvent:
    """Take one step: confirm, sanction (type, amount, date), dismiss (with the reason) or close.
    The step is logged with who and when, kept in the history, and told to the farmer."""
    require(by, ComplianceAction.DECIDE)
    require_visible(by, event)
    event = ComplianceEvent.objects.select_for_update().get(pk=event.pk)
    if step not in TRANSITIONS:
        raise ValidationError(_("Unknown step."))
    sources, target = TRANSITIONS[step]
    if event.status not in sources:
        raise ValidationError(
            _("An event that is %(status)s cannot be %(step)s.")
            % {"status": event.get_status_display().lower(), "step": STEP_PAST[step]}
        )
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if step == "dismiss" and not note:
        errors["note"] = [_("Say why the event is dismissed.")]
    if step == "sanction":
        amount = _money(sanction_amount)
        if sanction_type not in SanctionType.values:
            errors["sanction_type"] = [_("Choose the sanction.")]
        if amount is not None and amount < 0:
            errors["sanction_amount"] = [_("The amount cannot be negative.")]
        needs_amount = sanction_type in MONEY_SANCTIONS
        if needs_amount and (amount is None or amount <= 0):
            errors["sanction_amount"] = [_("Give the amount of this sanction.")]
        if sanction_on is None:
            errors["sanction_on"] = [_("Give the date of the sanction.")]
        elif sanction_on > timezone.localdate():
            errors["sanction_on"] = [_("The date cannot be in the future.")]
        if not errors:
            event.sanction_type = sanction_type
            event.sanction_amount = amount
            event.sanction_on = sanction_on
            event.sanction_note = note
    if errors:
        raise ValidationError(errors)
    previous = event.status
    event.status = target
    if target == EventStatus.CLOSED:
        event.closed_at = timezone.now()
    event._change_reason = note or STEP_PAST[step]
    save_with_history(event, by)
    _log(event, from_status=previous, to_status=target, by=by, note=note)
    _notify_farmer(event, "compliance_event_status", step=target, note=note)
    return event


MONEY_SANCTIONS = frozenset({SanctionType.FINE, SanctionType.DEDUCTION, SanctionType.COMPENSATION})

STEP_PAST = {
    "confirm": gettext_lazy("confirmed"),
    "sanction": gettext_lazy("sanctioned"),
    "dismiss": gettext_lazy("dismissed"),
    "close": gettext_lazy("closed"),
}


def close_by_rule(*, event: ComplianceEvent, rule_key: str, note: str) -> bool:
    """The rule that raised an event closes it when what it saw is over (a DO paid in full).
    Returns False when it was already closed (safe to run twice)."""
    with transaction.atomic():
        event = ComplianceEvent.objects.select_for_update().get(pk=event.pk)
        if event.status == EventStatus.CLOSED:
            return False
        previous = event.status
        event.status = EventStatus.CLOSED
        event.closed_at = timezone.now()
        event._change_reason = f"rule {rule_key}"
        event._history_user = None
        event.save()
        _log(event, from_status=previous, to_status=EventStatus.CLOSED, rule=rule_key, note=note)
    _notify_farmer(event, "compliance_event_auto_closed", step="auto_closed", note=note)
    return True


# --- answers and evidence -----------------------------------------------------------------------


@transaction.atomic
def answer_event(*, event: ComplianceEvent, by, text: str) -> EventAnswer:
    """The farmer's answer to an event about them, or staff's reply to it."""
    require(by, ComplianceAction.ANSWER)
    require_visible(by, event)
    if not (text or "").strip():
        raise ValidationError({"text": [_("Write your answer.")]})
    if event.status == EventStatus.CLOSED:
        raise ValidationError(_("This event is closed; it takes no more answers."))
    answer = EventAnswer.objects.create(
        event=event, author=by, by_farmer=by.is_farmer, text=text.strip()
    )
    if not by.is_farmer:
        _notify_farmer(
            event, "compliance_event_answered", step=f"answer-{answer.pk}", answer=answer
        )
    return answer


def _add_file(*, event: ComplianceEvent, file, by, note: str) -> EvidenceFile:
    try:
        extension = validate_document_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    original_name = str(file.name).replace("\\", "/").rsplit("/", 1)[-1][:200]
    record = EvidenceFile(
        event=event,
        original_name=original_name,
        content_type=CONTENT_TYPES[extension],
        size_bytes=file.size,
        note=(note or "").strip()[:300],
        uploaded_by=by,
    )
    record.file.save(original_name, file, save=False)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def add_evidence(*, event: ComplianceEvent, by, file, note: str = "") -> EvidenceFile:
    require(by, ComplianceAction.ADD_EVIDENCE)
    require_visible(by, event)
    return _add_file(event=event, file=file, by=by, note=note)
