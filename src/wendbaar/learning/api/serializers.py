from __future__ import annotations

from typing import Any

from rest_framework import serializers

from wendbaar.learning.models import (
    ActionKind,
    ActionStatus,
    Mode,
    Offering,
    Plan,
    PlanAction,
    Provider,
)


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "name", "slug", "marks", "website", "is_demo"]


class OfferingSkillSerializer(serializers.Serializer):
    uri = serializers.CharField(source="concept.uri")
    confirmed = serializers.BooleanField()


class OfferingSerializer(serializers.ModelSerializer):
    provider = ProviderSerializer()
    skills = OfferingSkillSerializer(source="skill_links", many=True)
    starts = serializers.SerializerMethodField()

    class Meta:
        model = Offering
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "provider",
            "skills",
            "nlqf_level",
            "eqf_level",
            "study_hours",
            "duration_weeks",
            "cost",
            "mode",
            "location",
            "postcode",
            "region",
            "language",
            "starts",
            "credential",
            "funding_kind",
            "kansberoep",
            "url",
            "source",
            "external_id",
            "is_demo",
        ]

    def get_starts(self, offering: Offering) -> list[str]:
        return [s.date.isoformat() for s in offering.starts.all()]


class OfferingQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200)
    skill = serializers.CharField(required=False, max_length=200)
    occupation = serializers.CharField(required=False, max_length=500)
    region = serializers.CharField(required=False, max_length=80)
    mode = serializers.ChoiceField(choices=Mode.choices, required=False)
    max_price = serializers.DecimalField(
        required=False, max_digits=10, decimal_places=2, min_value=0
    )
    start_before = serializers.DateField(required=False)


class LimitsSerializer(serializers.Serializer):
    budget = serializers.FloatField(required=False, min_value=0, allow_null=True)
    hours_per_week = serializers.FloatField(required=False, min_value=0, allow_null=True)
    weeks = serializers.FloatField(required=False, min_value=0, allow_null=True)
    online_only = serializers.BooleanField(required=False, default=False)
    max_distance_km = serializers.FloatField(required=False, min_value=0, allow_null=True)
    place = serializers.CharField(required=False, max_length=100, allow_blank=True)
    start_before = serializers.DateField(required=False, allow_null=True)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False, max_length=5
    )


class WeightsSerializer(serializers.Serializer):
    hour_value = serializers.FloatField(required=False, min_value=0, max_value=1000)
    optional_value = serializers.FloatField(required=False, min_value=0, max_value=10000)


class AdviceRequestSerializer(serializers.Serializer):
    occupation = serializers.CharField(required=False, max_length=500)
    gaps = serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        max_length=500,
        help_text="Skill URIs to close, instead of an occupation.",
    )
    skills = serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        max_length=2000,
        help_text="Skill URIs the person has (with an occupation). Left out for a logged-in "
        "person: their passport is used.",
    )
    experience_occupations = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=50
    )
    paid_work_skills = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=2000
    )
    facts = serializers.DictField(required=False, help_text="Intake facts for funding.")
    limits = LimitsSerializer(required=False)
    weights = WeightsSerializer(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("occupation") and not attrs.get("gaps"):
            raise serializers.ValidationError("give an occupation or gaps")
        return attrs


class PlanActionSerializer(serializers.ModelSerializer):
    skills: serializers.Field = serializers.SlugRelatedField(
        slug_field="uri", many=True, read_only=True
    )

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "kind",
            "title",
            "offering",
            "skills",
            "deadline",
            "status",
            "completed_at",
            "credential",
            "validated_by",
        ]
        read_only_fields = ["completed_at", "credential", "validated_by"]


class PlanSerializer(serializers.ModelSerializer):
    goal_occupation: serializers.Field = serializers.SlugRelatedField(
        slug_field="uri", read_only=True
    )
    actions = PlanActionSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "title", "goal_occupation", "created_at", "actions", "progress"]

    def get_progress(self, plan: Plan) -> dict[str, int]:
        done, total = plan.progress()
        return {"done": done, "total": total}


class PlanCreateSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, max_length=200, allow_blank=True)
    goal_occupation = serializers.CharField(required=False, max_length=500)


class ActionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    title = serializers.CharField(required=False, max_length=300)
    offering = serializers.IntegerField(required=False)
    deadline = serializers.DateField(required=False)
    skills = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=200
    )


class ActionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    validated = serializers.BooleanField(required=False, default=False)
