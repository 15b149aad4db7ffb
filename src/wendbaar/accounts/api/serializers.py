from __future__ import annotations

from rest_framework import serializers

from wendbaar.accounts.models import ApiToken, Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind"]


class MeSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation = OrganisationSerializer(read_only=True, allow_null=True)
    two_step_verification = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "username",
            "email",
            "role",
            "role_label",
            "situation",
            "organisation",
            "two_step_verification",
        ]


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; only a hash is kept.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
