"""Compliance API shapes. Links are given as ids and looked up among what the caller may see,
so an id from another mill or farmer reads as "not found"."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from compliance.models import (
    ComplianceEvent,
    EventAnswer,
    EventStatusChange,
    EvidenceFile,
    SanctionType,
)


class EventSerializer(serializers.ModelSerializer):
    event_type = serializers.CharField(source="event_type.code", read_only=True)
    event_type_name = serializers.CharField(source="event_type.display_name", read_only=True)
    season = serializers.CharField(source="season.name", read_only=True)
    farmer_name = serializers.CharField(source="farmer.name", read_only=True, default=None)
    credit_application_number = serializers.CharField(
        source="credit_application.number", read_only=True, default=None
    )
    # Plain strings: the same choice set under several field names would give the OpenAPI
    # schema colliding enum names. Values: open, confirmed, sanctioned, dismissed, closed.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = ComplianceEvent
        fields = [
            "id",
            "mill",
            "season",
            "event_type",
            "event_type_name",
            "party",
            "status",
            "farmer",
            "farmer_name",
            "region",
            "plot",
            "spta",
            "weighing",
            "rendemen_analysis",
            "delivery_order",
            "credit_application",
            "credit_application_number",
            "summary",
            "occurred_on",
            "raised_at",
            "rule_key",
        ]
        read_only_fields = fields


class EventAnswerSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = EventAnswer
        fields = ["id", "author", "by_farmer", "text", "created_at"]
        read_only_fields = ["id", "author", "by_farmer", "created_at"]


class EventStatusChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True, default=None)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = EventStatusChange
        fields = ["from_status", "to_status", "at", "by", "by_rule", "note"]
        read_only_fields = fields


class EvidenceFileSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size_bytes", "note", "download"]
        read_only_fields = fields

    def get_download(self, obj) -> str:
        return reverse("compliance:evidence-download", args=[obj.pk])


class EventDetailSerializer(EventSerializer):
    answers = EventAnswerSerializer(many=True, read_only=True)
    status_changes = EventStatusChangeSerializer(many=True, read_only=True)
    evidence_files = EvidenceFileSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "evidence",
            "sanction_type",
            "sanction_amount",
            "sanction_on",
            "sanction_note",
            "closed_at",
            "answers",
            "status_changes",
            "evidence_files",
        ]
        read_only_fields = fields


class EventCreateSerializer(serializers.Serializer):
    event_type = serializers.IntegerField()
    season = serializers.IntegerField()
    summary = serializers.CharField(max_length=300)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    farmer = serializers.IntegerField(required=False, allow_null=True, default=None)
    plot = serializers.IntegerField(required=False, allow_null=True, default=None)
    spta = serializers.IntegerField(required=False, allow_null=True, default=None)
    weighing = serializers.IntegerField(required=False, allow_null=True, default=None)
    delivery_order = serializers.IntegerField(required=False, allow_null=True, default=None)
    rendemen_analysis = serializers.IntegerField(required=False, allow_null=True, default=None)
    credit_application = serializers.IntegerField(required=False, allow_null=True, default=None)


class EventStepSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EventSanctionSerializer(EventStepSerializer):
    sanction_type = serializers.ChoiceField(choices=SanctionType.choices)
    sanction_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    sanction_on = serializers.DateField()


class EventAnswerCreateSerializer(serializers.Serializer):
    text = serializers.CharField()
