"""/api/v1/passport: owner only, levels never raised by the owner, routes without pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from wendbaar.accounts.models import Role
from wendbaar.linking.engine.linker import Linker
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import ClaimSource, HeldCredential, SkillClaim, ValidationLevel
from wendbaar.passport.tests.fill_fixtures import DEMO, demo_linker, make_user, skill
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EXAMPLE = (
    Path(__file__).resolve().parents[5]
    / "shared/data/credentials/edubadges-ob3-examples/credentials/theed_regular_full_ho.json"
)


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> Linker:
    return demo_linker(monkeypatch)


@pytest.fixture
def anna(db: None):  # type: ignore[no-untyped-def]
    return make_user("anna")


@pytest.fixture
def api(client: Client, anna) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(anna)
    return client


def _post(client: Client, path: str, body: object) -> object:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_anonymous_gets_401_and_other_roles_403(client: Client, demo: Linker) -> None:
    assert client.get("/api/v1/passport").status_code == 401
    client.force_login(make_user("werkgever", Role.EMPLOYER))
    for path in (
        "passport",
        "passport/claims",
        "passport/cv",
        "passport/credentials",
        "passport/import",
    ):
        method = client.get if path == "passport" else client.post
        assert method(f"/api/v1/{path}").status_code == 403, path


def test_claims_add_change_delete_own_only(demo: Linker, api: Client, anna) -> None:  # type: ignore[no-untyped-def]
    uri = DEMO + "skill/boekhouden"
    created = _post(api, "/api/v1/passport/claims", {"concept": uri, "proficiency": 2})
    assert created.status_code == 201  # type: ignore[attr-defined]
    claim = created.json()  # type: ignore[attr-defined]
    assert (claim["concept"], claim["level"], claim["proficiency"]) == (uri, 1, 2)
    again = _post(api, "/api/v1/passport/claims", {"concept": str(skill("boekhouden").pk)})
    assert again.status_code == 200 and SkillClaim.objects.count() == 1  # type: ignore[attr-defined]
    assert _post(api, "/api/v1/passport/claims", {"concept": "urn:nope"}).status_code == 400  # type: ignore[attr-defined]

    path = f"/api/v1/passport/claims/{claim['id']}"
    raised = api.patch(path, json.dumps({"level": 5}), content_type="application/json")
    assert raised.status_code == 400 and "level" in raised.json()
    changed = api.patch(
        path,
        json.dumps({"context": "care", "last_used": "2024-02-01"}),
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert (changed.json()["context"], changed.json()["level"]) == ("care", 1)

    body = api.get("/api/v1/passport").json()
    assert set(body) == {"claims", "jobs", "education", "credentials"}
    assert [c["id"] for c in body["claims"]] == [claim["id"]]

    other = Client()
    other.force_login(make_user("bert"))
    assert other.get("/api/v1/passport").json()["claims"] == []
    assert other.patch(path, "{}", content_type="application/json").status_code == 404
    assert other.delete(path).status_code == 404
    assert api.delete(path).status_code == 204
    assert not SkillClaim.objects.exists()


def test_cv_text_gives_proposals_and_stores_nothing(demo: Linker, api: Client) -> None:
    response = _post(api, "/api/v1/passport/cv", {"text": "Ik heb facturen verwerken gedaan."})
    assert response.status_code == 200  # type: ignore[attr-defined]
    uris = [p["uri"] for p in response.json()["proposals"]]  # type: ignore[attr-defined]
    assert DEMO + "skill/facturen-verwerken" in uris
    assert not SkillClaim.objects.exists()
    assert _post(api, "/api/v1/passport/cv", {"text": "1234"}).status_code == 400  # type: ignore[attr-defined]
    assert _post(api, "/api/v1/passport/cv", {}).status_code == 400  # type: ignore[attr-defined]


def test_credentials_check_then_store(demo: Linker, api: Client, anna) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(EXAMPLE.read_text("utf-8"))
    checked = _post(api, "/api/v1/passport/credentials", {"data": document})
    assert checked.status_code == 200  # type: ignore[attr-defined]
    [preview] = checked.json()["credentials"]  # type: ignore[attr-defined]
    assert preview["verified"] is False and "unknown context" in preview["reason"]
    assert not HeldCredential.objects.exists()
    stored = _post(api, "/api/v1/passport/credentials", {"data": document, "confirm": True})
    assert stored.status_code == 201 and len(stored.json()["held"]) == 1  # type: ignore[attr-defined]
    assert stored.json()["claims"] == []  # type: ignore[attr-defined]
    bad = _post(api, "/api/v1/passport/credentials", {"data": {"type": ["Thing"]}, "confirm": True})
    assert bad.status_code == 400 and "data" in bad.json()  # type: ignore[attr-defined]
    deep = api.post(
        "/api/v1/passport/credentials",
        "[" * 100_000 + "]" * 100_000,
        content_type="application/json",
    )
    assert deep.status_code == 400
    big = {"type": ["VerifiableCredential"], "x": "y" * 3_000_000}
    huge = _post(api, "/api/v1/passport/credentials", {"data": big, "confirm": True})
    assert huge.status_code == 400 and "te groot" in str(huge.json())  # type: ignore[attr-defined]
    broken = api.post("/api/v1/passport/credentials", "{", content_type="application/json")
    assert broken.status_code == 400
    assert HeldCredential.objects.count() == 1


def test_import_from_another_system(demo: Linker, api: Client) -> None:
    scheme = ConceptScheme.objects.create(code="vakpas", uri="urn:vakpas", kind="external")
    source = Concept.objects.create(scheme=scheme, uri="urn:vakpas:1", kind="external", code="1")
    Mapping.objects.create(
        source=source, target=skill("boekhouden"), relation="exactMatch", status="accepted"
    )
    body = {"scheme": "vakpas", "format": "csv", "content": "code\n1\n2\n"}
    planned = _post(api, "/api/v1/passport/import", body)
    assert planned.status_code == 200  # type: ignore[attr-defined]
    result = planned.json()  # type: ignore[attr-defined]
    assert [m["code"] for m in result["mapped"]] == ["1"]
    assert [u["code"] for u in result["unmapped"]] == ["2"] and not SkillClaim.objects.exists()
    done = _post(api, "/api/v1/passport/import", {**body, "confirm": True})
    assert done.status_code == 201  # type: ignore[attr-defined]
    assert done.json()["claims"][0]["source_concept"] == "urn:vakpas:1"  # type: ignore[attr-defined]
    assert _post(api, "/api/v1/passport/import", {**body, "scheme": "x"}).status_code == 400  # type: ignore[attr-defined]
    bad = _post(api, "/api/v1/passport/import", {**body, "content": "label\nx\n"})
    assert bad.status_code == 400 and "content" in bad.json()  # type: ignore[attr-defined]


def test_the_owner_cannot_raise_a_level_but_a_credential_claim_stays_high(
    demo: Linker, api: Client, anna
) -> None:  # type: ignore[no-untyped-def]
    claim, _ = add_claim(
        passport_of(anna), skill("boekhouden"), ValidationLevel.CERTIFIED, ClaimSource.CREDENTIAL
    )
    _post(api, "/api/v1/passport/claims", {"concept": DEMO + "skill/boekhouden"})
    claim.refresh_from_db()
    assert claim.level == ValidationLevel.CERTIFIED
