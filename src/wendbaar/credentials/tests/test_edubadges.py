"""The 30 real edubadges examples: what they claim and why none of them is evidence yet."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from wendbaar.credentials.engine.edubadges import ImportedBadge, read_edubadge, read_folder
from wendbaar.credentials.engine.jsonld_safety import JsonLdSafetyError, expand
from wendbaar.credentials.engine.openbadges import issue
from wendbaar.credentials.tests.builders import Party, did_web_party

EXAMPLES = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "data"
    / "credentials"
    / "edubadges-ob3-examples"
    / "credentials"
)
EDUCREDENTIAL = (
    "https://raw.githubusercontent.com/educredentials/obv3-examples/refs/heads/main/"
    "contexts/educredential.json"
)
NOW = datetime(2026, 3, 1, tzinfo=UTC)
EXTENSION_TERMS = (
    "participationType",
    "assessmentType",
    "supervisionType",
    "identityChecked",
    "educationProgramIdentifier",
    "ECTS",
    "SBU",
    "timeInvestment",
)


@pytest.fixture(scope="module")
def badges() -> list[ImportedBadge]:
    return read_folder(EXAMPLES, now=NOW)


def test_all_30_are_read_and_none_is_certified(badges: list[ImportedBadge]) -> None:
    assert len(badges) == 30
    assert not any(badge.verified for badge in badges)
    assert Counter(badge.reasons for badge in badges) == {
        (f"unknown context {EDUCREDENTIAL}", "no proof: the document is not signed"): 30
    }
    assert all(badge.level is None for badge in badges)


def test_their_claims_are_read(badges: list[ImportedBadge]) -> None:
    by_name = {badge.source: badge for badge in badges}
    regular = by_name["mbob_eo_eov_regular_full.json"]
    assert regular.name == "Diploma master in subtiele verkoopkunst"
    assert regular.issuer_name == "MBO Beek"
    assert regular.issuer_id == "https://www.edubadges.nl/public/issuers/iss-4B0B1A"
    assert (regular.eqf_level, regular.study_load_hours, regular.ects) == (5, 3000, None)
    assert regular.valid_until == "2029-08-30T00:00:00Z"
    assert regular.alignments[0].target_type == "ext:EQF"
    assert by_name["uvh_fvhz_regular_full.json"].ects == 60.0
    assert by_name["theed_extracurricular_full_ho.json"].time_investment_hours == 13
    assert all(badge.name for badge in badges)
    # One real example carries an empty description; it is read as it is.
    assert [badge.source for badge in badges if not badge.description] == [
        "theed_regular_full_mbo.json"
    ]
    assert sum(1 for badge in badges if badge.eqf_level is not None) == 28
    assert Counter(b.alignments[0].target_type for b in badges if b.alignments) == {
        "ext:EQF": 15,
        "ext:QualityAssurance": 13,
    }


def without_edubadges_extensions(name: str) -> dict[str, Any]:
    """A real example without the unusable edubadges context and its extension terms."""
    source = json.loads((EXAMPLES / name).read_text("utf-8"))
    achievement = source["credentialSubject"]["achievement"]
    for term in EXTENSION_TERMS:
        achievement.pop(term, None)
    achievement["type"] = ["Achievement"]
    return {**source, "@context": source["@context"][:2]}


def test_even_without_that_context_the_schema_type_is_undefined() -> None:
    with pytest.raises(JsonLdSafetyError) as failure:
        expand(without_edubadges_extensions("uvh_fvhz_regular_full.json"))
    assert failure.value.code == "relative_iri"
    assert failure.value.message.endswith("1EdTechJsonSchemaValidator2019")


def test_a_properly_signed_badge_becomes_a_certified_claim() -> None:
    school: Party = did_web_party("hogeschool.example", seed=5)
    source = without_edubadges_extensions("uvh_fvhz_regular_full.json")
    unsigned = {key: value for key, value in source.items() if key != "credentialSchema"}
    unsigned["issuer"] = {**source["issuer"], "id": school.did}
    signed = issue(unsigned, school.signer, NOW)
    badge = read_edubadge(
        json.dumps(signed),
        "signed",
        resolver=school.resolver,
        trusted_issuers=[school.did],
        now=NOW,
    )
    assert badge.verified, badge.reasons
    assert badge.level == "certified"
    assert badge.eqf_level == 5
    assert badge.name == source["credentialSubject"]["achievement"]["name"]


def test_garbage_is_a_record_with_a_reason_not_an_exception() -> None:
    badge = read_edubadge(b"\x00not json", "garbage.json")
    assert not badge.verified
    assert badge.reasons[0].startswith("malformed JSON")
    assert badge.name is None
