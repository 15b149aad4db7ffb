"""W3C VC-API endpoints: POST /credentials/issue, /credentials/verify, /presentations/verify."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from wendbaar.accounts.api.auth import TokenAuthentication
from wendbaar.accounts.models import Role
from wendbaar.accounts.permissions import HasRole
from wendbaar.credentials.engine.proofs import CRYPTOSUITES, RDFC
from wendbaar.credentials.engine.verify import Verdict
from wendbaar.credentials.issuers import did_host
from wendbaar.credentials.issuing import IssuingError, issue_document
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


class IssueOptions(serializers.Serializer):
    cryptosuite = serializers.ChoiceField(choices=list(CRYPTOSUITES), default=RDFC)


class IssueCredentialRequest(serializers.Serializer):
    credential = serializers.DictField(
        help_text="An unsigned OpenBadgeCredential with credentialSubject.achievement; "
        "the server adds issuer (if absent), id, validFrom, credentialStatus and the proof."
    )
    options = IssueOptions(required=False)

    def validate_options(self, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data.get("options", {})) - {"cryptosuite"})
        if unknown:
            raise serializers.ValidationError(
                _("Unsupported option(s): {names}. Supported: cryptosuite.").format(
                    names=", ".join(unknown)
                )
            )
        return value


class IssueCredentialResponse(serializers.Serializer):
    verifiableCredential = serializers.DictField()


class IssueError(serializers.Serializer):
    detail = serializers.CharField()


class IssueCredential(APIView):
    """Sign an Open Badges 3.0 credential as the caller's organisation (issuers, admins)."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [HasRole(Role.ISSUER)]

    @extend_schema(
        request=IssueCredentialRequest,
        responses={
            201: IssueCredentialResponse,
            400: OpenApiResponse(IssueError, description="The credential cannot be issued."),
            401: OpenApiResponse(description="Not logged in (session or Bearer token)."),
            403: OpenApiResponse(description="Not an issuer, or no organisation to issue for."),
        },
    )
    def post(self, request: Request) -> Response:
        params = IssueCredentialRequest(data=request.data)
        params.is_valid(raise_exception=True)
        user = request.user
        organisation = getattr(user, "organisation", None)
        if (
            organisation is None
            and getattr(user, "role", "") != Role.ADMIN
            and not getattr(user, "is_superuser", False)
        ):
            raise PermissionDenied(
                _("Your account is not linked to an organisation, so it cannot issue.")
            )
        options = params.validated_data.get("options") or {}
        try:
            signed = issue_document(
                organisation,
                params.validated_data["credential"],
                cryptosuite=options.get("cryptosuite", RDFC),
                issued_by=user,
                host=did_host(request._request),
            )
        except IssuingError as error:
            return Response({"detail": str(error)}, status=400)
        return Response({"verifiableCredential": signed}, status=201)
