"""Reads of complaints and forums, always narrowed to what the user may see."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from complaints.models import (
    FARMER_TEXT_KINDS,
    WAITING,
    ActionItem,
    Complaint,
    ComplaintEntry,
    Forum,
    Status,
)
from partners.models import Farmer, Mill, Region, Season
from partners.selectors import farmers_visible_to
from tebu_site.access import farmer_id_of, mill_ids_of, scope_filter


def _complaints_q(user) -> Q | None:
    condition = scope_filter(user, Complaint)
    if condition is None or not user.is_authenticated or user.is_farmer:
        return condition
    # A complaint routed or transferred to someone (a cutting foreman serving several regions)
    # is theirs to answer, even outside their usual scope, but never outside their mills.
    return condition | Q(handler=user, mill__in=mill_ids_of(user))


def complaints_visible_to(user) -> QuerySet[Complaint]:
    condition = _complaints_q(user)
    queryset = Complaint.objects.select_related(
        "farmer", "farmer__region", "mill", "handler", "delivery_order", "spta"
    )
    return queryset if condition is None else queryset.filter(condition)


def complaint_for(user, pk: int) -> Complaint | None:
    return complaints_visible_to(user).filter(pk=pk).first()


def entries_of(complaint: Complaint) -> QuerySet[ComplaintEntry]:
    """The steps of a complaint the caller already holds through complaints_visible_to. A farmer
    sees transfers and escalations as steps without the staff's notes (the template hides them)."""
    return complaint.entries.select_related("by", "from_handler", "to_handler")


def farmer_can_read_text(entry: ComplaintEntry) -> bool:
    return entry.kind in FARMER_TEXT_KINDS


def my_complaints(user) -> QuerySet[Complaint]:
    """The farmer's own complaints, newest first."""
    return complaints_visible_to(user).order_by("-filed_at", "-id")


INBOX_VIEWS = ("mine", "waiting", "overdue", "all")


def inbox(user, *, view: str = "mine", status: str = "", now=None) -> QuerySet[Complaint]:
    """What a staff user works from: by default what is assigned to them and still open."""
    now = now or timezone.now()
    complaints = complaints_visible_to(user)
    if view == "mine":
        complaints = complaints.filter(handler=user).exclude(status=Status.RESOLVED)
    elif view == "waiting":
        complaints = complaints.filter(status__in=WAITING)
    elif view == "overdue":
        complaints = complaints.filter(status__in=WAITING, due_at__lte=now)
    if status in Status.values:
        complaints = complaints.filter(status=status)
    return complaints.order_by("due_at", "filed_at", "id")


def default_inbox_view(user, *, now=None) -> str:
    """The desk opens on what needs the reader first: his own open complaints, else the
    overdue ones he may see (a manager's escalations), else everything waiting."""
    for view in ("mine", "overdue"):
        if inbox(user, view=view, now=now).exists():
            return view
    return "waiting"


def complaint_counts(user) -> dict[str, int]:
    rows = complaints_visible_to(user).filter(handler=user).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def complaint_answer_times(mill: Mill, season: Season, region: Region | None = None) -> list[float]:
    """Hours from filing to the first answer (or resolution) of each answered complaint of the
    mill and season, oldest complaint first: the scorecard's "complaint answer time".

    Unanswered complaints are left out (they have no answer time yet; count them separately).
    Not narrowed to a user: the caller (the scorecard) decides who may see the mill's figures.
    """
    complaints = Complaint.objects.filter(mill=mill, season=season, first_answered_at__isnull=False)
    if region is not None:
        complaints = complaints.filter(farmer__region=region)
    rows = complaints.order_by("filed_at", "id").values_list("filed_at", "first_answered_at")
    return [(answered - filed).total_seconds() / 3600 for filed, answered in rows]


# --- forums -------------------------------------------------------------------------------------


def _forums_q(user) -> Q | None:
    """Forums are mill-wide (FTK) or regional (FTKW). Mill-wide roles see all of their mill's;
    field staff their regions' FTKWs and their mill's FTKs; a farmer reads the FTKWs of their
    region and the FTKs of their mill, the meetings they were invited to."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_farmer:
        farmer_id = farmer_id_of(user)
        if farmer_id is None:
            return Q(pk__in=[])
        farmer = user.farmer
        return Q(mill_id=farmer.mill_id) & (Q(region_id=farmer.region_id) | Q(region__isnull=True))
    condition = scope_filter(user, Forum)
    if condition is None:
        return None
    if not user.is_mill_staff:
        return condition
    return condition | Q(region__isnull=True, mill__in=mill_ids_of(user))


def forums_visible_to(user) -> QuerySet[Forum]:
    condition = _forums_q(user)
    queryset = Forum.objects.select_related("mill", "region", "created_by")
    return queryset if condition is None else queryset.filter(condition)


def forum_list(user, *, today=None) -> QuerySet[Forum]:
    today = today or timezone.localdate()
    forums = forums_visible_to(user).order_by("-held_on", "-id")
    return forums.annotate(
        item_count=Count("action_items", distinct=True),
        open_count=Count("action_items", filter=Q(action_items__done=False), distinct=True),
        overdue_count=Count(
            "action_items",
            filter=Q(action_items__done=False, action_items__due_on__lt=today),
            distinct=True,
        ),
    )


def with_visible_attendees(user, forums: QuerySet[Forum]) -> QuerySet[Forum]:
    """Forums with ``visible_farmer_attendees``: the farmers present whom ``user`` may see, and
    ``farmer_attendee_count``: how many came in all.

    A mill-wide forum gathers farmers of every region; a field officer sees the names of their own
    regions' farmers only, as everywhere else a farmer is named.
    """
    return forums.annotate(
        farmer_attendee_count=Count("farmer_attendees", distinct=True)
    ).prefetch_related(
        Prefetch(
            "farmer_attendees",
            queryset=farmers_visible_to(user).order_by("name", "pk"),
            to_attr="visible_farmer_attendees",
        )
    )


def farmer_attendees_visible_to(user, forum: Forum) -> list[Farmer]:
    """The farmers present at ``forum`` whom ``user`` may see (the prefetch when there is one)."""
    prefetched = getattr(forum, "visible_farmer_attendees", None)
    if prefetched is not None:
        return prefetched
    return list(farmers_visible_to(user).filter(forums_attended=forum).order_by("name", "pk"))


def forum_for(user, pk: int) -> Forum | None:
    return (
        with_visible_attendees(user, forums_visible_to(user))
        .prefetch_related(
            "staff_attendees",
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        )
        .filter(pk=pk)
        .first()
    )


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related("forum", "owner").filter(
        forum__in=forums_visible_to(user)
    )


def overdue_action_items(user, *, today=None) -> QuerySet[ActionItem]:
    today = today or timezone.localdate()
    return action_items_visible_to(user).filter(done=False, due_on__lt=today)
