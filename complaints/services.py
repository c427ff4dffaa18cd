"""Writes for complaints and forums. Every change is checked here (who may, what is valid), kept
as an entry with who and when, saved with its audit history, and announced with a notice."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import routing
from complaints.models import (
    WAITING,
    ActionItem,
    Category,
    Complaint,
    ComplaintDesk,
    ComplaintEntry,
    Duty,
    EntryKind,
    Forum,
    ForumKind,
    Level,
    RegionKkw,
    Status,
)
from complaints.validators import validate_photo
from harvest.models import DeliveryOrder, Spta
from notices.services import notify
from partners.models import Farmer, Mill, Region, Season
from partners.selectors import farmers_visible_to
from tebu_site.access import can_see
from tebu_site.models import Role
from tebu_site.services import require_visible, save_with_history

TEXT_MAX = 4000


# --- who may act --------------------------------------------------------------------------------


def may_act_on(user, complaint: Complaint) -> bool:
    """The current handler answers; a manager of the mill may step in; administrators may all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrator:
        return True
    if complaint.handler_id == user.pk:
        return True
    return user.role == Role.MANAGER and can_see(user, complaint)


def may_configure_desk(user, mill: Mill) -> bool:
    return bool(
        user and user.is_authenticated and user.has_role(Role.MANAGER) and can_see(user, mill)
    )


def may_manage_forums(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.MANAGER, Role.FIELD_STAFF))


def _require_act(user, complaint: Complaint) -> None:
    if not may_act_on(user, complaint):
        raise PermissionDenied(
            _("Only the complaint's handler or a manager of the mill may do this.")
        )


def _clean_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: [message]})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: [_("Write at most %(n)s characters.") % {"n": TEXT_MAX}]})
    return text


def _due(mill: Mill, level: int, start: datetime) -> datetime | None:
    hours = routing.clock_hours(mill, level)
    return start + timedelta(hours=hours) if hours is not None else None


# --- notices ------------------------------------------------------------------------------------


def _tell_farmer(entry: ComplaintEntry, event: str) -> None:
    complaint = entry.complaint
    notify(
        event,
        {"complaint": complaint, "entry": entry},
        farmer=complaint.farmer,
        related=complaint,
        dedupe_key=f"complaint-entry:{entry.pk}:farmer",
        link=reverse("complaints:my-complaint", args=[complaint.pk]),
    )


def _tell_handler(entry: ComplaintEntry, event: str) -> None:
    complaint = entry.complaint
    if complaint.handler is None:
        return
    notify(
        event,
        {"complaint": complaint, "entry": entry},
        user=complaint.handler,
        mill=complaint.mill,
        related=complaint,
        dedupe_key=f"complaint-entry:{entry.pk}:handler",
        link=reverse("complaints:complaint-detail", args=[complaint.pk]),
    )


def _entry(complaint: Complaint, kind: str, *, by, at, text: str = "", from_handler=None):
    return ComplaintEntry.objects.create(
        complaint=complaint,
        kind=kind,
        by=by,
        at=at,
        text=text,
        from_handler=from_handler,
        to_handler=complaint.handler,
        level=complaint.level,
        duty=complaint.duty,
    )


# --- complaints ---------------------------------------------------------------------------------


