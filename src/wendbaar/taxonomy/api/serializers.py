from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping


class SchemeSerializer(serializers.ModelSerializer):
    concepts = serializers.IntegerField(read_only=True, source="size")

    class Meta:
        model = ConceptScheme
        fields = ["code", "uri", "kind", "titles", "version", "is_demo", "attribution", "concepts"]


class ConceptRefSerializer(serializers.Serializer):
    """A concept as it appears in lists: enough to show it and to follow it."""

    id = serializers.IntegerField()
    uri = serializers.CharField()
    kind = serializers.CharField()
    scheme = serializers.CharField()
    code = serializers.CharField()
    # Named like Field.label/Field.source; DRF's metaclass makes these declared fields.
    label = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    label_lang = serializers.CharField(allow_null=True)
    deprecated = serializers.BooleanField()


def concept_ref(concept: Concept, labels: dict[int, Any]) -> dict[str, Any]:
    shown = labels.get(concept.pk)
    return {
        "id": concept.pk,
        "uri": concept.uri,
        "kind": concept.kind,
        "scheme": concept.scheme.code,
        "code": concept.code,
        "label": shown.text if shown else None,
        "label_lang": shown.lang if shown else None,
        "deprecated": concept.deprecated,
    }


class LabelSetSerializer(serializers.Serializer):
    pref = serializers.ListField(child=serializers.CharField(), required=False)
    alt = serializers.ListField(child=serializers.CharField(), required=False)
    hidden = serializers.ListField(child=serializers.CharField(), required=False)


class TextSerializer(serializers.Serializer):
    lang = serializers.CharField()
    description = serializers.CharField()
    definition = serializers.CharField()
    scope_note = serializers.CharField()


class ConceptDetailSerializer(ConceptRefSerializer):
    status = serializers.CharField()
    reuse_level = serializers.CharField()
    placeholder = serializers.BooleanField()
    first_release = serializers.CharField()
    last_release = serializers.CharField()
    attributes = serializers.DictField()
    labels = serializers.DictField(child=LabelSetSerializer())
    texts = TextSerializer(many=True)
    collections = serializers.ListField(child=serializers.CharField())
    isco_group = ConceptRefSerializer(allow_null=True)
    brc_groups = ConceptRefSerializer(many=True)
    relation_counts = serializers.DictField(child=serializers.IntegerField())


class RelationSerializer(serializers.Serializer):
    kind = serializers.CharField()
    direction = serializers.ChoiceField(choices=["outgoing", "incoming"])
    concept = ConceptRefSerializer()


class MappingSerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField()  # type: ignore[assignment]
    target = serializers.SerializerMethodField()

    class Meta:
        model = Mapping
        fields = [
            "id",
            "source",
            "target",
            "relation",
            "confidence",
            "provenance",
            "status",
            "note",
            "created_at",
            "reviewed_at",
        ]

    def _ref(self, concept: Concept) -> dict[str, Any]:
        return concept_ref(concept, self.context.get("labels", {}))

    @extend_schema_field(ConceptRefSerializer)
    def get_source(self, mapping: Mapping) -> dict[str, Any]:
        return self._ref(mapping.source)

    @extend_schema_field(ConceptRefSerializer)
    def get_target(self, mapping: Mapping) -> dict[str, Any]:
        return self._ref(mapping.target)
