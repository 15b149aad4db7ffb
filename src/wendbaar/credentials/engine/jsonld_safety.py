"""Safe JSON-LD processing: limits on input, and expansion that loses nothing silently.

A JSON-LD processor drops properties its contexts do not define, and the RDF that a
signature covers then no longer says what the JSON shows: a verifier could accept an
unsigned claim. Like jsonld.js "safe mode", a dropped term, a relative IRI or an unknown
context here is an error. Canonicalisation (RDFC-1.0, which is URDNA2015) is bounded so
that crafted blank-node graphs cannot make it run for ever.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015

from .document_loader import DocumentLoader, UnknownContextError, default_loader

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")


@dataclass(frozen=True)
class Limits:
    """Bounds on what the engine will process; every one is far above a real credential."""

    max_bytes: int = 1_000_000
    max_depth: int = 32
    max_blank_nodes: int = 512
    max_canonicalization_steps: int = 4096


DEFAULT_LIMITS = Limits()


class JsonLdSafetyError(ValueError):
    """A document the engine will not process; ``code`` names the reason for machines."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def parse_json(data: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON text strictly: size limit, no duplicate keys, no NaN, bounded depth."""
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > limits.max_bytes:
        raise JsonLdSafetyError(
            "too_large", f"document is {size} bytes; the limit is {limits.max_bytes}"
        )
    try:
        value = json.loads(data, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise JsonLdSafetyError(
            "too_deep", f"document nests deeper than {limits.max_depth} levels"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise JsonLdSafetyError("malformed_json", f"malformed JSON: {error}") from None
    except ValueError as error:
        raise JsonLdSafetyError("malformed_json", f"malformed JSON: {error}") from None
    check_depth(value, limits.max_depth)
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Parsers disagree on which duplicate wins; a signed document must be unambiguous.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def check_depth(value: Any, max_depth: int) -> None:
    """Raise ``too_deep`` if objects and arrays nest deeper than ``max_depth``."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                raise JsonLdSafetyError(
                    "too_deep", f"document nests deeper than {max_depth} levels"
                )
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def check_size(document: Any, limits: Limits = DEFAULT_LIMITS) -> None:
    """Size and depth limits for a document that arrived already parsed."""
    check_depth(document, limits.max_depth)
    size = len(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    if size > limits.max_bytes:
        raise JsonLdSafetyError(
            "too_large", f"document is {size} bytes; the limit is {limits.max_bytes}"
        )


def expand(document: dict[str, Any], loader: DocumentLoader | None = None) -> list[Any]:
    """JSON-LD expansion that fails on unknown contexts, dropped terms and relative IRIs."""
    loader = loader or default_loader()
    dropped: list[str] = []
    try:
        expanded = jsonld.expand(
            document,
            loader.options(),
            on_property_dropped=lambda term: dropped.append(str(term)),
        )
    except RecursionError:
        raise JsonLdSafetyError("too_deep", "document nests too deeply to expand") from None
    except Exception as error:  # pyld raises more than JsonLdError on malformed input
        raise _explain(error) from None
    if dropped:
        terms = ", ".join(sorted(set(dropped)))
        raise JsonLdSafetyError(
            "dropped_term", f"terms not defined by the document's contexts: {terms}"
        )
    relative = sorted(set(_relative_iris(expanded)))
    if relative:
        raise JsonLdSafetyError(
            "relative_iri", f"relative IRIs (no base is used): {', '.join(relative)}"
        )
    return expanded  # type: ignore[no-any-return]


def canonicalize(
    document: dict[str, Any],
    loader: DocumentLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """RDFC-1.0 canonical N-Quads of a document, after safe expansion."""
    loader = loader or default_loader()
    expanded = expand(document, loader)
    try:
        dataset = jsonld.to_rdf(expanded, {**loader.options(), "produceGeneralizedRdf": False})
    except Exception as error:
        raise _explain(error) from None
    blank_nodes = {
        term["value"]
        for triples in dataset.values()
        for triple in triples
        for term in (triple["subject"], triple["object"])
        if term["type"] == "blank node"
    }
    if len(blank_nodes) > limits.max_blank_nodes:
        raise JsonLdSafetyError(
            "canonicalization_limit",
            f"{len(blank_nodes)} blank nodes; the limit is {limits.max_blank_nodes}",
        )
    canon = _BoundedURDNA2015(limits.max_canonicalization_steps)
    return canon.main(dataset, {"format": "application/n-quads"})  # type: ignore[no-any-return]


class _BoundedURDNA2015(URDNA2015):  # type: ignore[misc]
    """URDNA2015 with a budget for its one step that can grow exponentially."""

    def __init__(self, budget: int):
        super().__init__()
        self._budget = budget

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self._budget -= 1
        if self._budget < 0:
            raise JsonLdSafetyError(
                "canonicalization_limit", "blank-node structure too complex to canonicalise"
            )
        return super().hash_n_degree_quads(id_, issuer)


def _relative_iris(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _relative_iris(item)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        kind = node.get("@type")
        if kind is not None and kind != "@json" and not _is_absolute(kind):
            yield kind
        return
    node_id = node.get("@id")
    if isinstance(node_id, str) and not (node_id.startswith("_:") or _is_absolute(node_id)):
        yield node_id
    for kind in node.get("@type", []):
        if not _is_absolute(kind):
            yield kind
    for key, value in node.items():
        if key not in ("@id", "@type"):
            yield from _relative_iris(value)


def _is_absolute(iri: Any) -> bool:
    return isinstance(iri, str) and bool(_ABSOLUTE_IRI.match(iri))


def _explain(error: Exception) -> JsonLdSafetyError:
    """One clear line from pyld's error chain (its own text embeds whole contexts)."""
    causes: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 20:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    for item in causes:
        if isinstance(item, UnknownContextError):
            return JsonLdSafetyError("unknown_context", str(item))
        if isinstance(item, JsonLdSafetyError):
            return item
    pyld_errors = [item for item in causes if isinstance(item, jsonld.JsonLdError)]
    if not pyld_errors:
        return JsonLdSafetyError("invalid_jsonld", f"invalid JSON-LD: {str(error)[:200]}")
    innermost = pyld_errors[-1]
    code = getattr(innermost, "code", None) or getattr(innermost, "type", "jsonld")
    return JsonLdSafetyError("invalid_jsonld", f"invalid JSON-LD ({code}): {innermost.args[0]}")