@transaction.atomic
def file_complaint(
    *,
    by,
    farmer: Farmer,
    category: str,
    text: str,
    photo=None,
    delivery_order: DeliveryOrder | None = None,
    spta: Spta | None = None,
    now: datetime | None = None,
) -> Complaint:
    """A farmer files their own complaint, or staff who may see the farmer file it for them."""
    now = now or timezone.now()
    if by.is_farmer:
        if getattr(by, "farmer", None) is None or by.farmer.pk != farmer.pk:
            raise PermissionDenied(_("A farmer may file complaints only for themselves."))
    elif not by.is_mill_staff:
        raise PermissionDenied(_("Your role may not do this."))
    require_visible(by, farmer)
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = [_("Choose what the complaint is about.")]
    body = (text or "").strip()
    if not body:
        errors["text"] = [_("Describe the problem.")]
    elif len(body) > TEXT_MAX:
        errors["text"] = [_("Write at most %(n)s characters.") % {"n": TEXT_MAX}]
    if delivery_order is not None and delivery_order.farmer_id != farmer.pk:
        errors["delivery_order"] = [_("This DO is not the farmer's.")]
    if spta is not None and spta.farmer_id != farmer.pk:
        errors["spta"] = [_("This SPTA is not the farmer's.")]
    content_type = ""
    if photo:
        try:
            content_type = validate_photo(photo)
        except ValidationError as error:
            errors["photo"] = error.messages
    if errors:
        raise ValidationError(errors)

    assignment = routing.first_line(mill=farmer.mill, region=farmer.region, category=category)
    if assignment.user is None:
        raise ValidationError(_("Nobody at the mill receives complaints yet: tell a manager."))
    complaint = Complaint(
        mill=farmer.mill,
        season=Season.objects.filter(mill=farmer.mill, is_current=True).first(),
        farmer=farmer,
        category=category,
        text=body,
        delivery_order=delivery_order,
        spta=spta,
        status=Status.NEW,
        level=assignment.level,
        duty=assignment.duty,
        handler=assignment.user,
        filed_by=by,
        filed_at=now,
        assigned_at=now,
        due_at=_due(farmer.mill, assignment.level, now),
    )
    if photo:
        complaint.photo_content_type = content_type
        complaint.photo.save(str(photo.name).rsplit("/", 1)[-1], photo, save=False)
    save_with_history(complaint, by)
    entry = _entry(complaint, EntryKind.FILED, by=by, at=now, text=body)
    _tell_farmer(entry, "complaint_received")
    _tell_handler(entry, "complaint_assigned")
    return complaint


@transaction.atomic
def answer_complaint(
    *, complaint: Complaint, by, text: str, now: datetime | None = None
) -> ComplaintEntry:
    """The answer stops the clock; the first one is the answer time the scorecard measures."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_act(by, complaint)
    if complaint.status == Status.RESOLVED:
        raise ValidationError(_("The complaint is resolved; the farmer may reopen it."))
    body = _clean_text(text, "text", _("Write the answer."))
    complaint.status = Status.ANSWERED
    complaint.due_at = None
    if complaint.first_answered_at is None:
        complaint.first_answered_at = now
    save_with_history(complaint, by)
    entry = _entry(complaint, EntryKind.ANSWER, by=by, at=now, text=body)
    _tell_farmer(entry, "complaint_answered")
    return entry


@transaction.atomic
def transfer_complaint(
    *, complaint: Complaint, by, to, note: str, now: datetime | None = None
) -> ComplaintEntry:
    """Hand the complaint to a colleague at the same mill.

    The clock keeps running: the farmer is still waiting, and a transfer must not become a way
    to dodge escalation.
    """
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_act(by, complaint)
    if complaint.status == Status.RESOLVED:
        raise ValidationError(_("The complaint is resolved; the farmer may reopen it."))
    body = _clean_text(note, "note", _("Say why you transfer the complaint."))
    if to is None or not routing.mill_staff(complaint.mill).filter(pk=to.pk).exists():
        raise ValidationError({"to": [_("Choose a staff member of the complaint's mill.")]})
    if to.pk == complaint.handler_id:
        raise ValidationError({"to": [_("The complaint is already with this person.")]})
    previous = complaint.handler
    complaint.handler = to
    complaint.duty = Duty.OTHER
    complaint.assigned_at = now
    save_with_history(complaint, by)
    entry = _entry(complaint, EntryKind.TRANSFER, by=by, at=now, text=body, from_handler=previous)
    _tell_handler(entry, "complaint_transferred")
    _tell_farmer(entry, "complaint_moved")
    return entry


@transaction.atomic
def resolve_complaint(
    *, complaint: Complaint, by, text: str, now: datetime | None = None
) -> ComplaintEntry:
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_act(by, complaint)
    if complaint.status == Status.RESOLVED:
        raise ValidationError(_("The complaint is already resolved."))
    body = _clean_text(text, "text", _("Say how the complaint was resolved."))
    complaint.status = Status.RESOLVED
    complaint.due_at = None
    complaint.resolved_at = now
    # A resolution is an answer too: the farmer heard back at this moment.
    if complaint.first_answered_at is None:
        complaint.first_answered_at = now
    save_with_history(complaint, by)
    entry = _entry(complaint, EntryKind.RESOLUTION, by=by, at=now, text=body)
    _tell_farmer(entry, "complaint_resolved")
    return entry


@transaction.atomic
def reopen_complaint(
    *, complaint: Complaint, by, reason: str, now: datetime | None = None
) -> ComplaintEntry:
    """The farmer is not satisfied: the complaint goes back to its handler with a fresh clock."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_own_farmer(
        by, complaint, _("Only the farmer who complained may reopen the complaint.")
    )
    if complaint.status not in (Status.ANSWERED, Status.RESOLVED):
        raise ValidationError(_("The complaint is still waiting for an answer."))
    body = _clean_text(reason, "reason", _("Tell us why you are not satisfied."))
    complaint.status = Status.REOPENED
    complaint.resolved_at = None
    complaint.assigned_at = now
    complaint.due_at = _due(complaint.mill, complaint.level, now)
    save_with_history(complaint, by)
    entry = _entry(complaint, EntryKind.REOPEN, by=by, at=now, text=body)
    _tell_handler(entry, "complaint_reopened")
    return entry


