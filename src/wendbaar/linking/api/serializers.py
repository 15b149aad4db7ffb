from __future__ import annotations

from rest_framework import serializers

from wendbaar.linking.engine.errors import QUERY_MAX, TEXT_MAX

LINK_BATCH_MAX = 100
EXTRACT_BATCH_MAX = 10
KINDS = [
    "skill",
    "occupation",
    "knowledge",
    "isco_group",
    "skill_group",
    "occupation_group",
    "external",
]


class LinkRequestSerializer(serializers.Serializer):
    texts = serializers.ListField(
        child=serializers.CharField(max_length=QUERY_MAX, allow_blank=True, trim_whitespace=False),
        min_length=1,
        max_length=LINK_BATCH_MAX,
        help_text=f"One or more short texts (each at most {QUERY_MAX} characters, "
        f"at most {LINK_BATCH_MAX} per request).",
    )
    kind = serializers.ChoiceField(
        choices=KINDS, required=False, allow_null=True, help_text='"skill" includes knowledge.'
    )
    lang = serializers.ChoiceField(
        choices=["nl", "en"],
        required=False,
        allow_null=True,
        help_text="Language of the texts; guessed when left out.",
    )
    top = serializers.IntegerField(min_value=1, max_value=50, default=10)


class StagesSerializer(serializers.Serializer):
    lexical = serializers.FloatField()
    dense = serializers.FloatField(allow_null=True)


class CandidateSerializer(serializers.Serializer):
    concept_id = serializers.IntegerField()
    uri = serializers.CharField()
    kind = serializers.CharField()
    score = serializers.FloatField()
    label = serializers.CharField(help_text="The label that matched.")  # type: ignore[assignment]
    label_lang = serializers.CharField()
    display_label = serializers.CharField(help_text="Preferred label in the requested language.")
    display_lang = serializers.CharField()
    stages = StagesSerializer()


class LinkResultSerializer(serializers.Serializer):
    text = serializers.CharField()
    candidates = CandidateSerializer(many=True)


class LinkResponseSerializer(serializers.Serializer):
    results = LinkResultSerializer(many=True)


class ExtractRequestSerializer(serializers.Serializer):
    texts = serializers.ListField(
        child=serializers.CharField(max_length=TEXT_MAX, allow_blank=True, trim_whitespace=False),
        min_length=1,
        max_length=EXTRACT_BATCH_MAX,
        help_text=f"CVs, vacancies, course descriptions (each at most {TEXT_MAX} characters, "
        f"at most {EXTRACT_BATCH_MAX} per request).",
    )
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=["skill", "occupation"]),
        required=False,
        help_text="What to find; both skills and occupations when left out.",
    )
    lang = serializers.ChoiceField(choices=["nl", "en"], required=False, allow_null=True)
    top = serializers.IntegerField(min_value=1, max_value=10, default=3)


class MentionSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Character offset where the mention starts.")
    end = serializers.IntegerField()
    text = serializers.CharField()
    candidates = CandidateSerializer(many=True)


class ExtractResultSerializer(serializers.Serializer):
    mentions = MentionSerializer(many=True)


class ExtractResponseSerializer(serializers.Serializer):
    results = ExtractResultSerializer(many=True)
