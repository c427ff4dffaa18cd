"""Registering partner farmers and their logins (domain.md section 3, steps 1–2)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partners.models import (
    Desa,
    Farmer,
    FarmerGroup,
    FarmerStatus,
    Mill,
    PartnerType,
    Region,
)
from partners.permissions import Action, require
from partners.validators import normalize_nik, normalize_phone
from tebu_site.access import can_see
from tebu_site.models import Role
from tebu_site.services import apply_changes, require_visible, save_with_history

# What staff may change on a farmer; mill and NIK identify the record and stay.
EDITABLE_FIELDS = (
    "region",
    "name",
    "birth_date",
    "sex",
    "address",
    "desa",
    "phone",
    "education",
    "farming_since_year",
    "household_size",
    "bank_name",
    "bank_account",
    "group",
    "partner_type",
    "partner_since",
    "status",
)


# One answer whatever keeps a NIK from being used here (a farmer of another mill, of a region the
# user does not serve...): saying which would tell the user that the person exists elsewhere.
NIK_UNUSABLE = _(
    "This NIK cannot be used here. Please ask the mill's registry office (bagian registrasi) "
    "to check it."
)


def nik_usable_by(by, nik: str, mill: Mill) -> Farmer | None:
    """The farmer already registered with ``nik`` when ``by`` may work on them at ``mill``
    (None when nobody has it); a ValidationError on ``nik`` for any other holder."""
    existing = Farmer.objects.filter(nik=nik).first()
    if existing is None:
        return None
    if existing.mill_id != mill.pk or not can_see(by, existing):
        raise ValidationError({"nik": [NIK_UNUSABLE]})
    return existing


@transaction.atomic
def register_farmer(
    *,
    by,
    mill: Mill,
    region: Region,
    nik: str,
    name: str,
    birth_date: date | None = None,
    sex: str = "",
    address: str = "",
    desa: Desa | None = None,
    phone: str = "",
    education: str = "",
    farming_since_year: int | None = None,
    household_size: int | None = None,
    bank_name: str = "",
    bank_account: str = "",
    group: FarmerGroup | None = None,
    partner_type: str = PartnerType.TRM,
    partner_since: int | None = None,
    status: str = FarmerStatus.ACTIVE,
) -> Farmer:
    require(by, Action.EDIT_FARMER)
    require_visible(by, region)
    nik = _nik_or_error(nik)
    # A NIK the user may see is a duplicate they can look up; model validation names it below.
    nik_usable_by(by, nik, mill)
    farmer = Farmer(
        mill=mill,
        region=region,
        nik=nik,
        name=name.strip(),
        birth_date=birth_date,
        sex=sex,
        address=address.strip(),
        desa=desa,
        phone=_phone_or_error(phone),
        education=education,
        farming_since_year=farming_since_year,
        household_size=household_size,
        bank_name=bank_name.strip(),
        bank_account=bank_account.strip(),
        group=group,
        partner_type=partner_type,
        partner_since=partner_since,
        status=status,
    )
    farmer.full_clean()
    save_with_history(farmer, by)
    return farmer


@transaction.atomic
def update_farmer(*, farmer: Farmer, by, changes: dict[str, Any]) -> list[str]:
    """Apply ``changes`` (a subset of EDITABLE_FIELDS); returns the fields that really changed.
    Saving nothing when nothing changed keeps re-imports and repeated form posts out of the
    audit trail."""
    require(by, Action.EDIT_FARMER)
    require_visible(by, farmer)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if "phone" in changes:
        changes = {**changes, "phone": _phone_or_error(changes["phone"])}
    if "region" in changes:
        require_visible(by, changes["region"])
    changed = apply_changes(farmer, changes)
    if changed:
        farmer.full_clean()
        save_with_history(farmer, by)
    return changed


def _nik_or_error(nik: str) -> str:
    try:
        return normalize_nik(nik)
    except ValidationError as error:
        raise ValidationError({"nik": error.messages}) from error


def _phone_or_error(phone: str) -> str:
    try:
        return normalize_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error


# Easy to read aloud and type on a phone keypad: no 0/O, 1/l/I.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet, not a password


def first_password() -> str:
    groups = ("".join(secrets.choice(_PASSWORD_ALPHABET) for _i in range(4)) for _j in range(3))
    return "-".join(groups)


@transaction.atomic
def create_farmer_login(*, farmer: Farmer, by) -> tuple[Any, str]:
    """Give the farmer a login (username: the NIK on their KTP) with a first password that staff
    hand over; the farmer must change it at the first login. Called again, it issues a new first
    password (a forgotten password is reset at the cane office)."""
    require(by, Action.CREATE_LOGIN)
    require_visible(by, farmer)
    User = get_user_model()
    password = first_password()
    user = farmer.user
    if user is None:
        if User.objects.filter(username=farmer.nik).exists():
            raise ValidationError(_("A login named %(nik)s already exists.") % {"nik": farmer.nik})
        user = User(username=farmer.nik, role=Role.FARMER)
    first, _sep, last = farmer.name.partition(" ")
    user.first_name, user.last_name = first[:150], last[:150]
    user.phone = farmer.phone
    user.role = Role.FARMER
    user.is_active = True
    user.must_change_password = True
    user.set_password(password)
    user.save()
    if farmer.user_id != user.pk:
        farmer.user = user
        save_with_history(farmer, by)
    return user, password
