"""The approval chain of a subject in the API (a plot here, an application in credit.api):
each step with its holder, state, who took it, when and the note; where it waits; send-backs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ChainStepSerializer(serializers.Serializer):
    order = serializers.IntegerField(source="step.order")
    name = serializers.CharField(source="step.name")
    holder = serializers.CharField(source="step.holder_label", help_text=_("role or position"))
    state = serializers.SerializerMethodField()
    by = serializers.SerializerMethodField()
    at = serializers.DateTimeField(source="decision.at", allow_null=True, default=None)
    note = serializers.CharField(source="decision.note", allow_null=True, default=None)

    def get_state(self, entry) -> str:
        if entry.decision is not None:
            return "done"
        return "waiting" if entry.waiting else "ahead"

    def get_by(self, entry) -> str | None:
        if entry.decision is None or self.context.get("plain"):
            return None
        user = entry.decision.by
        return user.get_full_name() or user.username


class SentBackSerializer(serializers.Serializer):
    step = serializers.CharField(source="step.name")
    at = serializers.DateTimeField()
    reason = serializers.CharField(source="note")


class ChainSerializer(serializers.Serializer):
    name = serializers.CharField(source="chain.name", allow_null=True, default=None)
    waiting_on = serializers.CharField(source="waiting.name", allow_null=True, default=None)
    complete = serializers.BooleanField()
    steps = ChainStepSerializer(many=True)
    sent_back = SentBackSerializer(many=True)