@transaction.atomic
def accept_answer(*, complaint: Complaint, by, now: datetime | None = None) -> ComplaintEntry:
    """The farmer is satisfied with the answer: the complaint is resolved in his words, and the
    person who answered hears of it."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_own_farmer(by, complaint, _("Only the farmer who complained can say he is satisfied."))
    if complaint.status != Status.ANSWERED:
        raise ValidationError(_("Only an answered complaint can be accepted."))
    complaint.status = Status.RESOLVED
    complaint.due_at = None
    complaint.resolved_at = now
    save_with_history(complaint, by)
    entry = _entry(complaint, EntryKind.SATISFIED, by=by, at=now)
    _tell_handler(entry, "complaint_accepted")
    return entry


def _require_own_farmer(by, complaint: Complaint, message) -> None:
    if (
        not by.is_farmer
        or getattr(by, "farmer", None) is None
        or by.farmer.pk != complaint.farmer_id
    ):
        raise PermissionDenied(message)


def escalate_overdue(*, now: datetime | None = None) -> list[Complaint]:
    """Move every complaint whose clock ran out one level up; safe to run again at any time.

    One level per run: the next level's clock starts when it receives the complaint, so the
    assistant manager always gets a full clock before the cane manager hears of it.
    """
    now = now or timezone.now()
    due_ids = list(
        Complaint.objects.filter(
            status__in=WAITING, due_at__lte=now, level__lt=Level.CANE_MANAGER
        ).values_list("pk", flat=True)
    )
    escalated = []
    for pk in due_ids:
        complaint = _escalate_one(pk, now)
        if complaint is not None:
            escalated.append(complaint)
    return escalated


@transaction.atomic
def _escalate_one(pk: int, now: datetime) -> Complaint | None:
    complaint = Complaint.objects.select_for_update().filter(pk=pk).first()
    # Checked again under the lock: an answer or another run may have come first.
    if complaint is None or not complaint.is_overdue(now) or complaint.level >= Level.CANE_MANAGER:
        return None
    target = routing.next_level(mill=complaint.mill, level=complaint.level)
    previous = complaint.handler
    complaint.level = target.level
    complaint.duty = target.duty
    # With nobody at the next level the complaint stays with its handler, still flagged overdue.
    complaint.handler = target.user or previous
    complaint.status = Status.ESCALATED
    complaint.assigned_at = now
    complaint.due_at = _due(complaint.mill, complaint.level, now)
    save_with_history(complaint, None)
    entry = _entry(complaint, EntryKind.ESCALATION, by=None, at=now, from_handler=previous)
    _tell_handler(entry, "complaint_escalated")
    _tell_farmer(entry, "complaint_moved")
    return complaint


# --- the complaint desk -------------------------------------------------------------------------

DESK_FIELDS = (
    "qc_desk",
    "cutting_foreman",
    "assistant_manager",
    "cane_manager",
    "first_line_hours",
    "assistant_manager_hours",
)


@transaction.atomic
def save_desk(
    *, mill: Mill, by, values: dict, region_kkws: dict[int, object | None]
) -> ComplaintDesk:
    """Name who holds each duty at the mill and set the clocks; regions map to a named KKW."""
    if not may_configure_desk(by, mill):
        raise PermissionDenied(_("Only a manager of the mill may change the complaint desk."))
    staff_ids = set(routing.mill_staff(mill).values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    for field in ("qc_desk", "cutting_foreman", "assistant_manager", "cane_manager"):
        user = values.get(field)
        if user is not None and user.pk not in staff_ids:
            errors[field] = [_("Choose a staff member of this mill.")]
    for field in ("first_line_hours", "assistant_manager_hours"):
        hours = values.get(field)
        if hours is None or hours < 1 or hours > 24 * 60:
            errors[field] = [_("Enter a number of hours between 1 and 1440 (60 days).")]
    regions = {r.pk: r for r in Region.objects.filter(mill=mill)}
    for region_id, user in region_kkws.items():
        if region_id not in regions:
            errors[f"kkw_{region_id}"] = [_("This region is not the mill's.")]
        elif user is not None and user.pk not in staff_ids:
            errors[f"kkw_{region_id}"] = [_("Choose a staff member of this mill.")]
    if errors:
        raise ValidationError(errors)
    desk = ComplaintDesk.objects.filter(mill=mill).first() or ComplaintDesk(mill=mill)
    for field in DESK_FIELDS:
        setattr(desk, field, values.get(field))
    save_with_history(desk, by)
    for region_id, user in region_kkws.items():
        if user is None:
            RegionKkw.objects.filter(region_id=region_id).delete()
        else:
            RegionKkw.objects.update_or_create(region_id=region_id, defaults={"user": user})
    return desk


# --- forums -------------------------------------------------------------------------------------

FORUM_FIELDS = ("kind", "region", "held_on", "place", "agenda", "minutes", "guests")


def _check_forum(by, *, mill: Mill, data: dict) -> None:
    if not may_manage_forums(by):
        raise PermissionDenied(_("Your role may not do this."))
    require_visible(by, mill)
    errors: dict[str, list[str]] = {}
    kind, region = data.get("kind"), data.get("region")
    if kind not in ForumKind.values:
        errors["kind"] = [_("Choose FTK or FTKW.")]
    elif kind == ForumKind.FTKW and region is None:
        errors["region"] = [_("A regional forum (FTKW) needs its region.")]
    elif kind == ForumKind.FTK and region is not None:
        errors["region"] = [_("A mill-wide forum (FTK) has no region: leave it empty.")]
    if region is not None:
        if region.mill_id != mill.pk:
            errors["region"] = [_("The region belongs to another mill.")]
        elif not can_see(by, region):
            errors["region"] = [_("This region is outside your regions.")]
    if kind == ForumKind.FTK and by.role == Role.FIELD_STAFF and not by.is_administrator:
        errors["kind"] = [_("A mill-wide forum (FTK) is recorded by a manager.")]
    if not data.get("held_on"):
        errors["held_on"] = [_("Enter the date of the forum.")]
    if errors:
        raise ValidationError(errors)


def _check_attendees(by, mill: Mill, staff, farmers, region) -> None:
    """``farmers`` are the ones ``by`` lists: each must be a farmer ``by`` may see (as on every
    other form naming a farmer), of the forum's mill and region."""
    errors: dict[str, list[str]] = {}
    staff_ids = set(routing.mill_staff(mill).values_list("pk", flat=True))
    if any(u.pk not in staff_ids for u in staff):
        errors["staff_attendees"] = [_("Only staff of the mill can be listed as staff present.")]
    visible = set(
        farmers_visible_to(by).filter(pk__in=[f.pk for f in farmers]).values_list("pk", flat=True)
    )
    if any(
        f.pk not in visible
        or f.mill_id != mill.pk
        or (region is not None and f.region_id != region.pk)
        for f in farmers
    ):
        errors["farmer_attendees"] = [
            _("Only farmers of the forum's mill and region can be listed.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_forum(*, by, mill: Mill, data: dict, staff_attendees=(), farmer_attendees=()) -> Forum:
    _check_forum(by, mill=mill, data=data)
    _check_attendees(by, mill, staff_attendees, farmer_attendees, data.get("region"))
    forum = Forum(mill=mill, created_by=by)
    for field in FORUM_FIELDS:
        value = data.get(field)
        setattr(forum, field, value if value is not None or field in ("region", "held_on") else "")
    save_with_history(forum, by)
    forum.staff_attendees.set(staff_attendees)
    forum.farmer_attendees.set(farmer_attendees)
    return forum


@transaction.atomic
def update_forum(
    *, forum: Forum, by, data: dict, staff_attendees=None, farmer_attendees=None
) -> Forum:
    require_visible(by, forum)
    merged = {field: data.get(field, getattr(forum, field)) for field in FORUM_FIELDS}
    _check_forum(by, mill=forum.mill, data=merged)
    staff = staff_attendees if staff_attendees is not None else list(forum.staff_attendees.all())
    present = Farmer.objects.filter(forums_attended=forum)
    # Farmers present whom ``by`` cannot see (another region's, or one who has moved since) are
    # not theirs to list or remove: they stay as recorded.
    hidden = list(present.exclude(pk__in=farmers_visible_to(by).values("pk")))
    hidden_ids = {f.pk for f in hidden}
    chosen = (
        list(farmer_attendees)
        if farmer_attendees is not None
        else [f for f in present if f.pk not in hidden_ids]
    )
    _check_attendees(by, forum.mill, staff, chosen, merged["region"])
    for field, value in merged.items():
        setattr(forum, field, value if value is not None or field == "region" else "")
    save_with_history(forum, by)
    if staff_attendees is not None:
        forum.staff_attendees.set(staff_attendees)
    if farmer_attendees is not None:
        forum.farmer_attendees.set([*chosen, *hidden])
    return forum


def _check_item(forum: Forum, description: str, owner, due_on: date | None) -> str:
    errors: dict[str, list[str]] = {}
    text = (description or "").strip()
    if not text:
        errors["description"] = [_("Say what must be done.")]
    elif len(text) > 300:
        errors["description"] = [_("Write at most %(n)s characters.") % {"n": 300}]
    if owner is None or not routing.mill_staff(forum.mill).filter(pk=owner.pk).exists():
        errors["owner"] = [_("Choose a staff member of the mill as owner.")]
    if due_on is None:
        errors["due_on"] = [_("Enter the due date.")]
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def add_action_item(*, forum: Forum, by, description: str, owner, due_on: date) -> ActionItem:
    if not may_manage_forums(by):
        raise PermissionDenied(_("Your role may not do this."))
    require_visible(by, forum)
    text = _check_item(forum, description, owner, due_on)
    item = ActionItem(forum=forum, description=text, owner=owner, due_on=due_on)
    save_with_history(item, by)
    return item


@transaction.atomic
def update_action_item(*, item: ActionItem, by, changes: dict) -> ActionItem:
    """Change an action item; marking it done records the day (Jakarta) unless one is given."""
    allowed = may_manage_forums(by) or item.owner_id == getattr(by, "pk", None)
    if not allowed:
        raise PermissionDenied(_("Your role may not do this."))
    require_visible(by, item.forum)
    description = changes.get("description", item.description)
    owner = changes.get("owner", item.owner)
    due_on = changes.get("due_on", item.due_on)
    item.description = _check_item(item.forum, description, owner, due_on)
    item.owner, item.due_on = owner, due_on
    if "done" in changes:
        done = bool(changes["done"])
        if done and not item.done:
            item.done_on = changes.get("done_on") or timezone.localdate()
        elif not done:
            item.done_on = None
        item.done = done
    if item.done and item.done_on and item.done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("The done date cannot be in the future.")]})
    save_with_history(item, by)
    return item
