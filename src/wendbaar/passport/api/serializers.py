"""The passport in the API: the owner's claims, jobs, education and credentials."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from wendbaar.linking.engine.errors import TEXT_MAX
from wendbaar.passport.models import (
    ClaimContext,
    Education,
    Evidence,
    HeldCredential,
    Proficiency,
    SkillClaim,
    WorkExperience,
)


class EvidenceSerializer(serializers.ModelSerializer):
    credential: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = Evidence
        fields = ["id", "kind", "title", "url", "credential", "added_at"]


class ClaimSerializer(serializers.ModelSerializer):
    concept: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uri", read_only=True
    )
    source_concept: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uri", read_only=True
    )
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = SkillClaim
        fields = [
            "id",
            "concept",
            "source_concept",
            "level",
            "level_label",
            "proficiency",
            "context",
            "last_used",
            "source",
            "note",
            "evidence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["level", "source", "created_at", "updated_at"]


class ClaimCreateSerializer(serializers.Serializer):
    concept = serializers.CharField(
        max_length=500, help_text="The ESCO skill: its URI or its id in this platform."
    )
    proficiency = serializers.ChoiceField(
        choices=Proficiency.choices, required=False, allow_null=True
    )
    context = serializers.ChoiceField(  # type: ignore[assignment]
        choices=ClaimContext.choices, required=False, allow_blank=True
    )
    last_used = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ClaimUpdateSerializer(serializers.Serializer):
    proficiency = serializers.ChoiceField(
        choices=Proficiency.choices, required=False, allow_null=True
    )
    context = serializers.ChoiceField(  # type: ignore[assignment]
        choices=ClaimContext.choices, required=False, allow_blank=True
    )
    last_used = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        forbidden = {"level", "concept", "source"} & set(self.initial_data)
        if forbidden:
            raise serializers.ValidationError(
                {
                    name: "The owner cannot change this; a level only rises through an "
                    "adviser, employer, EVC procedure or credential."
                    for name in sorted(forbidden)
                }
            )
        return attrs


class JobSerializer(serializers.ModelSerializer):
    occupation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uri", read_only=True
    )

    class Meta:
        model = WorkExperience
        fields = ["id", "occupation", "title", "employer", "start", "end", "description"]


class EducationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Education
        fields = ["id", "title", "institution", "level", "completed", "diploma"]


class HeldCredentialSerializer(serializers.ModelSerializer):
    reason = serializers.SerializerMethodField()

    class Meta:
        model = HeldCredential
        fields = [
            "id",
            "name",
            "issuer_name",
            "issuer_id",
            "verified",
            "reason",
            "issued_at",
            "added_at",
            "document",
        ]

    def get_reason(self, held: HeldCredential) -> str:
        return str(held.verdict.get("reason", ""))


class PassportSerializer(serializers.Serializer):
    claims = ClaimSerializer(many=True)
    jobs = JobSerializer(many=True)
    education = EducationSerializer(many=True)
    credentials = HeldCredentialSerializer(many=True)


class CvRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX, help_text="The text of a CV.")


class ProposalSerializer(serializers.Serializer):
    concept_id = serializers.IntegerField()
    uri = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    label_lang = serializers.CharField()
    snippet = serializers.CharField(help_text="The words of the text that matched.")
    score = serializers.FloatField()


class CvResponseSerializer(serializers.Serializer):
    proposals = ProposalSerializer(many=True)


class AcceptSerializer(serializers.Serializer):
    index = serializers.IntegerField(min_value=0, help_text="The credential's place in the input.")
    concept_id = serializers.IntegerField()


class CredentialImportRequestSerializer(serializers.Serializer):
    data = serializers.JSONField(  # type: ignore[assignment]
        help_text="One credential, a JSON array of credentials, or a Verifiable Presentation."
    )
    confirm = serializers.BooleanField(
        default=False, help_text="False: only check and propose; true: store."
    )
    confirm_all = serializers.BooleanField(
        default=False, help_text="Accept every proposed skill (with confirm)."
    )
    accept = AcceptSerializer(many=True, required=False, help_text="Proposed skills to accept.")


class CredentialProposalSerializer(serializers.Serializer):
    concept_id = serializers.IntegerField()
    uri = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    reason = serializers.CharField()
    from_alignment = serializers.BooleanField()


class IssuerSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()


class CredentialPreviewSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    name = serializers.CharField()
    issuer = IssuerSerializer()
    verified = serializers.BooleanField(help_text="The proof verified.")
    trusted_issuer = serializers.BooleanField()
    reason = serializers.CharField(help_text='"verified", or what is wrong.')
    level = serializers.IntegerField(help_text="The level its skills get.")
    already_held = serializers.BooleanField()
    proposals = CredentialProposalSerializer(many=True)


class CredentialImportResponseSerializer(serializers.Serializer):
    stored = serializers.BooleanField()
    credentials = CredentialPreviewSerializer(many=True)
    held = serializers.ListField(child=serializers.IntegerField(), help_text="Stored ids.")
    claims = ClaimSerializer(many=True, help_text="Claims added or raised.")
    problems = serializers.ListField(child=serializers.CharField())


class PassportImportRequestSerializer(serializers.Serializer):
    scheme = serializers.CharField(max_length=100, help_text="The code of the source scheme.")
    format = serializers.ChoiceField(choices=["csv", "json"])
    content = serializers.CharField(
        max_length=2_000_000, trim_whitespace=False, help_text="The export file's text."
    )
    confirm = serializers.BooleanField(default=False)


class MappedSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    code = serializers.CharField()
    target = serializers.CharField(help_text="The ESCO skill URI.")
    relation = serializers.CharField()


class UnmappedSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    code = serializers.CharField()
    reason = serializers.CharField()


class PassportImportResponseSerializer(serializers.Serializer):
    stored = serializers.BooleanField()
    mapped = MappedSerializer(many=True)
    unmapped = UnmappedSerializer(many=True)
    claims = ClaimSerializer(many=True)
