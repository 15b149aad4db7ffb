"""Route 4: Open Badges 3.0 / edubadges credentials, with the 30 real edubadges examples."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wendbaar.credentials.models import TrustedIssuer
from wendbaar.linking.engine.linker import Linker
from wendbaar.passport.claims import passport_of
from wendbaar.passport.credential_import import (
    CredentialInputError,
    import_credentials,
    level_for,
    preview_credentials,
)
from wendbaar.passport.models import (
    ClaimSource,
    Education,
    Evidence,
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
)
from wendbaar.passport.tests.fill_fixtures import (
    DEMO,
    demo_linker,
    make_user,
    signed_skill_credential,
    skill,
)
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EXAMPLES = (
    Path(__file__).resolve().parents[5]
    / "shared/data/credentials/edubadges-ob3-examples/credentials"
)
UNKNOWN_CONTEXT = (
    "unknown context https://raw.githubusercontent.com/educredentials/obv3-examples/"
    "refs/heads/main/contexts/educredential.json"
)
HEAT_PUMPS = DEMO + "skill/warmtepompen-installeren"


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> Linker:
    return demo_linker(monkeypatch)


@pytest.fixture
def passport(db: None) -> Passport:
    return passport_of(make_user("anna"))


def _examples() -> list[Path]:
    paths = sorted(EXAMPLES.glob("*.json"))
    assert len(paths) == 30, f"expected the 30 edubadges examples in {EXAMPLES}"
    return paths


def test_all_30_edubadges_examples_import_with_the_reason_they_cannot_be_verified(
    demo: Linker, passport: Passport
) -> None:
    for path in _examples():
        document = json.loads(path.read_text("utf-8"))
        result = import_credentials(passport, path.read_bytes(), confirm_all=False)
        [held] = result.held
        achievement = document["credentialSubject"]["achievement"]
        assert held.name == achievement["name"], path.name
        assert held.issuer_name == document["issuer"]["name"]
        assert held.verified is False
        # The examples are unsigned and use a context that is not shipped with the package.
        assert held.verdict["reason"] == UNKNOWN_CONTEXT, path.name
        failed = [c["message"] for c in held.verdict["checks"] if c["outcome"] == "failed"]
        assert "no proof: the document is not signed" in failed, path.name
        assert result.claims == []  # nothing confirmed: no claims
        education = Education.objects.latest("pk")
        eqf = [
            a["targetCode"]
            for a in achievement.get("alignment", [])
            if a.get("targetType") == "ext:EQF"
        ]
        assert (education.title, education.diploma) == (held.name, False)
        assert education.level == (f"EQF {eqf[0]}" if eqf else ""), path.name
        assert result.problems == [f"“{held.name}” could not be verified: {UNKNOWN_CONTEXT}."]
    assert HeldCredential.objects.count() == 30 and not SkillClaim.objects.exists()


def test_the_examples_as_one_array_and_confirmed_give_only_self_declared_claims(
    demo: Linker, passport: Passport
) -> None:
    documents = [json.loads(p.read_text("utf-8")) for p in _examples()]
    result = import_credentials(passport, json.dumps(documents), confirm_all=True)
    assert len(result.held) == 30
    levels = set(SkillClaim.objects.values_list("level", flat=True))
    assert levels <= {ValidationLevel.SELF_DECLARED}
    # Importing the same file again adds nothing: every credential is already held.
    again = import_credentials(passport, json.dumps(documents), confirm_all=True)
    assert again.held == [] and len(again.problems) == 30
    assert HeldCredential.objects.count() == 30


def test_a_verified_credential_from_a_trusted_issuer_certifies_its_aligned_skill(
    demo: Linker, passport: Passport
) -> None:
    document, did = signed_skill_credential([HEAT_PUMPS])
    TrustedIssuer.objects.create(identifier=did, name="Opleider Test")
    result = import_credentials(passport, document, confirm_all=False)
    [held] = result.held
    assert held.verified and held.verdict["trusted_issuer"] is True
    claim = SkillClaim.objects.get(concept=skill("warmtepompen-installeren"))
    assert (claim.level, claim.source, claim.context) == (
        ValidationLevel.CERTIFIED,
        ClaimSource.CREDENTIAL,
        "education",
    )
    assert str(claim.last_used) == "2025-03-01"
    evidence = Evidence.objects.get(claim=claim)
    assert evidence.credential == held and evidence.kind == "credential"
    assert Education.objects.get().diploma is True
    # Skills the linker found in the name are proposed, never added unconfirmed.
    assert list(SkillClaim.objects.all()) == [claim]


def test_level_for_reads_wendbaars_tag_before_the_achievement_type() -> None:
    assert level_for({"tag": ["validated"], "achievementType": "Competency"}) == 4
    assert level_for({"tag": "certified", "achievementType": "Assessment"}) == 5
    assert level_for({"achievementType": "ext:EVC"}) == 4
    assert level_for({"achievementType": "Diploma"}) == 5


def test_assessment_gives_validated_and_untrusted_or_tampered_gives_self_declared(
    demo: Linker, passport: Passport
) -> None:
    document, did = signed_skill_credential([HEAT_PUMPS], achievement_type="Assessment")
    TrustedIssuer.objects.create(identifier=did, name="EVC-aanbieder")
    import_credentials(passport, document, confirm_all=False)
    assert SkillClaim.objects.get().level == ValidationLevel.VALIDATED

    other = passport_of(make_user("bert"))
    untrusted, _did = signed_skill_credential([HEAT_PUMPS], seed=9)
    preview = preview_credentials(untrusted)[0]
    assert preview.verified and not preview.trusted
    assert "not on the list of trusted issuers" in preview.reason
    result = import_credentials(other, untrusted, confirm_all=False)
    assert result.claims == []
    concept = skill("warmtepompen-installeren")
    result = import_credentials(
        passport_of(make_user("carla")), untrusted, False, {(0, concept.pk)}
    )
    assert [c.level for c in result.claims] == [ValidationLevel.SELF_DECLARED]

    tampered = copy.deepcopy(document)
    tampered["credentialSubject"]["achievement"]["name"] = "Hartchirurgie"
    preview = preview_credentials(tampered)[0]
    assert not preview.verified and "signature" in preview.reason


def test_alignment_to_another_scheme_goes_through_the_crosswalk(
    demo: Linker, passport: Passport
) -> None:
    scheme = ConceptScheme.objects.create(
        code="sector", uri="urn:sector", kind="external", titles={"nl": "Sector"}
    )
    source = Concept.objects.create(
        scheme=scheme, uri="urn:sector:WP1", kind="external", code="WP1"
    )
    target = skill("warmtepompen-installeren")
    Mapping.objects.create(source=source, target=target, relation="exactMatch", status="accepted")
    document, did = signed_skill_credential(["urn:sector:WP1"])
    TrustedIssuer.objects.create(identifier=did, name="Sectorfonds")
    import_credentials(passport, document, confirm_all=False)
    claim = SkillClaim.objects.get()
    assert (claim.concept, claim.source_concept, claim.level) == (
        target,
        source,
        ValidationLevel.CERTIFIED,
    )


def test_a_presentation_is_unpacked(demo: Linker, passport: Passport) -> None:
    first, _did = signed_skill_credential([HEAT_PUMPS])
    second = json.loads(_examples()[0].read_text("utf-8"))
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [first, second],
    }
    result = import_credentials(passport, json.dumps(presentation), confirm_all=False)
    assert [h.verified for h in result.held] == [True, False]


def _deep(levels: int) -> str:
    return '{"type": ["VerifiableCredential"], "x": ' + "[" * levels + "]" * levels + "}"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("{not json", "not a usable credential"),
        ("", "empty"),
        (b"\xff\xfe\x00", "not UTF-8"),
        ('{"a": "' + "x" * 5_000_001 + '"}', "limit"),
        (_deep(100), "not a usable credential"),
        (_deep(100_000), "not a usable credential"),
        ('{"type": ["Thing"]}', "is not a verifiable credential"),
        ('[{"type": ["VerifiableCredential"]}, 3]', "Item 2 is not a verifiable credential"),
        ("[]", "no credential"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    demo: Linker, passport: Passport, data: Any, words: str
) -> None:
    with pytest.raises(CredentialInputError) as error:
        import_credentials(passport, data, confirm_all=True)
    assert words in error.value.message
    assert not HeldCredential.objects.exists() and not SkillClaim.objects.exists()


def test_the_page_checks_first_then_stores_what_was_ticked(demo: Linker, client: Client) -> None:
    user = make_user("anna")
    client.force_login(user)
    path = _examples()[0]
    page = client.post(
        "/en/mijn-paspoort/diplomas-en-badges/",
        {"step": "check", "file": SimpleUploadedFile(path.name, path.read_bytes())},
    ).content.decode()
    assert "We cannot verify it: " + UNKNOWN_CONTEXT in page
    assert not HeldCredential.objects.exists()  # checking stores nothing
    payload = json.dumps([json.loads(path.read_text("utf-8"))])
    response = client.post(
        "/mijn-paspoort/diplomas-en-badges/", {"step": "confirm", "payload": payload}
    )
    assert response.status_code == 302
    assert HeldCredential.objects.filter(passport__owner=user).count() == 1
    bad = client.post("/en/mijn-paspoort/diplomas-en-badges/", {"step": "check", "document": "{"})
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()
    client.post("/mijn-paspoort/diplomas-en-badges/", {"step": "confirm", "payload": "{"})
    assert HeldCredential.objects.count() == 1
