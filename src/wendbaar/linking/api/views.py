"""POST /api/v1/link: short texts to ranked concepts, with the reasons per stage."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from wendbaar.linking.api.serializers import (
    ExtractRequestSerializer,
    ExtractResponseSerializer,
    LinkRequestSerializer,
    LinkResponseSerializer,
)
from wendbaar.linking.engine.extract import Mention, extract
from wendbaar.linking.engine.linker import Candidate
from wendbaar.linking.service import get_linker
from wendbaar.taxonomy.display import preferred_labels


def candidate_dicts(candidates: list[Candidate], lang: str) -> list[dict[str, Any]]:
    shown = preferred_labels([c.concept_id for c in candidates], lang)
    out = []
    for candidate in candidates:
        label = shown.get(candidate.concept_id)
        out.append(
            {
                **candidate.as_dict(),
                "display_label": label.text if label else candidate.label,
                "display_lang": label.lang if label else candidate.label_lang,
            }
        )
    return out


class Link(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=LinkRequestSerializer, responses=LinkResponseSerializer)
    def post(self, request: Request) -> Response:
        params = LinkRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        kind = data.get("kind")
        lang = data.get("lang")
        results = get_linker().link_many(
            data["texts"], kinds=[kind] if kind else None, lang=lang, top=data["top"]
        )
        return Response(
            {
                "results": [
                    {"text": text, "candidates": candidate_dicts(candidates, lang or "nl")}
                    for text, candidates in zip(data["texts"], results, strict=True)
                ]
            }
        )


def mention_dicts(mentions: list[Mention], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "candidates": candidate_dicts(m.candidates, lang),
        }
        for m in mentions
    ]


class Extract(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=ExtractRequestSerializer, responses=ExtractResponseSerializer)
    def post(self, request: Request) -> Response:
        params = ExtractRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        linker = get_linker()
        kinds = data.get("kinds") or ["skill", "occupation"]
        lang = data.get("lang")
        return Response(
            {
                "results": [
                    {
                        "mentions": mention_dicts(
                            extract(linker, text, kinds=kinds, lang=lang, top=data["top"]),
                            lang or "nl",
                        )
                    }
                    for text in data["texts"]
                ]
            }
        )
