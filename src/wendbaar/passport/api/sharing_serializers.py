"""Serializers of the sharing API: links, consents, the access log, shared passports."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wendbaar.passport import sharing
from wendbaar.passport.models import AccessLog, Consent, ConsentScope, ShareLink


class ShareLinkSerializer(serializers.ModelSerializer[ShareLink]):
    state = serializers.SerializerMethodField(help_text="active, expired or revoked")
    claims = serializers.SerializerMethodField(help_text="ids of the shared claims")

    class Meta:
        model = ShareLink
        fields = [
            "id",
            "label",
            "whole_passport",
            "claims",
            "state",
            "created_at",
            "expires_at",
            "revoked_at",
        ]

    def get_state(self, link: ShareLink) -> str:
        return sharing.link_state(link)

    def get_claims(self, link: ShareLink) -> list[int]:
        return [claim.pk for claim in link.claims.all()]


class NewShareLinkSerializer(ShareLinkSerializer):
    url = serializers.SerializerMethodField(help_text="the secret address, returned only once")

    class Meta(ShareLinkSerializer.Meta):
        fields = [*ShareLinkSerializer.Meta.fields, "url"]

    def get_url(self, link: ShareLink) -> str:
        return str(self.context["url"])


class ShareLinkCreateSerializer(serializers.Serializer[Any]):
    # A serializer field may be called label; the stubs confuse it with Field.label.
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    days = serializers.IntegerField(
        min_value=1, max_value=sharing.MAX_DAYS, default=sharing.DEFAULT_DAYS
    )
    claims = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=False,
        max_length=5000,
        help_text="claim ids of your own passport; leave out to share the whole passport",
    )


class GranteeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField()


def grantee_data(user: Any) -> dict[str, Any]:
    return {
        "id": user.pk,
        "name": sharing.shown_name(user),
        "role": user.role,
        "organisation": user.organisation.name if user.organisation_id else "",
    }


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    grantee = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = ["id", "grantee", "scope", "given_at", "revoked_at"]

    @extend_schema_field(GranteeSerializer)
    def get_grantee(self, consent: Consent) -> dict[str, Any]:
        return grantee_data(consent.grantee)


class ConsentCreateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(
        required=False, help_text="e-mail address of an adviser or employer"
    )
    adviser = serializers.IntegerField(
        required=False, help_text="user id of an adviser of a service point"
    )
    scope = serializers.ChoiceField(choices=ConsentScope.choices)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        email, adviser = attrs.get("email"), attrs.get("adviser")
        if bool(email) == bool(adviser):
            raise serializers.ValidationError("give either email or adviser")
        if adviser:
            found = [
                user
                for _point, users in sharing.advisers_by_point()
                for user in users
                if user.pk == adviser
            ]
            grantee = found[0] if found else None
        else:
            grantee = sharing.find_grantee(str(email))
        if grantee is None or grantee.pk == self.context["owner"].pk:
            raise serializers.ValidationError("no adviser or employer found")
        attrs["grantee"] = grantee
        return attrs


class AccessLogSerializer(serializers.ModelSerializer[AccessLog]):
    who = serializers.SerializerMethodField(help_text="the viewer in words")
    description = serializers.SerializerMethodField(help_text="what was seen, in words")

    class Meta:
        model = AccessLog
        fields = ["id", "at", "viewer_label", "share_link", "what", "who", "description"]

    def get_who(self, entry: AccessLog) -> str:
        return sharing.describe_viewer(entry)

    def get_description(self, entry: AccessLog) -> str:
        return sharing.describe_what(entry.what)


class SharedClaimSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    skill = serializers.CharField(help_text="ESCO concept URI")
    label = serializers.CharField()  # type: ignore[assignment]
    area = serializers.CharField()
    level = serializers.IntegerField()
    level_name = serializers.CharField()


class SharedPassportSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    claims = SharedClaimSerializer(many=True)
    work_experience = serializers.ListField(child=serializers.DictField())
    education = serializers.ListField(child=serializers.DictField())
    credentials = serializers.ListField(child=serializers.DictField())


class SharedPassportListItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    plan = serializers.BooleanField(help_text="the development plan is shared too")


class RaiseResultSerializer(serializers.Serializer[Any]):
    claim = serializers.IntegerField()
    level = serializers.IntegerField()
    changed = serializers.BooleanField()
