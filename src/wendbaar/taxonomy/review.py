"""Editors review suggested mappings of a scheme: filter, accept, reject, correct, export."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from wendbaar.taxonomy import queries
from wendbaar.taxonomy.crosswalk_export import export_mappings
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping
from wendbaar.taxonomy.search import SearchError, SearchQuery, concepts_in_order, ranked_concept_ids

PAGE_SIZE = 50
REVIEW_PERMISSION = "taxonomy.change_mapping"


@dataclass(frozen=True)
class Filters:
    status: str = Mapping.Status.SUGGESTED
    relation: str = ""
    min_confidence: float | None = None
    max_confidence: float | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str]) -> tuple[Filters, list[str]]:
        errors = []
        status = params.get("status", Mapping.Status.SUGGESTED)
        if status not in ("", *Mapping.Status.values):
            errors.append(_("Unknown status."))
            status = Mapping.Status.SUGGESTED
        relation = params.get("relation", "")
        if relation not in ("", *Mapping.Relation.values):
            errors.append(_("Unknown relation."))
            relation = ""
        bounds = []
        for name in ("min_confidence", "max_confidence"):
            raw = params.get(name, "").strip().replace(",", ".")
            try:
                value = float(raw) if raw else None
            except ValueError:
                errors.append(_("Confidence must be a number between 0 and 1."))
                value = None
            if value is not None and not 0 <= value <= 1:
                errors.append(_("Confidence must be a number between 0 and 1."))
                value = None
            bounds.append(value)
        return cls(status, relation, bounds[0], bounds[1], params.get("q", "").strip()), errors

    def apply(self, mappings: QuerySet[Mapping]) -> QuerySet[Mapping]:
        if self.status:
            mappings = mappings.filter(status=self.status)
        if self.relation:
            mappings = mappings.filter(relation=self.relation)
        if self.min_confidence is not None:
            mappings = mappings.filter(confidence__gte=self.min_confidence)
        if self.max_confidence is not None:
            mappings = mappings.filter(confidence__lte=self.max_confidence)
        if self.q:
            mappings = mappings.filter(source__labels__search_text__contains=self.q.casefold())
        return mappings.distinct()

    def query_string(self) -> str:
        values = {
            "status": self.status,
            "relation": self.relation,
            "min_confidence": "" if self.min_confidence is None else self.min_confidence,
            "max_confidence": "" if self.max_confidence is None else self.max_confidence,
            "q": self.q,
        }
        return urlencode({k: v for k, v in values.items() if v != ""})


def _scheme_mappings(scheme: ConceptScheme) -> QuerySet[Mapping]:
    return (
        Mapping.objects.filter(source__scheme=scheme)
        .select_related("source", "target", "target__scheme")
        .order_by("-confidence", "source__code", "pk")
    )


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = ConceptScheme.objects.filter(kind=ConceptScheme.Kind.EXTERNAL).order_by("code")
    rows = []
    for scheme in schemes:
        counts = dict(
            Mapping.objects.filter(source__scheme=scheme)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        rows.append({"scheme": scheme, "counts": counts})
    return render(request, "taxonomy/review_schemes.html", {"rows": rows})


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code: str) -> HttpResponse:
    scheme = get_object_or_404(ConceptScheme, code=code)
    filters, errors = Filters.from_query(request.GET.dict())
    mappings = filters.apply(_scheme_mappings(scheme))
    if request.method == "POST":
        return _bulk_action(request, scheme, mappings, filters)
    page = Paginator(mappings, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    sources = queries.items([m.source for m in rows])
    targets = queries.items([m.target for m in rows])
    context = {
        "scheme": scheme,
        "filters": filters,
        "errors": errors,
        "page": page,
        "rows": [
            {"mapping": m, "source": s, "target": t}
            for m, s, t in zip(rows, sources, targets, strict=True)
        ],
        "statuses": Mapping.Status.choices,
        "relations": Mapping.Relation.choices,
        "query": filters.query_string(),
    }
    return render(request, "taxonomy/review.html", context)


def _bulk_action(
    request: HttpRequest, scheme: ConceptScheme, mappings: QuerySet[Mapping], filters: Filters
) -> HttpResponse:
    action = request.POST.get("action", "")
    status = {
        "accept": Mapping.Status.ACCEPTED,
        "reject": Mapping.Status.REJECTED,
        "reset": Mapping.Status.SUGGESTED,
    }.get(action)
    selected = mappings.filter(pk__in=[v for v in request.POST.getlist("mapping") if v.isdigit()])
    if status is None:
        messages.error(request, _("Choose what to do with the selected links."))
    elif not selected.exists():
        messages.error(request, _("Select at least one link first."))
    else:
        count = Mapping.objects.filter(pk__in=selected.values("pk")).update(
            status=status, reviewed_by=request.user, reviewed_at=timezone.now()
        )
        messages.success(
            request,
            ngettext(
                "%(count)s link is now “%(status)s”.",
                "%(count)s links are now “%(status)s”.",
                count,
            )
            % {"count": count, "status": Mapping.Status(status).label},
        )
    url = reverse("taxonomy:review", args=[scheme.code])
    query = filters.query_string()
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose another target or relation for one mapping; the result is accepted."""
    mapping = get_object_or_404(Mapping.objects.select_related("source__scheme", "target"), pk=pk)
    text = request.GET.get("q", "").strip()
    error = ""
    if request.method == "POST":
        target = Concept.objects.filter(pk=request.POST.get("target", "")).first()
        relation = request.POST.get("relation", "")
        if target is None or target.scheme_id == mapping.source.scheme_id:
            error = _("Choose a concept from another classification.")
        elif relation not in Mapping.Relation.values:
            error = _("Choose a relation.")
        elif Mapping.objects.filter(source=mapping.source, target=target).exclude(pk=pk).exists():
            error = _("This concept already has a link to that target.")
        else:
            mapping.target, mapping.relation = target, relation
            mapping.status = Mapping.Status.ACCEPTED
            mapping.reviewed_by, mapping.reviewed_at = request.user, timezone.now()  # type: ignore[assignment]
            mapping.save()
            messages.success(request, _("The link is corrected and accepted."))
            return HttpResponseRedirect(
                reverse("taxonomy:review", args=[mapping.source.scheme.code])
            )
    candidates = []
    if text:
        try:
            ranked = ranked_concept_ids(SearchQuery(text, scheme="esco"))[:20]
            candidates = queries.items(concepts_in_order(r["concept_id"] for r in ranked))
        except SearchError as exc:
            error = str(exc)
    context = {
        "mapping": mapping,
        "source": queries.items([mapping.source])[0],
        "target": queries.items([mapping.target])[0],
        "q": text,
        "candidates": candidates,
        "relations": Mapping.Relation.choices,
        "error": error,
    }
    return render(request, "taxonomy/review_correct.html", context, status=400 if error else 200)


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    get_object_or_404(ConceptScheme, code=code)
    content_type = "text/turtle" if fmt == "turtle" else "text/csv"
    response = HttpResponse(content_type=f"{content_type}; charset=utf-8")
    suffix = "ttl" if fmt == "turtle" else "csv"
    response["Content-Disposition"] = f'attachment; filename="{code}-accepted.{suffix}"'
    export_mappings(code, fmt, response, [Mapping.Status.ACCEPTED])  # type: ignore[arg-type]
    return response
