"""Label search over the taxonomy: either language, any case, with or without accents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Min, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from wendbaar.taxonomy.models import Concept, Label
from wendbaar.taxonomy.text import fold

MAX_QUERY_LENGTH = 200


class SearchError(ValueError):
    pass


@dataclass(frozen=True)
class SearchQuery:
    text: str
    kinds: tuple[str, ...] = ()
    scheme: str = ""
    include_deprecated: bool = False

    def key(self) -> str:
        if len(self.text) > MAX_QUERY_LENGTH:
            raise SearchError(
                _("Search text is longer than %(max)s characters.") % {"max": MAX_QUERY_LENGTH}
            )
        return fold(self.text)


def ranked_concept_ids(query: SearchQuery) -> QuerySet[Label, Any]:
    """Concept ids best first: exact label, then label start, then anywhere in a label;
    preferred labels before alternative ones, shorter labels before longer ones."""
    key = query.key()
    labels = Label.objects.all()
    for token in key.split():
        labels = labels.filter(search_text__contains=token)
    if query.kinds:
        labels = labels.filter(concept__kind__in=query.kinds)
    if query.scheme:
        labels = labels.filter(concept__scheme__code=query.scheme)
    if not query.include_deprecated:
        labels = labels.filter(concept__deprecated=False)
    rank = Case(
        When(search_text=key, then=Value(0)),
        When(search_text__startswith=key, then=Value(2)),
        default=Value(4),
        output_field=IntegerField(),
    ) + Case(When(kind=Label.Kind.PREFERRED, then=Value(0)), default=Value(1))
    return (
        labels.values("concept_id")
        .annotate(best=Min(rank), length=Min(Length("search_text")))
        .order_by("best", "length", "concept_id")
    )


def concepts_in_order(ids: Iterable[int]) -> list[Concept]:
    ids = list(ids)
    by_id = Concept.objects.select_related("scheme").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
