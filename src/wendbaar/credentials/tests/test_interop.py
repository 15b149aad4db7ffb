"""Interop with Digital Bazaar's npm libraries, both ways, with tampered copies.

Needs Node.js and the pinned packages: ``npm ci --prefix src/wendbaar/credentials/tests/interop``.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from wendbaar.credentials.engine import document_loader
from wendbaar.credentials.engine.document_loader import CONTEXT_FILES, context_document
from wendbaar.credentials.engine.keys import seed_of
from wendbaar.credentials.engine.multikey import encode_secret_key
from wendbaar.credentials.engine.openbadges import issue
from wendbaar.credentials.engine.proofs import JCS, RDFC
from wendbaar.credentials.engine.verify import verify_credential
from wendbaar.credentials.tests.builders import (
    TAMPERS,
    Party,
    mallory,
    resolver_with_mallory,
    skill_credential,
)

pytestmark = pytest.mark.interop

INTEROP = Path(__file__).parent / "interop"
NPM_CI = "run `npm ci --prefix src/wendbaar/credentials/tests/interop`"
CONTEXTS = Path(str(resources.files(document_loader.__package__).joinpath("contexts")))
NOW = datetime.now(UTC)


class Node:
    """Runs interop.mjs; contexts are wendbaar's own shipped files, nothing from the network."""

    def __init__(self, folder: Path):
        self.folder = folder
        manifest = {url: str(CONTEXTS / name) for url, name in CONTEXT_FILES.items()}
        self.manifest = self.write("contexts.json", manifest)
        self.count = 0

    def write(self, name: str, data: Any) -> Path:
        path = self.folder / name
        path.write_text(json.dumps(data), "utf-8")
        return path

    def run(self, *args: str | Path) -> Any:
        result = subprocess.run(
            ["node", INTEROP / "interop.mjs", *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"interop.mjs failed: {result.stderr[-2000:]}")
        return json.loads(result.stdout)

    def did_options(self, parties: list[Party]) -> list[str | Path]:
        options: list[str | Path] = []
        for party in parties:
            for did, document in party.documents.items():
                options += ["--did-doc", self.write(f"{did.replace(':', '_')}.json", document)]
        return options

    def verify(self, credentials: list[dict[str, Any]], parties: list[Party]) -> list[Any]:
        files = []
        for credential in credentials:
            self.count += 1
            files.append(self.write(f"credential-{self.count}.json", credential))
        return self.run("verify", "--contexts", self.manifest, *self.did_options(parties), *files)  # type: ignore[no-any-return]

    def issue(self, unsigned: dict[str, Any], party: Party, suite: str) -> dict[str, Any]:
        key = {
            "id": party.signer.verification_method,
            "controller": party.did,
            "publicKeyMultibase": party.signer.public_key_multibase,
            "secretKeyMultibase": encode_secret_key(seed_of(party.signer.private_key)),
        }
        return self.run(  # type: ignore[no-any-return]
            "issue",
            "--contexts",
            self.manifest,
            "--key",
            self.write("key.json", key),
            "--suite",
            suite,
            self.write("unsigned.json", unsigned),
        )


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Node:
    if shutil.which("node") is None:
        pytest.fail(f"Node.js is not installed; install it, then {NPM_CI}")
    if not (INTEROP / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        pytest.fail(f"the interop npm packages are missing: {NPM_CI}")
    return Node(tmp_path_factory.mktemp("interop"))


def test_the_npm_packages_ship_the_same_contexts(node: Node) -> None:
    theirs = node.run("contexts")
    for url in CONTEXT_FILES:
        assert theirs[url] == context_document(url), url


@pytest.mark.parametrize("suite", [RDFC, JCS])
def test_digital_bazaar_verifies_wendbaar_credentials(
    node: Node, issuer: Party, holder: Party, suite: str
) -> None:
    credential = issue(skill_credential(issuer, holder.did), issuer.signer, NOW, cryptosuite=suite)
    assert node.verify([credential], [issuer]) == [{"verified": True, "error": None}]


@pytest.mark.parametrize("suite", [RDFC, JCS])
def test_wendbaar_verifies_digital_bazaar_credentials(
    node: Node, issuer: Party, holder: Party, suite: str
) -> None:
    credential = node.issue(skill_credential(issuer, holder.did), issuer, suite)
    proof = credential["proof"]
    assert proof["cryptosuite"] == suite
    assert proof["verificationMethod"] == issuer.signer.verification_method
    verdict = verify_credential(credential, issuer.resolver, [issuer.did], NOW)
    assert verdict.verified, verdict.as_json()


@pytest.mark.parametrize("suite", [RDFC, JCS])
def test_tampered_copies_fail_on_both_sides(
    node: Node, issuer: Party, holder: Party, suite: str
) -> None:
    unsigned = skill_credential(issuer, holder.did)
    originals = {
        "wendbaar": issue(unsigned, issuer.signer, NOW, cryptosuite=suite),
        "Digital Bazaar": node.issue(unsigned, issuer, suite),
    }
    cases, copies = [], []
    for origin, original in originals.items():
        for name, (change, _, _) in TAMPERS.items():
            tampered = copy.deepcopy(original)
            change(tampered, issuer)
            cases.append(f"{name} ({origin}-issued)")
            copies.append(tampered)
    theirs = node.verify(list(originals.values()) + copies, [issuer, mallory()])
    assert [result["verified"] for result in theirs[:2]] == [True, True]
    for case, result, tampered in zip(cases, theirs[2:], copies, strict=True):
        assert result["verified"] is False and result["error"], case
        verdict = verify_credential(tampered, resolver_with_mallory(issuer), [issuer.did], NOW)
        assert not verdict.verified, case
