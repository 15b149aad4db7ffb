"""API of the skills language: schemes, concept search and detail, relations, mappings, stats."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wendbaar.taxonomy import queries
from wendbaar.taxonomy.api.serializers import (
    ConceptDetailSerializer,
    ConceptRefSerializer,
    MappingSerializer,
    RelationSerializer,
    SchemeSerializer,
    concept_ref,
)
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping, Relation
from wendbaar.taxonomy.search import SearchError, SearchQuery, concepts_in_order, ranked_concept_ids
from wendbaar.taxonomy.stats import taxonomy_stats
from wendbaar.taxonomy.views import KIND_FILTERS

LANG = OpenApiParameter(
    "lang",
    str,
    description="Language for labels (nl or en); falls back to the other.",
)


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "nl")
    if lang not in {"nl", "en"}:
        raise ValidationError({"lang": "lang must be nl or en"})
    return lang


class SchemeList(generics.ListAPIView):
    serializer_class = SchemeSerializer
    queryset = ConceptScheme.objects.annotate(size=Count("concepts")).order_by("code")


class SchemeDetail(generics.RetrieveAPIView):
    serializer_class = SchemeSerializer
    queryset = ConceptScheme.objects.annotate(size=Count("concepts"))
    lookup_field = "code"


class ConceptSearch(generics.GenericAPIView):
    serializer_class = ConceptRefSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="Label text, any case, with or without accents."
            ),
            OpenApiParameter("uri", str, description="Exact concept URI (instead of q)."),
            OpenApiParameter("kind", str, enum=list(KIND_FILTERS)),
            OpenApiParameter("scheme", str, description="Scheme code, e.g. esco, isco-08."),
            OpenApiParameter("include_deprecated", bool),
            LANG,
        ],
        responses=ConceptRefSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        lang = _lang(request)
        uri = request.query_params.get("uri", "").strip()
        text = request.query_params.get("q", "").strip()
        kind = request.query_params.get("kind", "")
        if kind and kind not in KIND_FILTERS:
            raise ValidationError({"kind": f"kind must be one of {', '.join(KIND_FILTERS)}"})
        if uri:
            ids: list[int] | QuerySet[Any, Any] = list(
                Concept.objects.filter(uri=uri).values_list("pk", flat=True)
            )
            page = self.paginate_queryset(ids)  # type: ignore[arg-type]
            page_ids = list(page or [])
        elif text:
            query = SearchQuery(
                text,
                KIND_FILTERS.get(kind, ()),
                request.query_params.get("scheme", ""),
                request.query_params.get("include_deprecated") in {"1", "true"},
            )
            try:
                ranked = ranked_concept_ids(query)
            except SearchError as exc:
                raise ValidationError({"q": str(exc)}) from exc
            page_ids = [row["concept_id"] for row in self.paginate_queryset(ranked) or []]
        else:
            raise ValidationError({"q": "give a search text in q, or a concept URI in uri"})
        concepts = concepts_in_order(page_ids)
        labels = preferred_labels(page_ids, lang)
        return self.get_paginated_response([concept_ref(c, labels) for c in concepts])


class ConceptDetail(APIView):
    @extend_schema(parameters=[LANG], responses=ConceptDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        lang = _lang(request)
        concept = get_object_or_404(Concept.objects.select_related("scheme"), pk=pk)
        isco = queries.isco_group(concept)
        brc = queries.brc_groups(concept)
        related_ids = [concept.pk, *(c.pk for c in brc), *([isco.pk] if isco else [])]
        labels = preferred_labels(related_ids, lang)
        counts: dict[str, int] = {}
        for kind, direction, n in _relation_counts(concept):
            counts[f"{kind}_{direction}"] = n
        data = {
            **concept_ref(concept, labels),
            "status": concept.status,
            "reuse_level": concept.reuse_level,
            "placeholder": concept.placeholder,
            "first_release": concept.first_release,
            "last_release": concept.last_release,
            "attributes": concept.attributes,
            "labels": queries.labels_by_language(concept),
            "texts": [
                {
                    "lang": t.lang,
                    "description": t.description,
                    "definition": t.definition,
                    "scope_note": t.scope_note,
                }
                for t in concept.texts.order_by("lang")
            ],
            "collections": list(concept.collections.values_list("code", flat=True)),
            "isco_group": concept_ref(isco, labels) if isco else None,
            "brc_groups": [concept_ref(c, labels) for c in brc],
            "relation_counts": counts,
        }
        return Response(data)


def _relation_counts(concept: Concept) -> list[tuple[str, str, int]]:
    out = Relation.objects.filter(source=concept).values("kind").annotate(n=Count("id"))
    inc = Relation.objects.filter(target=concept).values("kind").annotate(n=Count("id"))
    return [(row["kind"], "outgoing", row["n"]) for row in out] + [
        (row["kind"], "incoming", row["n"]) for row in inc
    ]


class ConceptRelations(generics.GenericAPIView):
    serializer_class = RelationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=list(Relation.Kind.values)),
            OpenApiParameter("direction", str, enum=["outgoing", "incoming"]),
            LANG,
        ],
        responses=RelationSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        lang = _lang(request)
        concept = get_object_or_404(Concept, pk=pk)
        kind = request.query_params.get("kind", "")
        direction = request.query_params.get("direction", "")
        if kind and kind not in Relation.Kind.values:
            raise ValidationError(
                {"kind": f"kind must be one of {', '.join(Relation.Kind.values)}"}
            )
        if direction and direction not in {"outgoing", "incoming"}:
            raise ValidationError({"direction": "direction must be outgoing or incoming"})
        relations = (
            Relation.objects.filter(
                (Q(source=concept) if direction != "incoming" else Q(pk__in=[]))
                | (Q(target=concept) if direction != "outgoing" else Q(pk__in=[]))
            )
            .select_related("source__scheme", "target__scheme")
            .order_by("kind", "pk")
        )
        if kind:
            relations = relations.filter(kind=kind)
        page = self.paginate_queryset(relations) or []
        others = [rel.target if rel.source_id == concept.pk else rel.source for rel in page]
        labels = preferred_labels([c.pk for c in others], lang)
        return self.get_paginated_response(
            [
                {
                    "kind": rel.kind,
                    "direction": "outgoing" if rel.source_id == concept.pk else "incoming",
                    "concept": concept_ref(other, labels),
                }
                for rel, other in zip(page, others, strict=True)
            ]
        )


class MappingList(generics.ListAPIView):
    serializer_class = MappingSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("scheme", str, description="Code of the source scheme."),
            OpenApiParameter("status", str, enum=list(Mapping.Status.values)),
            OpenApiParameter("relation", str, enum=list(Mapping.Relation.values)),
            OpenApiParameter("concept", int, description="Mappings from or to this concept id."),
            LANG,
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Mapping]:
        params = self.request.query_params
        mappings = Mapping.objects.select_related("source__scheme", "target__scheme").order_by("pk")
        if params.get("scheme"):
            mappings = mappings.filter(source__scheme__code=params["scheme"])
        if params.get("status"):
            mappings = mappings.filter(status=params["status"])
        if params.get("relation"):
            mappings = mappings.filter(relation=params["relation"])
        if params.get("concept"):
            try:
                concept = int(params["concept"])
            except ValueError as exc:
                raise ValidationError({"concept": "concept must be a concept id"}) from exc
            mappings = mappings.filter(Q(source_id=concept) | Q(target_id=concept))
        return mappings

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "labels": getattr(self, "_labels", {})}

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            ids = {m.source_id for m in page} | {m.target_id for m in page}
            self._labels = preferred_labels(ids, _lang(self.request))
        return page


class StatsSerializer(serializers.Serializer):
    schemes = serializers.DictField()
    mappings = serializers.DictField()


class Stats(APIView):
    @extend_schema(responses=StatsSerializer)
    def get(self, request: Request) -> Response:
        return Response(taxonomy_stats())
