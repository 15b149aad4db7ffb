"""The well-known schemes, created on first use."""

from __future__ import annotations

from wendbaar.taxonomy.models import ConceptScheme

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."

ESCO = {
    "code": "esco",
    "uri": "http://data.europa.eu/esco/concept-scheme/esco",
    "kind": ConceptScheme.Kind.ESCO,
    "titles": {"nl": "ESCO", "en": "ESCO"},
    "attribution": ESCO_ATTRIBUTION,
}
ISCO = {
    "code": "isco-08",
    "uri": "http://data.europa.eu/esco/concept-scheme/isco",
    "kind": ConceptScheme.Kind.ISCO,
    "titles": {"nl": "ISCO-08", "en": "ISCO-08"},
    "attribution": ESCO_ATTRIBUTION,
}
BRC = {
    "code": "brc-2014",
    "uri": "https://wendbaar.nl/scheme/brc-2014",
    "kind": ConceptScheme.Kind.BRC,
    "titles": {"nl": "Beroepenclassificatie BRC 2014 (CBS)", "en": "BRC 2014 occupations (CBS)"},
    "attribution": "Bron: CBS, Beroepenclassificatie ROA-CBS 2014 (BRC 2014), CC BY 4.0.",
}


def ensure(spec: dict[str, object]) -> ConceptScheme:
    defaults = {key: value for key, value in spec.items() if key not in {"code", "uri"}}
    scheme, _ = ConceptScheme.objects.get_or_create(
        code=spec["code"], defaults={"uri": spec["uri"], **defaults}
    )
    return scheme
