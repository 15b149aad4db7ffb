from __future__ import annotations

from typing import Any

from rest_framework import serializers

from wendbaar.services import choices
from wendbaar.services.models import (
    SCHEME_FIELDS,
    SERVICE_POINT_FIELDS,
    LearningResource,
    Scheme,
    ServicePoint,
)
from wendbaar.services.rules import Outcome


class ServicePointSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    distance_km = serializers.FloatField(
        read_only=True, allow_null=True, help_text="From the place asked for; null without one."
    )

    class Meta:
        model = ServicePoint
        fields = [*SERVICE_POINT_FIELDS, "distance_km"]


class FundingSchemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scheme
        fields = [*SCHEME_FIELDS, "is_demo"]


class LearningResourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = LearningResource
        fields = [
            "title",
            "url",
            "provider",
            "description_nl",
            "description_en",
            "topics",
            "keywords",
            "material_language",
            "is_demo",
        ]


def _choice(enum: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=enum.values, required=False)


class PersonFactsSerializer(serializers.Serializer):
    """A person's facts; leave out what is unknown. ``place`` (postcode or municipality)
    fills in municipality and region."""

    goal = _choice(choices.Goal)
    work_situation = _choice(choices.WorkSituation)
    education = _choice(choices.Education)
    age_group = _choice(choices.AgeGroup)
    sector = _choice(choices.Sector)
    employer_size = _choice(choices.EmployerSize)
    place = serializers.CharField(required=False, max_length=100)
    municipality = serializers.CharField(required=False, max_length=10)
    region = serializers.CharField(required=False, max_length=100)


class TrainingOfferSerializer(serializers.Serializer):
    kind = _choice(choices.OfferingKind)
    kansberoep = serializers.BooleanField(required=False)


class SchemeCheckRequestSerializer(serializers.Serializer):
    facts = PersonFactsSerializer()
    offering = TrainingOfferSerializer(required=False)
    price = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, help_text="Euro."
    )


class SchemeFundingSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    max_amount = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)


class SchemeVerdictSerializer(serializers.Serializer):
    scheme = serializers.CharField(help_text="Slug of the scheme.")
    name = serializers.CharField()
    outcome = serializers.ChoiceField(choices=[o.value for o in Outcome])
    reasons = serializers.ListField(child=serializers.CharField())
    amount = SchemeFundingSerializer(allow_null=True)
    amount_text = serializers.CharField()


class PriceAfterFundingSerializer(serializers.Serializer):
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    covered = serializers.DecimalField(max_digits=10, decimal_places=2)
    net_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    funded_by = serializers.CharField(allow_null=True, help_text="Slug of the scheme counted.")
    may_lower = serializers.ListField(child=serializers.CharField())


class SchemeCheckResultSerializer(serializers.Serializer):
    verdicts = SchemeVerdictSerializer(many=True)
    price_after_funding = PriceAfterFundingSerializer(allow_null=True)
