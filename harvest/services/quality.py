"""Quality checks of deliveries under a cane-by-weight scheme (domain.md 5b, PT SMS Dompu): QC
records what it found on a load; the load is then paid the contract price or the lower one, and
the DO statement names the standard it failed. A correction needs a reason (kept in the history)
and settles the load's DO again: a draft directly, an issued DO by an audited adjustment.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from harvest.models import AdjustmentKind, QualityCheck, Weighing
from harvest.permissions import HarvestAction, require
from harvest.services.delivery_orders import resettle_after_change
from tebu_site.services import require_visible, save_with_history


@transaction.atomic
def record_quality_check(
    *,
    by,
    weighing: Weighing,
    age_months: Decimal,
    stalk_height_cm: Decimal,
    stalk_quality_ok: bool,
    variety_purity_percent: Decimal,
    pest_free: bool,
    note: str = "",
    reason: str = "",
) -> QualityCheck:
    """The load's quality check; a load already checked is corrected only with ``reason``."""
    require(by, HarvestAction.RECORD_RENDEMEN)
    require_visible(by, weighing)
    weighing = Weighing.objects.select_for_update().get(pk=weighing.pk)
    if weighing.rejected:
        raise ValidationError(_("The load was rejected; it is not paid and needs no check."))
    check = QualityCheck.objects.filter(weighing=weighing).first()
    correcting = check is not None
    if correcting and not (reason or "").strip():
        raise ValidationError(
            {"reason": [_("This load was checked already: give the reason for the correction.")]}
        )
    check = check or QualityCheck(weighing=weighing, checked_by=by)
    check.age_months = age_months
    check.stalk_height_cm = stalk_height_cm
    check.stalk_quality_ok = stalk_quality_ok
    check.variety_purity_percent = variety_purity_percent
    check.pest_free = pest_free
    check.note = (note or "").strip()
    check.full_clean()
    if correcting:
        check._change_reason = reason.strip()
    save_with_history(check, by)
    if correcting and weighing.delivery_order_id is not None:
        resettle_after_change(
            weighings=[weighing],
            by=by,
            reason=_("Quality check corrected: %(reason)s") % {"reason": reason.strip()},
            kind=AdjustmentKind.OTHER,
        )
    return check
