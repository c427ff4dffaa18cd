"""The guarantor (*avalis*) of a loan: who guarantees it, recorded with the signed letter as a
line of the document checklist (domain.md 5b: PG Pakis Baru guarantees its farmers' BRI credit).
A product that asks for a guarantor is approved only once it is recorded and its letter verified.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from credit.models import (
    ApplicationDocument,
    CreditApplication,
    DocumentStatus,
    Guarantee,
    GuarantorKind,
    GuarantorRule,
)
from credit.permissions import CreditAction, require
from credit.selectors_limits import GUARANTEE_OPEN_STATUSES
from partners.models import FarmerGroup
from tebu_site.services import require_visible, save_with_history


def letter_name() -> str:
    return _("Guarantee letter (avalis)")


def _letter(application: CreditApplication, guarantee: Guarantee | None) -> ApplicationDocument:
    """The checklist line for the signed letter: the guarantee's own, a line of that name, or a
    new last line."""
    if guarantee is not None:
        return guarantee.document
    name = letter_name()
    existing = application.documents.filter(name=name).first()
    if existing is not None:
        return existing
    last = application.documents.aggregate(last=Max("order"))["last"] or 0
    return ApplicationDocument.objects.create(application=application, name=name, order=last + 1)


@transaction.atomic
def record_guarantee(
    *,
    application: CreditApplication,
    by,
    kind: str,
    group: FarmerGroup | None = None,
    person_name: str = "",
    person_id_number: str = "",
    person_relation: str = "",
    note: str = "",
) -> Guarantee:
    """Record (or change) who guarantees the application. The mill as guarantor is the farmer's
    mill; a group must be of that mill; a person needs a name (and a 16-digit NIK when given).
    A product whose guarantor is the mill takes no other."""
    require(by, CreditAction.EDIT_APPLICATION)
    require_visible(by, application)
    application = (
        CreditApplication.objects.select_for_update(of=("self",))
        .select_related("product", "farmer__mill")
        .get(pk=application.pk)
    )
    errors: dict[str, list[str]] = {}
    if application.status not in GUARANTEE_OPEN_STATUSES:
        raise ValidationError(
            _("The application is %(status)s: its guarantor can no longer be changed.")
            % {"status": application.get_status_display()}
        )
    product = application.product
    if kind not in GuarantorKind.values:
        errors["kind"] = [_("Choose who guarantees the loan.")]
    elif product.guarantor_rule == GuarantorRule.MILL and kind != GuarantorKind.MILL:
        errors["kind"] = [
            _("%(product)s is guaranteed by the mill (avalis): the guarantor is the mill.")
            % {"product": product.name}
        ]
    person_name, person_id_number = person_name.strip(), person_id_number.strip()
    if kind == GuarantorKind.GROUP:
        if group is None:
            errors["group"] = [_("Choose the farmer group or cooperative.")]
        elif group.mill_id != application.farmer.mill_id:
            errors["group"] = [_("The group belongs to another mill.")]
    if kind == GuarantorKind.PERSON:
        if not person_name:
            errors["person_name"] = [_("Give the guarantor's name.")]
        if person_id_number and not (person_id_number.isdigit() and len(person_id_number) == 16):
            errors["person_id_number"] = [_("A NIK has 16 digits.")]
    if errors:
        raise ValidationError(errors)
    existing = Guarantee.objects.filter(application=application).first()
    letter = _letter(application, existing)
    guarantee = existing or Guarantee(application=application)
    guarantee.kind = kind
    guarantee.mill = application.farmer.mill if kind == GuarantorKind.MILL else None
    guarantee.group = group if kind == GuarantorKind.GROUP else None
    is_person = kind == GuarantorKind.PERSON
    guarantee.person_name = person_name if is_person else ""
    guarantee.person_id_number = person_id_number if is_person else ""
    guarantee.person_relation = person_relation.strip() if is_person else ""
    guarantee.note = note.strip()
    guarantee.document = letter
    guarantee.recorded_by = by
    guarantee.recorded_at = timezone.now()
    save_with_history(guarantee, by)
    return guarantee


def guarantee_errors(application: CreditApplication) -> dict[str, list[str]]:
    """Why a product that asks for a guarantor cannot be approved yet ({} when nothing is
    missing): no guarantor recorded, or its signed letter not verified."""
    rule = application.product.guarantor_rule
    if rule == GuarantorRule.NONE:
        return {}
    guarantee = Guarantee.objects.filter(application=application).select_related("document")
    guarantee = guarantee.first()
    if guarantee is None:
        if rule == GuarantorRule.MILL:
            text = _("Record the mill as the guarantor (avalis) of this loan first.")
        else:
            text = _("Record who guarantees this loan first.")
        return {"guarantee": [text]}
    if guarantee.document.status != DocumentStatus.VERIFIED:
        return {
            "guarantee": [
                _("The signed guarantee letter (%(name)s) is not verified yet.")
                % {"name": guarantee.document.name}
            ]
        }
    return {}
