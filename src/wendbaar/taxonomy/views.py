"""Portal pages of the skills language: search, concept page, schemes and imports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.taxonomy import queries
from wendbaar.taxonomy.display import label_of, reader_language
from wendbaar.taxonomy.models import Concept, ConceptScheme, ImportRun, Relation
from wendbaar.taxonomy.runs import live_progress
from wendbaar.taxonomy.search import SearchError, SearchQuery, concepts_in_order, ranked_concept_ids

KIND_FILTERS = {
    "occupation": (Concept.Kind.OCCUPATION,),
    "skill": (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE),
    "group": (Concept.Kind.ISCO_GROUP, Concept.Kind.SKILL_GROUP, Concept.Kind.OCCUPATION_GROUP),
    "external": (Concept.Kind.EXTERNAL,),
}
RELATED_LIMIT = 200
# Relation lists on a concept page: (heading, relation kind, concept is the source).
SECTIONS: list[tuple[Promise, str, bool]] = [
    (gettext_lazy("Essential skills and knowledge"), Relation.Kind.ESSENTIAL, True),
    (gettext_lazy("Optional skills and knowledge"), Relation.Kind.OPTIONAL, True),
    (gettext_lazy("Occupations for which this is essential"), Relation.Kind.ESSENTIAL, False),
    (gettext_lazy("Occupations for which this is optional"), Relation.Kind.OPTIONAL, False),
    (gettext_lazy("Essential related skills"), Relation.Kind.SKILL_ESSENTIAL, True),
    (gettext_lazy("Optional related skills"), Relation.Kind.SKILL_OPTIONAL, True),
    (gettext_lazy("Broader"), Relation.Kind.BROADER, True),
    (gettext_lazy("Narrower"), Relation.Kind.BROADER, False),
]


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    scheme = request.GET.get("scheme", "")
    context: dict[str, object] = {
        "q": text,
        "kind": kind if kind in KIND_FILTERS else "",
        "scheme": scheme,
        "schemes": ConceptScheme.objects.all(),
        "kind_choices": [
            ("", _("All kinds")),
            ("occupation", _("Occupations")),
            ("skill", _("Skills and knowledge")),
            ("group", _("Groups")),
            ("external", _("Concepts of other schemes")),
        ],
    }
    if text:
        query = SearchQuery(text, KIND_FILTERS.get(kind, ()), scheme)
        try:
            page = Paginator(ranked_concept_ids(query), 20).get_page(request.GET.get("page"))
        except SearchError as exc:
            context["error"] = str(exc)
        else:
            concepts = concepts_in_order(row["concept_id"] for row in page.object_list)
            context.update(
                page=page,
                results=queries.items(concepts),
                query=urlencode(
                    {k: v for k, v in (("q", text), ("kind", kind), ("scheme", scheme)) if v}
                ),
            )
    return render(request, "taxonomy/search.html", context)


def concept_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concept = get_object_or_404(Concept.objects.select_related("scheme"), pk=pk)
    lang = reader_language()
    description, description_lang, description_fallback = queries.text_in(concept, lang)
    sections: list[dict[str, object]] = []
    for title, kind, outgoing in SECTIONS:
        related = queries.related_concepts(concept, kind, outgoing)
        total = related.count()
        if total:
            sections.append(
                {
                    "title": title,
                    "total": total,
                    "items": queries.items(list(related[:RELATED_LIMIT]), lang),
                    "cut": total > RELATED_LIMIT,
                }
            )
    mappings = list(queries.mappings_of(concept)[:RELATED_LIMIT])
    others = [m.target if m.source_id == concept.pk else m.source for m in mappings]
    other_items = queries.items(others, lang)
    context = {
        "concept": concept,
        "label": label_of(concept, lang),
        "labels": queries.labels_by_language(concept),
        "description": description,
        "description_lang": description_lang,
        "description_fallback": description_fallback,
        "sections": sections,
        "brc_groups": queries.items(queries.brc_groups(concept), lang),
        "isco_group": queries.isco_group(concept),
        "mappings": [
            {"mapping": m, "other": item, "outgoing": m.source_id == concept.pk}
            for m, item in zip(mappings, other_items, strict=True)
        ],
        "collections": concept.collections.all(),
        "is_esco": concept.scheme.kind in (ConceptScheme.Kind.ESCO, ConceptScheme.Kind.ISCO)
        and not concept.scheme.is_demo,
    }
    return render(request, "taxonomy/concept.html", context)


def schemes(request: HttpRequest) -> HttpResponse:
    rows = ConceptScheme.objects.annotate(size=Count("concepts")).order_by("kind", "code")
    return render(request, "taxonomy/schemes.html", {"schemes": rows})


def imports(request: HttpRequest) -> HttpResponse:
    runs = list(ImportRun.objects.all()[:50])
    for run in runs:
        run.live = live_progress(run) if run.status == ImportRun.Status.RUNNING else None  # type: ignore[attr-defined]
    return render(request, "taxonomy/imports.html", {"runs": runs})
