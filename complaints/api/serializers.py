"""API representations of complaints and forums. Writes go through complaints.services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from complaints import selectors
from complaints.models import (
    ActionItem,
    Category,
    Complaint,
    ComplaintEntry,
    Duty,
    EntryKind,
    Forum,
    ForumKind,
    Status,
)
from harvest import selectors as harvest_selectors
from harvest.api.serializers import Scoped as ScopedPrimaryKeyRelatedField
from partners import selectors as partner_selectors
from partners.api.serializers import inline_choices
from tebu_site.models import Role


def _name(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def _request_user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ComplaintEntrySerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField()
    to_name = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    kind = inline_choices(EntryKind.choices, read_only=True)
    duty = inline_choices(Duty.choices, read_only=True)

    class Meta:
        model = ComplaintEntry
        fields = ["id", "kind", "at", "by_name", "to_name", "level", "duty", "text"]

    def get_by_name(self, entry) -> str | None:
        return _name(entry.by)

    def get_to_name(self, entry) -> str | None:
        return _name(entry.to_handler)

    def get_text(self, entry) -> str:
        # Farmers read answers, not the staff's notes on transfers (same rule as the portal page).
        user = _request_user(self)
        if user is not None and user.is_farmer and not selectors.farmer_can_read_text(entry):
            return ""
        return entry.text


class ComplaintSerializer(serializers.ModelSerializer):
    mill = serializers.SlugRelatedField(slug_field="code", read_only=True)
    farmer_name = serializers.CharField(source="farmer.name", read_only=True)
    handler_name = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    category = inline_choices(Category.choices, read_only=True)
    status = inline_choices(Status.choices, read_only=True)
    duty = inline_choices(Duty.choices, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "mill",
            "farmer",
            "farmer_name",
            "category",
            "text",
            "status",
            "level",
            "duty",
            "handler",
            "handler_name",
            "delivery_order",
            "spta",
            "photo_url",
            "filed_at",
            "due_at",
            "overdue",
            "first_answered_at",
            "resolved_at",
        ]
        read_only_fields = fields

    def get_handler_name(self, complaint) -> str | None:
        return _name(complaint.handler)

    def get_photo_url(self, complaint) -> str | None:
        if not complaint.photo:
            return None
        return reverse("complaints:complaint-photo", args=[complaint.pk])

    def get_overdue(self, complaint) -> bool:
        return complaint.is_overdue()


class ComplaintDetailSerializer(ComplaintSerializer):
    entries = serializers.SerializerMethodField()

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "entries"]
        read_only_fields = fields

    def get_entries(self, complaint) -> list[dict]:
        entries = selectors.entries_of(complaint)
        return ComplaintEntrySerializer(entries, many=True, context=self.context).data


class ComplaintCreateSerializer(serializers.Serializer):
    farmer = ScopedPrimaryKeyRelatedField(
        partner_selectors.farmers_visible_to,
        required=False,
        help_text="Staff: the farmer who complains. A farmer leaves it out (their own).",
    )
    category = inline_choices(Category.choices)
    text = serializers.CharField(max_length=4000)
    photo = serializers.FileField(required=False, allow_null=True)
    delivery_order = ScopedPrimaryKeyRelatedField(
        harvest_selectors.delivery_orders_visible_to, required=False, allow_null=True
    )
    spta = ScopedPrimaryKeyRelatedField(
        harvest_selectors.sptas_visible_to, required=False, allow_null=True
    )


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class StaffField(serializers.PrimaryKeyRelatedField):
    """Any active staff member of the caller's mills; the service checks the exact mill."""

    def __init__(self, **kwargs):
        kwargs.setdefault("pk_field", serializers.IntegerField())
        super().__init__(**kwargs)

    def get_queryset(self):
        user = _request_user(self.root) if self.root else None
        staff = get_user_model().objects.filter(is_active=True).exclude(role=Role.FARMER)
        if user is None or not user.is_authenticated:
            return staff.none()
        if user.is_administrator:
            return staff
        return staff.filter(mills__in=user.mills.all()).distinct()


class TransferSerializer(serializers.Serializer):
    to = StaffField()
    note = serializers.CharField(max_length=4000)


class ActionItemSerializer(serializers.ModelSerializer):
    forum = ScopedPrimaryKeyRelatedField(selectors.forums_visible_to)
    owner = StaffField()
    owner_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "forum",
            "description",
            "owner",
            "owner_name",
            "due_on",
            "done",
            "done_on",
            "overdue",
        ]
        read_only_fields = ["id", "owner_name", "overdue"]

    def get_owner_name(self, item) -> str:
        return _name(item.owner)

    def get_overdue(self, item) -> bool:
        return item.is_overdue(timezone.localdate())


class VisibleFarmerAttendees(serializers.ManyRelatedField):
    """Farmer ids present at a forum: written from the caller's farmers, read through the caller's
    scope too, so a mill-wide forum does not list another region's farmers to a field officer."""

    def get_attribute(self, forum):
        return selectors.farmer_attendees_visible_to(_request_user(self.root), forum)


class ForumSerializer(serializers.ModelSerializer):
    mill = ScopedPrimaryKeyRelatedField(partner_selectors.mills_visible_to)
    region = ScopedPrimaryKeyRelatedField(
        partner_selectors.regions_visible_to, required=False, allow_null=True
    )
    kind = inline_choices(ForumKind.choices)
    staff_attendees = StaffField(many=True, required=False)
    farmer_attendees = VisibleFarmerAttendees(
        child_relation=ScopedPrimaryKeyRelatedField(partner_selectors.farmers_visible_to),
        required=False,
    )
    action_items = serializers.SerializerMethodField()

    class Meta:
        model = Forum
        fields = [
            "id",
            "mill",
            "kind",
            "region",
            "held_on",
            "place",
            "agenda",
            "minutes",
            "staff_attendees",
            "farmer_attendees",
            "guests",
            "action_items",
        ]
        read_only_fields = ["id", "action_items"]

    def get_action_items(self, forum) -> list[dict]:
        return ActionItemSerializer(forum.action_items.all(), many=True, context=self.context).data

    def to_representation(self, forum):
        data = super().to_representation(forum)
        user = _request_user(self)
        if user is not None and user.is_farmer:
            # A farmer reads what was agreed, not the other farmers' attendance.
            data.pop("farmer_attendees", None)
        return data
