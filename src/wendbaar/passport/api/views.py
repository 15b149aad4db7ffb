"""/api/v1/passport: the owner's own passport, and the filling routes without pages.

Only a logged-in person reaches it, and only their own passport: there is no id of a
passport in any path, and a claim of someone else is not found (404).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wendbaar.accounts.api.auth import TokenAuthentication
from wendbaar.accounts.models import Role
from wendbaar.accounts.permissions import HasRole
from wendbaar.linking.engine.errors import LinkingInputError
from wendbaar.passport import credential_import, cv_text, passport_import
from wendbaar.passport.api import serializers as s
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import ClaimSource, SkillClaim, ValidationLevel
from wendbaar.taxonomy.display import reader_language
from wendbaar.taxonomy.models import Concept

AUTHENTICATION = [TokenAuthentication, SessionAuthentication]
SKILL_KINDS = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)


class SafeJSONParser(JSONParser):
    """JSON whose nesting is too deep for Python's parser is a 400, not a 500."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON nests too deeply.")) from None


class OwnPassportView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [HasRole(Role.PERSON)]
    parser_classes = [SafeJSONParser]
    pagination_class = None

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, RequestDataTooBig):
            # Django's own answer would be an HTML page; an API client wants JSON.
            exc = ParseError(
                _("The request is too large: at most %(limit)s bytes.")
                % {"limit": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}"}
            )
        return super().handle_exception(exc)


def _claims(claims: list[SkillClaim]) -> list[dict[str, Any]]:
    fresh = SkillClaim.objects.filter(pk__in=[c.pk for c in claims]).select_related(
        "concept", "source_concept"
    )
    return s.ClaimSerializer(fresh.prefetch_related("evidence"), many=True).data  # type: ignore[return-value]


class PassportDetail(OwnPassportView):
    @extend_schema(
        operation_id="passport_retrieve",
        summary="My passport: claims, work experience, education and credentials",
        responses=s.PassportSerializer,
    )
    def get(self, request: Request) -> Response:
        passport = passport_of(request.user)
        data = {
            "claims": passport.claims.select_related("concept", "source_concept")
            .prefetch_related("evidence")
            .order_by("pk"),
            "jobs": passport.jobs.select_related("occupation"),
            "education": passport.education.all(),
            "credentials": passport.credentials.all(),
        }
        return Response(s.PassportSerializer(data).data)


class Claims(OwnPassportView):
    @extend_schema(
        operation_id="passport_claims_create",
        summary="Add a self-declared skill (an existing claim keeps its level)",
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimSerializer, 200: s.ClaimSerializer},
    )
    def post(self, request: Request) -> Response:
        params = s.ClaimCreateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        key = data.pop("concept")
        found = Concept.objects.filter(kind__in=SKILL_KINDS, deprecated=False)
        concept = (
            found.filter(pk=int(key)).first() if key.isdigit() else found.filter(uri=key).first()
        )
        if concept is None:
            raise ValidationError({"concept": [_("No skill with this URI or id.")]})
        passport = passport_of(request.user)
        existed = passport.claims.filter(concept=concept).exists()
        claim, _changed = add_claim(
            passport, concept, ValidationLevel.SELF_DECLARED, ClaimSource.SEARCH, **data
        )
        return Response(
            _claims([claim])[0], status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class ClaimDetail(OwnPassportView):
    def _claim(self, request: Request, pk: int) -> SkillClaim:
        return get_object_or_404(SkillClaim, pk=pk, passport__owner=request.user)

    @extend_schema(
        operation_id="passport_claims_update",
        summary="Change what the owner tells about a claim (never its level)",
        request=s.ClaimUpdateSerializer,
        responses=s.ClaimSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        claim = self._claim(request, pk)
        params = s.ClaimUpdateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        for name, value in params.validated_data.items():
            setattr(claim, name, value if value is not None or name != "context" else "")
        claim.save()
        return Response(_claims([claim])[0])

    @extend_schema(operation_id="passport_claims_destroy", responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        claim = self._claim(request, pk)
        with transaction.atomic():
            for evidence in claim.evidence.exclude(file=""):
                evidence.file.delete(save=False)
            claim.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class Cv(OwnPassportView):
    @extend_schema(
        operation_id="passport_cv",
        summary="Skills found in the text of a CV, to confirm (nothing is stored)",
        request=s.CvRequestSerializer,
        responses=s.CvResponseSerializer,
    )
    def post(self, request: Request) -> Response:
        params = s.CvRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            text = cv_text.clean_text(params.validated_data["text"])
            proposals = cv_text.propose_skills(text, reader_language())
        except cv_text.CvError as error:
            raise ValidationError({"text": [error.message]}) from None
        except LinkingInputError as error:
            raise ValidationError({"text": [str(error)]}) from None
        return Response({"proposals": [s.ProposalSerializer(p).data for p in proposals]})


class Credentials(OwnPassportView):
    @extend_schema(
        operation_id="passport_credentials_import",
        summary="Check credentials and propose skills; with confirm, store them",
        request=s.CredentialImportRequestSerializer,
        responses={
            200: s.CredentialImportResponseSerializer,
            201: s.CredentialImportResponseSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        params = s.CredentialImportRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        passport = passport_of(request.user)
        lang = reader_language()
        try:
            if data["confirm"]:
                chosen = {(a["index"], a["concept_id"]) for a in data.get("accept", [])}
                result = credential_import.import_credentials(
                    passport, data["data"], data["confirm_all"], chosen, lang=lang
                )
            else:
                result = credential_import.ImportResult(
                    previews=credential_import.preview_credentials(data["data"], lang, passport)
                )
        except credential_import.CredentialInputError as error:
            raise ValidationError({"data": [error.message]}) from None
        body = {
            "stored": bool(data["confirm"]),
            "credentials": [credential_import.as_mapping(p) for p in result.previews],
            "held": [held.pk for held in result.held],
            "claims": _claims(result.claims),
            "problems": result.problems,
        }
        return Response(body, status=status.HTTP_201_CREATED if result.held else status.HTTP_200_OK)


class PassportImport(OwnPassportView):
    @extend_schema(
        operation_id="passport_import",
        summary="Another passport system's export (CSV or JSON) through a crosswalk",
        request=s.PassportImportRequestSerializer,
        responses={
            200: s.PassportImportResponseSerializer,
            201: s.PassportImportResponseSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        params = s.PassportImportRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        scheme = next(
            (x for x in passport_import.importable_schemes() if x.code == data["scheme"]), None
        )
        if scheme is None:
            raise ValidationError(
                {"scheme": [_("Unknown scheme, or it has no accepted mappings to ESCO.")]}
            )
        try:
            rows = passport_import.read_rows(
                "export." + data["format"], data["content"].encode("utf-8")
            )
        except passport_import.ImportFormatError as error:
            raise ValidationError({"content": [error.message]}) from None
        plan = passport_import.plan_import(scheme, rows)
        claims = (
            passport_import.apply_import(passport_of(request.user), plan) if data["confirm"] else []
        )
        body = {
            "stored": bool(data["confirm"]),
            "mapped": [
                {
                    "line": m.row.line,
                    "code": m.row.code,
                    "target": m.target.uri,
                    "relation": m.relation,
                }
                for m in plan.mapped
            ],
            "unmapped": [
                {"line": u.row.line, "code": u.row.code, "reason": u.reason} for u in plan.unmapped
            ],
            "claims": _claims(claims),
        }
        return Response(body, status=status.HTTP_201_CREATED if claims else status.HTTP_200_OK)
