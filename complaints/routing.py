"""Who holds each complaint duty at a mill: the desk's named users first, then sensible fallbacks.

Fallbacks exist so that a complaint never lands with nobody: a mill that has not filled in its
desk still routes rendemen complaints to a QC user, region complaints to the region's field
staff, and everything else to a manager.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from complaints.models import (
    DEFAULT_CLOCK_HOURS,
    Category,
    ComplaintDesk,
    Duty,
    Level,
    RegionKkw,
)
from partners.models import Mill, Region
from tebu_site.models import Role

# Domain.md section 9: rendemen and weighing are measured by QC; TMA complaints go to the cutting
# foreman; everything else starts with the region's KKW.
FIRST_LINE_DUTY = {
    Category.RENDEMEN: Duty.QC,
    Category.WEIGHING: Duty.QC,
    Category.CUTTING_CREW: Duty.CUTTING_FOREMAN,
    Category.PAYMENT: Duty.KKW,
    Category.CREDIT: Duty.KKW,
    Category.OTHER: Duty.KKW,
}


@dataclass(frozen=True)
class Assignment:
    user: object | None
    duty: str
    level: int


def desk_of(mill: Mill) -> ComplaintDesk | None:
    return (
        ComplaintDesk.objects.filter(mill=mill)
        .select_related("qc_desk", "cutting_foreman", "assistant_manager", "cane_manager")
        .first()
    )


def clock_hours(mill: Mill, level: int) -> int | None:
    """Hours the given level has to answer; None at the top, where nothing escalates further."""
    if level >= Level.CANE_MANAGER:
        return None
    desk = desk_of(mill)
    if desk is None:
        return DEFAULT_CLOCK_HOURS
    return desk.first_line_hours if level == Level.FIRST_LINE else desk.assistant_manager_hours


def mill_staff(mill: Mill):
    """Active staff members of the mill: the only people a complaint may be routed to."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, mills=mill)
        .exclude(role=Role.FARMER)
        .order_by("id")
        .distinct()
    )


def _usable(user, mill: Mill):
    # A desk may name someone who has since left the mill or been deactivated.
    if user is None or not user.is_active or not user.mills.filter(pk=mill.pk).exists():
        return None
    return user


def _first_of_role(mill: Mill, role: str):
    return mill_staff(mill).filter(role=role).first()


def assistant_manager(mill: Mill):
    desk = desk_of(mill)
    return _usable(desk and desk.assistant_manager, mill) or _first_of_role(mill, Role.MANAGER)


def cane_manager(mill: Mill):
    desk = desk_of(mill)
    named = _usable(desk and desk.cane_manager, mill)
    if named:
        return named
    # Without a named cane manager, prefer a manager other than the assistant manager, so the
    # second escalation reaches someone new.
    managers = mill_staff(mill).filter(role=Role.MANAGER)
    assistant = assistant_manager(mill)
    if assistant is not None:
        other = managers.exclude(pk=assistant.pk).first()
        if other:
            return other
    return managers.first()


def region_kkw(region: Region):
    named = RegionKkw.objects.filter(region=region).select_related("user").first()
    if named and _usable(named.user, region.mill):
        return named.user
    return (
        region.field_staff.filter(is_active=True, role=Role.FIELD_STAFF, mills=region.mill)
        .order_by("id")
        .first()
    )


def first_line(*, mill: Mill, region: Region, category: str) -> Assignment:
    duty = FIRST_LINE_DUTY[Category(category)]
    desk = desk_of(mill)
    user = None
    if duty == Duty.QC:
        user = _usable(desk and desk.qc_desk, mill) or _first_of_role(mill, Role.QC)
    elif duty == Duty.CUTTING_FOREMAN:
        # Without a named foreman the region's KKW, who schedules the cutting, takes it.
        user = _usable(desk and desk.cutting_foreman, mill) or region_kkw(region)
    else:
        user = region_kkw(region)
    if user is not None:
        return Assignment(user, duty, Level.FIRST_LINE)
    # Nobody holds the first-line duty: the assistant manager takes it at once.
    return Assignment(assistant_manager(mill), Duty.ASSISTANT_MANAGER, Level.ASSISTANT_MANAGER)


def next_level(*, mill: Mill, level: int) -> Assignment | None:
    if level == Level.FIRST_LINE:
        return Assignment(assistant_manager(mill), Duty.ASSISTANT_MANAGER, Level.ASSISTANT_MANAGER)
    if level == Level.ASSISTANT_MANAGER:
        return Assignment(cane_manager(mill), Duty.CANE_MANAGER, Level.CANE_MANAGER)
    return None
