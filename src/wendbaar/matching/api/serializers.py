from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wendbaar.matching.engine.filters import DEFAULT_WAGE_SHARE
from wendbaar.matching.engine.query import TransitionQuery
from wendbaar.matching.engine.signals import SECTORS
from wendbaar.matching.models import Vacancy

TOP_MAX = 100
SKILLS_MAX = 500


class ClaimSerializer(serializers.Serializer):
    skill = serializers.CharField(max_length=500, help_text=_("ESCO skill URI"))
    level = serializers.IntegerField(min_value=1, max_value=5, default=1)
    last_used = serializers.DateField(required=False, allow_null=True)


class FitRequestSerializer(serializers.Serializer):
    skills = serializers.ListField(
        child=serializers.JSONField(),
        max_length=SKILLS_MAX,
        help_text=_("Skill URIs, or objects {skill, level (1..5), last_used}."),
    )
    top = serializers.IntegerField(min_value=1, max_value=TOP_MAX, default=10)

    def validate_skills(self, value: list[Any]) -> list[dict[str, Any]]:
        out = []
        for item in value:
            claim = ClaimSerializer(data={"skill": item} if isinstance(item, str) else item)
            if not isinstance(item, (str, dict)) or not claim.is_valid():
                raise serializers.ValidationError(
                    _("Each skill is a URI or an object with skill, level and last_used.")
                )
            out.append(dict(claim.validated_data))
        return out


class TransitionParamsSerializer(serializers.Serializer):
    region = serializers.CharField(required=False, max_length=80)
    sector = serializers.ListField(child=serializers.ChoiceField(choices=SECTORS), required=False)
    wage_share = serializers.FloatField(min_value=0, max_value=2, default=DEFAULT_WAGE_SHARE)
    max_missing = serializers.IntegerField(required=False, min_value=0, max_value=100)
    shortage_only = serializers.BooleanField(default=False)
    all_moves = serializers.BooleanField(default=False)
    top = serializers.IntegerField(min_value=1, max_value=TOP_MAX, default=20)

    def query(self) -> TransitionQuery:
        data = self.validated_data
        require = [] if data["all_moves"] else ["viable"]
        if data["shortage_only"]:
            require.append("in_demand")
        if data.get("sector"):
            require.append("sector")
        if data.get("max_missing") is not None:
            require.append("effort")
        return TransitionQuery(
            region=data.get("region") or None,
            wage_share=data["wage_share"],
            sectors=tuple(data.get("sector") or ()),
            max_missing=data.get("max_missing"),
            require=tuple(require),
            top=data["top"],
        )


class VacancySerializer(serializers.ModelSerializer):
    required_skills = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, write_only=True
    )
    nice_to_have_skills = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, write_only=True
    )
    skills = serializers.SerializerMethodField()

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "text",
            "region",
            "hours",
            "status",
            "created_at",
            "updated_at",
            "required_skills",
            "nice_to_have_skills",
            "skills",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_skills(self, vacancy: Vacancy) -> list[dict[str, Any]]:
        return [
            {"uri": uri, "required": required, "confirmed": confirmed}
            for uri, required, confirmed in vacancy.skills.values_list(
                "concept__uri", "required", "confirmed"
            )
        ]


class ResultSerializer(serializers.Serializer):
    """Described loosely: every field of the explained results is documented in
    docs/matching.md."""

    status = serializers.CharField()
    guidance = serializers.CharField()
    issues = serializers.ListField(child=serializers.DictField())


class TransitionsResponseSerializer(ResultSerializer):
    origin = serializers.DictField(required=False)
    thresholds = serializers.DictField()
    options = serializers.ListField(child=serializers.DictField())


class FitResponseSerializer(ResultSerializer):
    results = serializers.ListField(child=serializers.DictField())


class PathsResponseSerializer(serializers.Serializer):
    origin = serializers.DictField()
    paths = serializers.ListField(child=serializers.DictField())


class UpskillingResponseSerializer(serializers.Serializer):
    origin = serializers.DictField()
    skills = serializers.ListField(child=serializers.DictField())


class CandidatesResponseSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField()
    candidates = serializers.ListField(child=serializers.DictField())
