"""API shapes for survey rounds and responses. Writes go through surveys.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partners import selectors as partner_selectors
from partners.models import Farmer
from surveys import selectors, services
from surveys.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    ResponseSource,
    SurveyResponse,
    SurveyRound,
    TemplateVersion,
    VersionAttribute,
)


class AttributeSerializer(serializers.ModelSerializer):
    class Meta:
        model = VersionAttribute
        fields = ["id", "code", "order", "text_id", "text_en", "dimension", "help_id", "help_en"]
        read_only_fields = fields


class TemplateVersionSerializer(serializers.ModelSerializer):
    attributes = AttributeSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "name", "likert_labels", "attributes"]
        read_only_fields = fields


class RoundSerializer(serializers.ModelSerializer):
    mill_name = serializers.CharField(source="mill.name", read_only=True)
    season_name = serializers.CharField(source="season.name", read_only=True)
    template_version = TemplateVersionSerializer(read_only=True)
    targeted = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyRound
        fields = [
            "id",
            "name",
            "mill",
            "mill_name",
            "season",
            "season_name",
            "status",
            "opens_on",
            "closes_on",
            "target_regions",
            "target_partner_types",
            "sample_size",
            "targeted",
            "answered",
            "template_version",
        ]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    attribute = serializers.CharField(help_text=_("The attribute's code in the round, e.g. a05."))
    importance = serializers.IntegerField(
        min_value=LIKERT_MIN, max_value=LIKERT_MAX, allow_null=True, required=False
    )
    performance = serializers.IntegerField(
        min_value=LIKERT_MIN, max_value=LIKERT_MAX, allow_null=True, required=False
    )


def _as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class ResponseSerializer(serializers.ModelSerializer):
    """A respondent's answers. Staff name the farmer; a farmer answers for themself (``farmer`` may
    be left out). Answers can be changed until the round closes."""

    round = serializers.PrimaryKeyRelatedField(queryset=SurveyRound.objects.none())
    farmer = serializers.PrimaryKeyRelatedField(queryset=Farmer.objects.none(), required=False)
    answers = AnswerSerializer(many=True)

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "round",
            "farmer",
            "respondent_code",
            "region",
            "partner_type",
            "source",
            "answers",
            "created_at",
            "updated_at",
        ]
        # One response per farmer and round is checked by surveys.services (with a clear
        # message); DRF's generated unique-together validator would make `farmer` required.
        validators = []
        read_only_fields = [
            "respondent_code",
            "region",
            "partner_type",
            "source",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["round"].queryset = selectors.rounds_visible_to(request.user)
            self.fields["farmer"].queryset = partner_selectors.farmers_visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["round"].read_only = True
            self.fields["farmer"].read_only = True

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["answers"] = [
            {
                "attribute": answer.attribute.code,
                "importance": answer.importance,
                "performance": answer.performance,
            }
            for answer in instance.answers.all()
        ]
        return data

    @staticmethod
    def _answers(items) -> dict:
        answers = {}
        for item in items:
            if item["attribute"] in answers:
                raise serializers.ValidationError(
                    {"answers": [_("An attribute is answered twice.")]}
                )
            answers[item["attribute"]] = (item.get("importance"), item.get("performance"))
        return answers

    def create(self, validated_data):
        user = self.context["request"].user
        farmer = validated_data.get("farmer") or getattr(user, "farmer", None)
        try:
            return services.save_response(
                survey_round=validated_data["round"],
                by=user,
                farmer=farmer,
                answers=self._answers(validated_data["answers"]),
                source=ResponseSource.API,
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None

    def update(self, instance, validated_data):
        user = self.context["request"].user
        answers = self._answers(validated_data.get("answers", []))
        if self.partial:
            # PATCH changes the attributes it names and keeps the others.
            answers = {**selectors.answers_by_code(instance), **answers}
        try:
            return services.save_response(
                survey_round=instance.round, by=user, response=instance, answers=answers
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
