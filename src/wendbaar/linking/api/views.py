"""POST /api/v1/link: short texts to ranked concepts, with the reasons per stage."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from wendbaar.linking.api.serializers import LinkRequestSerializer, LinkResponseSerializer
from wendbaar.linking.engine.linker import Candidate
from wendbaar.linking.service import get_linker
from wendbaar.taxonomy.display import preferred_labels


def candidate_dicts(candidates: list[Candidate], lang: str) -> list[dict[str, Any]]:
    shown = preferred_labels([c.concept_id for c in candidates], lang)
    out = []
    for candidate in candidates:
        label = shown.get(candidate.concept_id)
        out.append({
            **candidate.as_dict(),
            "display_label": label.text if label else candidate.label,
            "display_lang": label.lang if label else candidate.label_lang,
        })
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
        return Response({
            "results": [
                {"text": text, "candidates": candidate_dicts(candidates, lang or "nl")}
                for text, candidates in zip(data["texts"], results, strict=True)
            ]
        })
