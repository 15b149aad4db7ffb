"""Safe JSON-LD: limits, strict JSON, and expansion that loses nothing silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wendbaar.credentials.engine.document_loader import VC_V2, DocumentLoader
from wendbaar.credentials.engine.jsonld_safety import (
    JsonLdSafetyError,
    Limits,
    canonicalize,
    check_size,
    expand,
    parse_json,
)

SHARED = Path(__file__).resolve().parents[4].parent / "shared" / "data"
EDUBADGES = SHARED / "credentials" / "edubadges-ob3-examples"
EDUCREDENTIAL_CONTEXT = (
    "https://raw.githubusercontent.com/educredentials/obv3-examples/refs/heads/main/"
    "contexts/educredential.json"
)


def credential(**extra: Any) -> dict[str, Any]:
    return {
        "@context": [VC_V2],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
        "issuer": "did:web:wendbaar.example",
        "credentialSubject": {"id": "did:example:1", "name": "Ada"},
        **extra,
    }


def failure_code(call: Any, *args: Any) -> str:
    with pytest.raises(JsonLdSafetyError) as failure:
        call(*args)
    return failure.value.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{", "malformed_json"),
        ('{"a": 1, "a": 2}', "malformed_json"),
        ('{"a": NaN}', "malformed_json"),
        (b"\xff\xfe{", "malformed_json"),
        ("[" * 40 + "]" * 40, "too_deep"),
        ("[" * 100_000 + "]" * 100_000, "too_deep"),
        ('{"a": "' + "x" * 1_000_001 + '"}', "too_large"),
    ],
)
def test_bad_json_text_is_refused(text: str | bytes, code: str) -> None:
    assert failure_code(parse_json, text) == code


def test_parsed_documents_get_the_same_limits() -> None:
    deep: Any = "leaf"
    for _ in range(40):
        deep = {"a": deep}
    assert failure_code(check_size, deep) == "too_deep"
    assert failure_code(check_size, {"a": "x" * 1_000_001}) == "too_large"


def test_a_valid_credential_expands() -> None:
    assert expand(credential())[0]["@id"] == "urn:uuid:1"


def test_an_undefined_term_is_an_error_not_a_dropped_claim() -> None:
    document = credential(credentialSubject={"id": "did:example:1", "degree": "MSc"})
    with pytest.raises(JsonLdSafetyError) as failure:
        expand(document)
    assert failure.value.code == "dropped_term"
    assert "degree" in failure.value.message


@pytest.mark.parametrize(
    "change",
    [
        {"id": "credentials/1"},
        {"type": ["VerifiableCredential", "SkillCredential"]},
        {"credentialSubject": {"id": "relative-subject"}},
    ],
)
def test_relative_iris_are_errors(change: dict[str, Any]) -> None:
    assert failure_code(expand, credential(**change)) == "relative_iri"


def test_an_unknown_context_is_named() -> None:
    document = credential()
    document["@context"] = [VC_V2, "https://example.org/unknown/v1"]
    with pytest.raises(JsonLdSafetyError) as failure:
        expand(document)
    assert failure.value.code == "unknown_context"
    assert "https://example.org/unknown/v1" in failure.value.message


def test_deep_json_ld_is_refused_before_expansion() -> None:
    document: Any = credential()
    node = document["credentialSubject"]
    for _ in range(40):
        node["name"] = {}
        node = node["name"]
    assert failure_code(check_size, document) == "too_deep"


def test_canonicalisation_is_bounded_for_blank_node_heavy_graphs() -> None:
    # Many indistinguishable blank nodes: the costly case of RDFC-1.0.
    loader = DocumentLoader({"https://example.org/poison": {"@context": {"@vocab": "urn:p#"}}})
    nodes: list[dict[str, Any]] = [
        {"@id": f"_:b{i}", "urn:p#link": [{"@id": f"_:b{j}"} for j in range(12) if j != i]}
        for i in range(12)
    ]
    document = {"@context": "https://example.org/poison", "@graph": nodes}
    with pytest.raises(JsonLdSafetyError) as failure:
        canonicalize(document, loader, Limits(max_canonicalization_steps=200))
    assert failure.value.code == "canonicalization_limit"
    too_many = Limits(max_blank_nodes=5)
    assert failure_code(canonicalize, document, loader, too_many) == "canonicalization_limit"


def test_the_edubadges_context_is_not_valid_json_ld() -> None:
    context = json.loads((EDUBADGES / "contexts" / "educredential.json").read_text("utf-8"))
    loader = DocumentLoader({EDUCREDENTIAL_CONTEXT: context})
    badge = json.loads(
        (EDUBADGES / "credentials" / "mbob_eo_eov_regular_full.json").read_text("utf-8")
    )
    with pytest.raises(JsonLdSafetyError) as failure:
        expand(badge, loader)
    assert failure.value.code == "invalid_jsonld"
    assert "must not contain context" in failure.value.message
    assert len(failure.value.message) < 300
