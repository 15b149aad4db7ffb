"""VC-API verification endpoints (W3C VC-API): POST /credentials/verify, /presentations/verify."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from wendbaar.credentials.engine.verify import Verdict
from wendbaar.credentials.verification import (
    check_credential,
    check_presentation,
    issuer_name,
)


# Member names are camelCase as the VC-API specifies them.
class VerifyCredentialRequest(serializers.Serializer):
    verifiableCredential = serializers.DictField()
    options = serializers.DictField(required=False)


class VerifyPresentationRequest(serializers.Serializer):
    verifiablePresentation = serializers.DictField()
    options = serializers.DictField(required=False)


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class VerificationResult(serializers.Serializer):
    verified = serializers.BooleanField()
    issuerTrusted = serializers.BooleanField(
        help_text="Whether the issuer is on this platform's list of trusted issuers."
    )
    checks = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the checks that passed."
    )
    warnings = CheckSerializer(many=True, help_text="Checks that could not be made.")
    # A declared field named like Serializer.errors; the metaclass keeps them apart.
    errors = CheckSerializer(  # type: ignore[assignment]
        many=True, help_text="Checks that failed, first one first."
    )


def result(verdict: Verdict) -> Response:
    body: dict[str, Any] = {
        "verified": verdict.verified,
        "issuerTrusted": issuer_name(verdict.issuer) is not None,
        "checks": [c.code for c in verdict.checks if c.outcome == "passed"],
        "warnings": [
            {"code": c.code, "message": c.message} for c in verdict.checks if c.outcome == "skipped"
        ],
        "errors": [{"code": c.code, "message": c.message} for c in verdict.failures],
    }
    return Response(body, status=200 if verdict.verified else 400)


RESPONSES = {
    200: VerificationResult,
    400: OpenApiResponse(VerificationResult, description="Not verified: errors say why."),
}


class VerifyCredential(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=VerifyCredentialRequest, responses=RESPONSES)
    def post(self, request: Request) -> Response:
        params = VerifyCredentialRequest(data=request.data)
        params.is_valid(raise_exception=True)
        return result(check_credential(params.validated_data["verifiableCredential"]))


class VerifyPresentation(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=VerifyPresentationRequest, responses=RESPONSES)
    def post(self, request: Request) -> Response:
        params = VerifyPresentationRequest(data=request.data)
        params.is_valid(raise_exception=True)
        options = params.validated_data.get("options") or {}
        return result(
            check_presentation(
                params.validated_data["verifiablePresentation"],
                challenge=options.get("challenge"),
                domain=options.get("domain"),
            )
        )
