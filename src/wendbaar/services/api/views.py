"""API of the service: service points, schemes, the scheme check, free learning."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from wendbaar.services import choices, geo
from wendbaar.services.api.serializers import (
    FundingSchemeSerializer,
    LearningResourceSerializer,
    SchemeCheckRequestSerializer,
    SchemeCheckResultSerializer,
    ServicePointSerializer,
)
from wendbaar.services.directory import search_points
from wendbaar.services.finder import Verdict, applicable_schemes, price_after_funding
from wendbaar.services.learning import search_resources
from wendbaar.services.models import Scheme, ServicePoint
from wendbaar.services.postcodes import PlaceNotFound, find_place

LANG = OpenApiParameter("lang", str, enum=["nl", "en"], description="Language of the reasons.")


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "nl")
    if lang not in {"nl", "en"}:
        raise ValidationError({"lang": ["lang must be nl or en"]})
    return lang


def _place(text: str, field: str = "place") -> Any:
    try:
        return find_place(text)
    except geo.PlaceError as exc:
        raise ValidationError({field: ["give a postcode like 1234 AB or a municipality"]}) from exc
    except PlaceNotFound as exc:
        raise ValidationError({field: [f"unknown place {text.strip()!r}"]}) from exc


def _choice_param(request: Request, name: str, enum: Any) -> str:
    value = request.query_params.get(name, "")
    if value and value not in enum.values:
        raise ValidationError({name: [f"{name} must be one of {', '.join(enum.values)}"]})
    return value


class ServicePointList(generics.GenericAPIView):
    serializer_class = ServicePointSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "place", str, description="Postcode (1234 AB, 1234ab, 1234) or municipality."
            ),
            OpenApiParameter("kind", str, enum=list(choices.PointKind.values)),
            OpenApiParameter("topic", str, enum=list(choices.Topic.values)),
        ],
        responses=ServicePointSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        text = request.query_params.get("place", "")
        place = _place(text) if text.strip() else None
        kind = _choice_param(request, "kind", choices.PointKind)
        topic = _choice_param(request, "topic", choices.Topic)
        results = search_points(place, kind=kind, topics=[topic] if topic else [])
        rows = [(f.point, f.distance_km) for f in results.local] + [
            (p, None) for p in results.nationwide
        ]
        page = self.paginate_queryset(rows) or []  # type: ignore[arg-type]
        data = []
        for point, km in page:
            item = ServicePointSerializer(point).data
            item["distance_km"] = round(km, 2) if km is not None else None
            data.append(item)
        return self.get_paginated_response(data)


class ServicePointDetail(generics.RetrieveAPIView):
    serializer_class = ServicePointSerializer
    queryset = ServicePoint.objects.select_related("region")
    lookup_field = "slug"


class FundingSchemeList(generics.ListAPIView):
    serializer_class = FundingSchemeSerializer

    @extend_schema(
        parameters=[OpenApiParameter("audience", str, enum=list(choices.Audience.values))]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Scheme]:
        audience = _choice_param(self.request, "audience", choices.Audience)  # type: ignore[arg-type]
        schemes = Scheme.objects.order_by("name")
        if audience:
            ids = [s.pk for s in schemes if audience in s.audiences]
            schemes = schemes.filter(pk__in=ids)
        return schemes


class FundingSchemeDetail(generics.RetrieveAPIView):
    serializer_class = FundingSchemeSerializer
    queryset = Scheme.objects.all()
    lookup_field = "slug"


def _verdict(verdict: Verdict) -> dict[str, Any]:
    amount = verdict.amount
    return {
        "scheme": verdict.scheme.slug,
        "name": verdict.scheme.name,
        "outcome": verdict.outcome.value,
        "reasons": verdict.reasons,
        "amount": {"percent": amount.percent, "max_amount": amount.max_amount} if amount else None,
        "amount_text": verdict.amount_text.text,
    }


class FundingSchemeCheck(APIView):
    """Which schemes apply to these facts, and why; with a price, what is left to pay."""

    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        parameters=[LANG],
        request=SchemeCheckRequestSerializer,
        responses=SchemeCheckResultSerializer,
    )
    def post(self, request: Request) -> Response:
        lang = _lang(request)
        checked = SchemeCheckRequestSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        facts = {k: v for k, v in checked.validated_data["facts"].items() if k != "place"}
        place_text = checked.validated_data["facts"].get("place", "")
        if place_text:
            facts.update(_place(place_text).as_facts())
        offering = checked.validated_data.get("offering", {})
        with translation.override(lang):
            verdicts = applicable_schemes(facts)
            price = checked.validated_data.get("price")
            priced = price_after_funding(price, facts, offering) if price is not None else None
        result = {
            "verdicts": [_verdict(v) for v in verdicts],
            "price_after_funding": {
                "price": priced.price,
                "covered": priced.covered,
                "net_price": priced.net_price,
                "funded_by": priced.funded_by.scheme.slug if priced.funded_by else None,
                "may_lower": [v.scheme.slug for v in priced.may_lower],
            }
            if priced
            else None,
        }
        # Through the serializer, so amounts come out as decimal strings like in the schema.
        return Response(SchemeCheckResultSerializer(result).data)


class LearningResourceList(generics.GenericAPIView):
    serializer_class = LearningResourceSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words to search for, in Dutch or English."),
            OpenApiParameter("topic", str, enum=list(choices.ResourceTopic.values)),
        ],
        responses=LearningResourceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        text = request.query_params.get("q", "")
        if len(text) > 100:
            raise ValidationError({"q": ["at most 100 characters"]})
        topic = _choice_param(request, "topic", choices.ResourceTopic)
        page = self.paginate_queryset(search_resources(text, topic)) or []  # type: ignore[arg-type]
        return self.get_paginated_response(LearningResourceSerializer(page, many=True).data)
