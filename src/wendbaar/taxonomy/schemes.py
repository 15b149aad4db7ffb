"""The well-known schemes, created on first use."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from wendbaar.taxonomy.models import ConceptScheme

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."


@dataclass(frozen=True)
class SchemeSpec:
    code: str
    uri: str
    kind: str
    titles: dict[str, str] = field(default_factory=dict)
    attribution: str = ""


ESCO = SchemeSpec(
    "esco",
    "http://data.europa.eu/esco/concept-scheme/esco",
    ConceptScheme.Kind.ESCO,
    {"nl": "ESCO", "en": "ESCO"},
    ESCO_ATTRIBUTION,
)
ISCO = SchemeSpec(
    "isco-08",
    "http://data.europa.eu/esco/concept-scheme/isco",
    ConceptScheme.Kind.ISCO,
    {"nl": "ISCO-08", "en": "ISCO-08"},
    ESCO_ATTRIBUTION,
)
BRC = SchemeSpec(
    "brc-2014",
    "https://wendbaar.nl/scheme/brc-2014",
    ConceptScheme.Kind.BRC,
    {"nl": "Beroepenclassificatie BRC 2014 (CBS)", "en": "BRC 2014 occupations (CBS)"},
    "Bron: CBS, Beroepenclassificatie ROA-CBS 2014 (BRC 2014), CC BY 4.0.",
)


def ensure(spec: SchemeSpec) -> ConceptScheme:
    values = asdict(spec)
    scheme, _ = ConceptScheme.objects.get_or_create(code=values.pop("code"), defaults=values)
    return scheme
