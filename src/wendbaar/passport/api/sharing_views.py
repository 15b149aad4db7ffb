"""API of sharing: the owner's links, consents, access log, export and PDF; advisers and
employers read the passports they have consent for. The same rules as the pages: only
the owner sees and changes their own; without consent a passport is "not found"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wendbaar.passport import sharing
from wendbaar.passport.api.sharing_serializers import (
    AccessLogSerializer,
    ConsentCreateSerializer,
    ConsentSerializer,
    NewShareLinkSerializer,
    RaiseResultSerializer,
    SharedPassportListItemSerializer,
    SharedPassportSerializer,
    ShareLinkCreateSerializer,
    ShareLinkSerializer,
)
from wendbaar.passport.areas import areas_of
from wendbaar.passport.claims import passport_of
from wendbaar.passport.export import passport_data
from wendbaar.passport.models import (
    AccessLog,
    Consent,
    ConsentScope,
    Passport,
    ShareLink,
    ValidationLevel,
)
from wendbaar.passport.pdf import passport_pdf
from wendbaar.taxonomy.display import preferred_labels

TAG = ["passport sharing"]
LANG = OpenApiParameter("lang", str, enum=["nl", "en"], description="Language of the PDF.")


def _no_store(response: Any) -> Any:
    response["Cache-Control"] = "no-store, private"
    return response


class ShareLinkList(generics.GenericAPIView[ShareLink]):
    permission_classes = [IsAuthenticated]
    serializer_class = ShareLinkSerializer

    def get_queryset(self) -> QuerySet[ShareLink]:
        return sharing.links_of(passport_of(self.request.user))

    @extend_schema(tags=TAG, summary="Your share links (tokens are never returned again)")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = ShareLinkSerializer(page, many=True).data
        return _no_store(self.get_paginated_response(data))

    @extend_schema(
        tags=TAG,
        summary="Make a share link; its address is in the answer once",
        request=ShareLinkCreateSerializer,
        responses={201: NewShareLinkSerializer},
    )
    def post(self, request: Request) -> Response:
        form = ShareLinkCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        passport = passport_of(request.user)
        claims = None
        if "claims" in form.validated_data:
            ids = set(form.validated_data["claims"])
            claims = list(passport.claims.filter(pk__in=ids))
            if len(claims) != len(ids):
                raise ValidationError({"claims": ["some claims are not in your passport"]})
        new = sharing.create_link(
            passport,
            label=form.validated_data["label"],
            days=form.validated_data["days"],
            claims=claims,
        )
        url = request.build_absolute_uri(reverse("passport:shared", args=[new.token]))
        data = NewShareLinkSerializer(new.link, context={"url": url}).data
        return _no_store(Response(data, status=status.HTTP_201_CREATED))


class ShareLinkRevoke(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Stop a share link",
        request=None,
        responses={200: ShareLinkSerializer, 404: OpenApiResponse(description="not yours")},
    )
    def post(self, request: Request, pk: int) -> Response:
        passport = passport_of(request.user)
        link = sharing.links_of(passport).filter(pk=pk).first()
        if link is None:
            raise NotFound("no such link in your passport")
        sharing.revoke_link(passport, pk)
        link.refresh_from_db()
        return _no_store(Response(ShareLinkSerializer(link).data))


class ConsentList(generics.GenericAPIView[Consent]):
    permission_classes = [IsAuthenticated]
    serializer_class = ConsentSerializer

    def get_queryset(self) -> QuerySet[Consent]:
        return sharing.consents_of(self.request.user)

    @extend_schema(tags=TAG, summary="Consents you gave (also withdrawn ones)")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return _no_store(self.get_paginated_response(ConsentSerializer(page, many=True).data))

    @extend_schema(
        tags=TAG,
        summary="Give an adviser or employer consent",
        request=ConsentCreateSerializer,
        responses={201: ConsentSerializer, 200: ConsentSerializer},
    )
    def post(self, request: Request) -> Response:
        form = ConsentCreateSerializer(data=request.data, context={"owner": request.user})
        form.is_valid(raise_exception=True)
        consent, created = sharing.grant_consent(
            request.user, form.validated_data["grantee"], form.validated_data["scope"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return _no_store(Response(ConsentSerializer(consent).data, status=code))


class ConsentRevoke(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Withdraw a consent",
        request=None,
        responses={200: ConsentSerializer, 404: OpenApiResponse(description="not yours")},
    )
    def post(self, request: Request, pk: int) -> Response:
        consent = sharing.consents_of(request.user).filter(pk=pk).first()
        if consent is None:
            raise NotFound("no such consent of yours")
        sharing.revoke_consent(request.user, pk)
        consent.refresh_from_db()
        return _no_store(Response(ConsentSerializer(consent).data))


class AccessLogList(generics.GenericAPIView[AccessLog]):
    permission_classes = [IsAuthenticated]
    serializer_class = AccessLogSerializer

    def get_queryset(self) -> QuerySet[AccessLog]:
        return sharing.access_log(self.request.user)

    @extend_schema(tags=TAG, summary="Who viewed your data, newest first")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return _no_store(self.get_paginated_response(AccessLogSerializer(page, many=True).data))


class PassportExport(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="All your passport data as JSON",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        return _no_store(Response(passport_data(request.user)))


class PassportPdf(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Your printable passport (PDF, at most 4 pages)",
        description=(
            "Each call makes a new share link (label PDF, 90 days) for the QR code; "
            "it shows up in your share links and can be stopped there."
        ),
        parameters=[LANG],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> HttpResponse:
        lang = request.query_params.get("lang") or translation.get_language() or "nl"
        if lang not in {"nl", "en"}:
            raise ValidationError({"lang": ["lang must be nl or en"]})
        pdf = passport_pdf(passport_of(request.user), lang, request.build_absolute_uri)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="wendbaar-passport.pdf"'
        return _no_store(response)


# Advisers and employers ----------------------------------------------------------


def _grantee(request: Request) -> Any:
    if not sharing.can_receive_consent(request.user):
        raise NotFound("only for advisers and employers")
    return request.user


def shared_passport_data(passport: Passport) -> dict[str, Any]:
    claims = list(passport.claims.select_related("concept").order_by("-level", "pk"))
    jobs = list(passport.jobs.select_related("occupation"))
    areas = areas_of(claim.concept_id for claim in claims)
    ids = [c.concept_id for c in claims] + [a for a in areas.values() if a]
    ids += [job.occupation_id for job in jobs if job.occupation_id]
    labels = preferred_labels(ids)

    def text(pk: int | None) -> str:
        shown = labels.get(pk) if pk else None
        return shown.text if shown else ""

    return {
        "id": passport.pk,
        "name": sharing.shown_name(passport.owner),
        "claims": [
            {
                "id": claim.pk,
                "skill": claim.concept.uri,
                "label": text(claim.concept_id),
                "area": text(areas.get(claim.concept_id)),
                "level": claim.level,
                "level_name": str(ValidationLevel(claim.level).label),
            }
            for claim in claims
        ],
        "work_experience": [
            {
                "title": job.title,
                "employer": job.employer,
                "occupation": job.occupation.uri if job.occupation else None,
                "occupation_label": text(job.occupation_id),
                "start": job.start.isoformat() if job.start else None,
                "end": job.end.isoformat() if job.end else None,
            }
            for job in jobs
        ],
        "education": [
            {
                "title": item.title,
                "institution": item.institution,
                "level": item.level,
                "completed": item.completed.isoformat() if item.completed else None,
                "diploma": item.diploma,
            }
            for item in passport.education.all()
        ],
        "credentials": [
            {
                "id": held.pk,
                "name": held.name,
                "issuer_name": held.issuer_name,
                "document": held.document,
            }
            for held in passport.credentials.all()
        ],
    }


class SharedPassportList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Passports shared with you (advisers and employers)",
        responses={200: SharedPassportListItemSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        user = _grantee(request)
        plans = set(
            sharing.passports_for(user, ConsentScope.PLAN).values_list("owner_id", flat=True)
        )
        data = [
            {"id": p.pk, "name": sharing.shown_name(p.owner), "plan": p.owner_id in plans}
            for p in sharing.passports_for(user)
        ]
        return _no_store(Response(data))


class SharedPassportDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Read a passport you have consent for (the owner sees it in their log)",
        responses={200: SharedPassportSerializer, 404: OpenApiResponse(description="no consent")},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _grantee(request)
        passport = sharing.consented_passport(user, pk)
        if passport is None:
            raise NotFound("no passport shared with you under this id")
        sharing.log_view(passport.owner, user, sharing.WHAT_PASSPORT)
        return _no_store(Response(shared_passport_data(passport)))


class SharedClaimRaise(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Confirm (adviser) or endorse (employer) a claim; levels only rise",
        request=None,
        responses={200: RaiseResultSerializer, 404: OpenApiResponse(description="no consent")},
    )
    def post(self, request: Request, pk: int, claim: int) -> Response:
        user = _grantee(request)
        outcome = sharing.raise_claim(user, pk, claim)
        if outcome is None:
            raise NotFound("no such claim in a passport shared with you")
        raised, changed = outcome
        return _no_store(Response({"claim": raised.pk, "level": raised.level, "changed": changed}))
