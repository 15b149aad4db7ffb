"""The W3C test vectors of eddsa-rdfc-2022 and eddsa-jcs-2022, every value byte for byte."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest

from wendbaar.credentials.engine import proofs
from wendbaar.credentials.engine.document_loader import DocumentLoader
from wendbaar.credentials.engine.keys import Signer, private_key_from_seed, public_bytes
from wendbaar.credentials.engine.multikey import (
    decode_base58btc,
    decode_public_key,
    decode_secret_key,
    encode_public_key,
)
from wendbaar.credentials.tests.conftest import VECTORS, read_json

SUITES = [("eddsa-rdfc-2022", "DataInt"), ("eddsa-jcs-2022", "JCS")]


def vector(suite: str, name: str) -> Path:
    return VECTORS / suite / name


@pytest.fixture(scope="module")
def signer() -> Signer:
    pair = read_json(VECTORS / "keyPair.json")
    private_key = private_key_from_seed(decode_secret_key(pair["privateKeyMultibase"]))
    method = read_json(vector("eddsa-rdfc-2022", "proofConfigDataInt.json"))["verificationMethod"]
    return Signer(private_key, method)


def test_key_pair_public_key_derives_from_the_secret_key(signer: Signer) -> None:
    pair = read_json(VECTORS / "keyPair.json")
    assert encode_public_key(public_bytes(signer.private_key)) == pair["publicKeyMultibase"]


@pytest.mark.parametrize(("suite", "tag"), SUITES)
def test_every_intermediate_value(
    suite: str, tag: str, signer: Signer, vector_loader: DocumentLoader
) -> None:
    unsigned = read_json(VECTORS / "unsigned.json")
    options = read_json(vector(suite, f"proofConfig{tag}.json"))

    canonical_document = proofs.transform(unsigned, suite, vector_loader)
    assert canonical_document == vector(suite, f"canonDoc{tag}.txt").read_bytes()
    doc_hash = hashlib.sha256(canonical_document).hexdigest()
    assert doc_hash == vector(suite, f"docHash{tag}.txt").read_text()

    canonical_config = proofs.configure(options, unsigned, suite, vector_loader)
    assert canonical_config == vector(suite, f"proofCanon{tag}.txt").read_bytes()
    proof_hash = hashlib.sha256(canonical_config).hexdigest()
    assert proof_hash == vector(suite, f"proofHash{tag}.txt").read_text()

    combined = proofs.hash_data(canonical_document, canonical_config)
    assert combined.hex() == vector(suite, f"combinedHash{tag}.txt").read_text()

    signature = signer.sign(combined)
    assert signature.hex() == vector(suite, f"sigHex{tag}.txt").read_text()
    assert decode_base58btc(vector(suite, f"sigBTC58{tag}.txt").read_text()) == signature


@pytest.mark.parametrize(("suite", "tag"), SUITES)
def test_signing_reproduces_the_signed_credential(
    suite: str, tag: str, signer: Signer, vector_loader: DocumentLoader
) -> None:
    created = datetime.fromisoformat("2023-02-24T23:36:38+00:00")
    signed = proofs.sign(
        read_json(VECTORS / "unsigned.json"),
        signer,
        created,
        cryptosuite=suite,
        loader=vector_loader,
    )
    assert signed == read_json(vector(suite, f"signed{tag}.json"))


@pytest.mark.parametrize(("suite", "tag"), SUITES)
def test_the_signed_credential_verifies_and_a_changed_one_does_not(
    suite: str, tag: str, vector_loader: DocumentLoader
) -> None:
    signed = read_json(vector(suite, f"signed{tag}.json"))
    public_key = decode_public_key(read_json(VECTORS / "keyPair.json")["publicKeyMultibase"])
    proofs.verify_proof(signed, signed["proof"], public_key, vector_loader)

    signed["credentialSubject"]["alumniOf"] = "The School of Counterfeits"
    with pytest.raises(proofs.ProofError) as failure:
        proofs.verify_proof(signed, signed["proof"], public_key, vector_loader)
    assert failure.value.code == "signature_invalid"
