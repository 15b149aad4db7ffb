"""Another issuer's credential, verified by fetching its did:web document and status list.

A real HTTP server on 127.0.0.1 plays the other issuer's website (a university with
its own system): it serves the DID document and a signed Bitstring Status List, and
counts requests. The issuer signs with a fresh Ed25519 key through the engine's own
eddsa-rdfc-2022 functions. ``localhost`` is not one of the app's hosts here
(ALLOWED_HOSTS is only "testserver"), so its DIDs are someone else's.
"""

from __future__ import annotations

import copy
import json
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.cache import cache
from django.test import Client

from wendbaar.credentials import remote
from wendbaar.credentials.engine import dids
from wendbaar.credentials.engine import status_list as sl
from wendbaar.credentials.engine.keys import Signer, public_bytes
from wendbaar.credentials.engine.multikey import encode_public_key
from wendbaar.credentials.engine.openbadges import issue
from wendbaar.credentials.engine.proofs import sign
from wendbaar.credentials.models import TrustedIssuer
from wendbaar.credentials.safe_http import FetchError, FetchPolicy, fetch_json
from wendbaar.credentials.tests.builders import (
    Party,
    holder_party,
    message,
    outcome,
    skill_credential,
)
from wendbaar.credentials.verification import check_credential, issuer_name

pytestmark = pytest.mark.django_db

DID_PATH = "/issuers/hogeschool/did.json"
LIST_PATH = "/status/1"
INDEX = 4242
SIGNED_AT = datetime(2025, 1, 2, tzinfo=UTC)


class Website:
    """What the other issuer's server answers, per path; ``hits`` counts the requests."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hanging: set[str] = set()
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()

    def serve(
        self, path: str, body: Any, content_type: str = "application/json", **headers: str
    ) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.routes[path] = (200, {"Content-Type": content_type, **headers}, data)

    def answer(self, path: str, status: int, **headers: str) -> None:
        self.routes[path] = (status, headers, b"")


def _handler(site: Website) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits[self.path] += 1
            if self.path in site.hanging:
                site.release.wait()
                return
            status, headers, body = site.routes.get(self.path, (404, {}, b""))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()  # HTTP/1.0: the body ends when the connection closes
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def website() -> Iterator[tuple[Website, int]]:
    site = Website()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, server.server_address[1]
    site.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetching(settings: Any) -> Iterator[Any]:
    settings.WENDBAAR_DID_FETCH = True
    settings.WENDBAAR_DID_FETCH_LOCAL_HOSTS = ["localhost"]
    settings.WENDBAAR_DID_FETCH_TIMEOUT = 2
    settings.ALLOWED_HOSTS = ["testserver"]
    cache.clear()
    yield settings
    cache.clear()


class University:
    """The other issuer: a did:web on the test server, its key, its status list."""

    def __init__(self, site: Website, port: int) -> None:
        self.site = site
        self.base = f"http://localhost:{port}"
        self.did = dids.did_web(f"localhost:{port}", "issuers", "hogeschool")
        private_key = Ed25519PrivateKey.generate()
        fragment = encode_public_key(public_bytes(private_key))
        self.key = dids.VerificationKey(fragment, fragment)
        self.signer = Signer(private_key, f"{self.did}#{fragment}")
        self.document = dids.did_document(self.did, [self.key])
        self.bits = sl.new_bitstring()
        site.serve(DID_PATH, self.document, "application/did+json")
        self.publish()

    @property
    def list_url(self) -> str:
        return self.base + LIST_PATH

    def publish(self, signer: Signer | None = None, valid_until: datetime | None = None) -> None:
        unsigned = sl.status_list_credential(
            self.list_url, self.did, self.bits, SIGNED_AT, valid_until=valid_until
        )
        signed = sign(unsigned, signer or self.signer, SIGNED_AT, cryptosuite="eddsa-rdfc-2022")
        self.site.serve(LIST_PATH, signed, "application/vc+ld+json")

    def credential(self) -> dict[str, Any]:
        party = Party(self.did, self.signer)
        unsigned = skill_credential(
            party,
            holder_party(3).did,
            name="Verpleegkundige zorg verlenen",
            status=sl.status_entry(self.list_url, INDEX),
        )
        return issue(unsigned, self.signer, SIGNED_AT, cryptosuite="eddsa-rdfc-2022")


@pytest.fixture
def university(website: tuple[Website, int], fetching: Any) -> University:
    return University(*website)


def page(client: Client, credential: dict[str, Any]) -> str:
    response = client.post("/en/controleren/", {"credential": json.dumps(credential)})
    assert response.status_code == 200
    return response.content.decode()


def test_a_credential_of_another_issuer_verifies(university: University, client: Client) -> None:
    credential = university.credential()
    verdict = check_credential(credential)
    assert verdict.verified, verdict.as_json()
    assert message(verdict, "verification_method") == (
        f"key(s) of {university.did} for assertionMethod"
    )
    assert message(verdict, "status") == "not revoked or suspended"
    assert university.site.hits == Counter({DID_PATH: 1, LIST_PATH: 1})
    # Fetched and genuine, but not trusted until an admin lists the issuer.
    assert issuer_name(university.did) is None
    text = page(client, credential)
    assert "This credential is genuine." in text
    assert "This issuer is not on our list of trusted issuers." in text
    TrustedIssuer.objects.create(identifier=university.did, name="Hogeschool Voorbeeld")
    assert issuer_name(university.did) == "Hogeschool Voorbeeld"
    text = page(client, credential)
    assert "Hogeschool Voorbeeld" in text
    assert "This issuer is on our list of trusted issuers." in text


def test_the_api_verifies_it_too(university: University, client: Client) -> None:
    response = client.post(
        "/credentials/verify",
        {"verifiableCredential": university.credential()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["verified"] is True and response.json()["issuerTrusted"] is False


def test_a_flipped_bit_in_the_served_list_revokes(university: University, client: Client) -> None:
    credential = university.credential()
    assert check_credential(credential).verified
    sl.set_status(university.bits, INDEX, True)
    university.publish()
    cache.clear()  # a verifier sees the change once its cached copy expires
    verdict = check_credential(credential)
    assert not verdict.verified
    assert "the credential has been revoked" in message(verdict, "status")
    text = page(client, credential)
    assert "This credential has been withdrawn by its issuer." in text
    assert "Revoked: the issuer has withdrawn this credential." in text


def test_a_tampered_credential_fails(university: University) -> None:
    credential = copy.deepcopy(university.credential())
    credential["credentialSubject"]["achievement"]["name"] = "Hartchirurgie"
    verdict = check_credential(credential)
    assert outcome(verdict, "signature") == "failed"
    assert "the signature does not match" in message(verdict, "signature")


def test_a_did_document_about_another_did_is_refused(university: University) -> None:
    university.site.serve(DID_PATH, {**university.document, "id": "did:web:other.example"})
    verdict = check_credential(university.credential())
    assert not verdict.verified
    assert "is about 'did:web:other.example'" in message(verdict, "verification_method")


def test_a_key_not_listed_for_assertions_is_refused(university: University) -> None:
    university.site.serve(DID_PATH, {**university.document, "assertionMethod": []})
    verdict = check_credential(university.credential())
    assert "is not authorised for assertionMethod" in message(verdict, "verification_method")


@pytest.mark.parametrize("with_length", [True, False])
def test_an_oversized_document_is_refused(university: University, with_length: bool) -> None:
    big = json.dumps({**university.document, "padding": "x" * 150_000}).encode()
    headers = {"Content-Length": str(len(big))} if with_length else {}
    university.site.serve(DID_PATH, big, "application/did+json", **headers)
    verdict = check_credential(university.credential())
    assert "is larger than 100000 bytes" in message(verdict, "verification_method")


def test_a_document_that_is_not_json_is_refused(university: University) -> None:
    university.site.serve(DID_PATH, b"<html>hello</html>", "text/html")
    verdict = check_credential(university.credential())
    assert "is not JSON (Content-Type text/html)" in message(verdict, "verification_method")


def test_a_silent_server_times_out_with_a_clear_verdict(
    university: University, fetching: Any, client: Client
) -> None:
    fetching.WENDBAAR_DID_FETCH_TIMEOUT = 0.3
    university.site.hanging.add(DID_PATH)
    verdict = check_credential(university.credential())
    assert "did not answer in time" in message(verdict, "verification_method")
    cache.clear()
    text = page(client, university.credential())
    assert "This credential could not be confirmed." in text
    assert "We could not get the issuer&#x27;s public key from its website" in text


def test_an_unreachable_issuer_is_a_clear_error_not_a_crash(fetching: Any, client: Client) -> None:
    with socket.socket() as closed:  # a port where nothing listens
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    did = dids.did_web(f"localhost:{port}")
    key = Ed25519PrivateKey.generate()
    fragment = encode_public_key(public_bytes(key))
    signer = Signer(key, f"{did}#{fragment}")
    credential = issue(skill_credential(Party(did, signer), holder_party(3).did), signer, SIGNED_AT)
    verdict = check_credential(credential)
    assert f"the DID document of {did} could not be fetched" in message(
        verdict, "verification_method"
    )
    assert "could not be reached" in message(verdict, "verification_method")
    response = client.post(
        "/credentials/verify", {"verifiableCredential": credential}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "verification_method"


def test_fetched_documents_and_failures_are_cached(university: University) -> None:
    credential = university.credential()
    assert check_credential(credential).verified
    assert check_credential(credential).verified
    assert university.site.hits == Counter({DID_PATH: 1, LIST_PATH: 1})
    university.site.answer(LIST_PATH, 404)
    cache.clear()
    first, second = check_credential(credential), check_credential(credential)
    assert "answered HTTP 404" in message(first, "status")
    assert message(second, "status") == message(first, "status")
    assert university.site.hits[LIST_PATH] == 2  # once before, once for both of these


def test_a_status_list_that_cannot_be_fetched_gives_status_unknown(
    university: University, client: Client
) -> None:
    university.site.answer(LIST_PATH, 503)
    credential = university.credential()
    verdict = check_credential(credential)
    assert not verdict.verified
    assert message(verdict, "status").startswith("status unknown: status list")
    assert outcome(verdict, "signature") == "passed"
    text = page(client, credential)
    assert "We could not check whether this credential is still valid." in text
    assert "The status is unknown: do not treat the credential as valid yet." in text
    assert "This credential is genuine." not in text


def test_a_status_list_signed_by_someone_else_gives_status_unknown(
    university: University,
) -> None:
    other_key = Ed25519PrivateKey.generate()
    university.publish(signer=Signer(other_key, f"{university.did}#intruder"))
    verdict = check_credential(university.credential())
    assert message(verdict, "status").startswith("status unknown:")
    assert "does not verify" in message(verdict, "status")


def test_an_expired_status_list_gives_status_unknown(university: University) -> None:
    university.publish(valid_until=SIGNED_AT + timedelta(days=1))
    verdict = check_credential(university.credential())
    assert message(verdict, "status").startswith("status unknown:")
    assert "expired" in message(verdict, "status")


def test_redirects_stay_on_the_same_host(university: University) -> None:
    university.site.answer(DID_PATH, 302, Location="/moved/did.json")
    university.site.serve("/moved/did.json", university.document, "application/did+json")
    assert check_credential(university.credential()).verified
    cache.clear()
    university.site.answer(DID_PATH, 302, Location="https://elsewhere.example/did.json")
    verdict = check_credential(university.credential())
    assert "redirects to another host" in message(verdict, "verification_method")


def test_private_addresses_are_refused_without_the_test_setting(
    university: University, fetching: Any
) -> None:
    fetching.WENDBAAR_DID_FETCH_LOCAL_HOSTS = []
    verdict = check_credential(university.credential())
    assert not verdict.verified
    assert "which is not a public address" in message(verdict, "verification_method")
    assert university.site.hits == Counter()


def test_the_test_setting_is_ignored_in_production(university: University, fetching: Any) -> None:
    fetching.PRODUCTION = True
    assert remote.policy().local_hosts == frozenset()


def test_nothing_is_fetched_when_fetching_is_off(university: University, fetching: Any) -> None:
    fetching.WENDBAAR_DID_FETCH = False
    verdict = check_credential(university.credential())
    assert "other issuers' DIDs are not fetched" in message(verdict, "verification_method")
    assert university.site.hits == Counter()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://example.org/did.json", "is not an https URL"),
        ("ftp://example.org/did.json", "is not an https URL"),
        ("https://user@example.org/did.json", "is not a plain https URL"),
        ("https://127.0.0.1/did.json", "127.0.0.1, which is not a public address"),
        ("https://10.1.2.3/did.json", "10.1.2.3, which is not a public address"),
        ("https://169.254.169.254/latest", "169.254.169.254, which is not a public address"),
        ("https://[::1]/did.json", "::1, which is not a public address"),
        ("https://[::ffff:192.168.0.1]/", "which is not a public address"),
        ("https://example.org:99999/", "is not a valid URL"),
    ],
)
def test_the_fetcher_refuses_unsafe_urls_before_connecting(url: str, words: str) -> None:
    with pytest.raises(FetchError) as error:
        fetch_json(url, FetchPolicy(), ["application/json"])
    assert words in str(error.value)


def test_an_admin_adds_an_external_issuer_to_the_trusted_list(admin_client: Client) -> None:
    add = "/en/beheer/credentials/trustedissuer/add/"
    refused = admin_client.post(add, {"identifier": "hogeschool.example", "name": "Hogeschool"})
    assert refused.status_code == 200
    assert "Enter the issuer exactly as in the credential" in refused.content.decode()
    bad_did = admin_client.post(add, {"identifier": "did:web:a%40b.example", "name": "Hogeschool"})
    assert "This is not a valid did:web DID" in bad_did.content.decode()
    assert not TrustedIssuer.objects.exists()
    did = "did:web:hogeschool.example:issuers:zorg"
    added = admin_client.post(add, {"identifier": did, "name": "Hogeschool"})
    assert added.status_code == 302
    assert issuer_name(did) == "Hogeschool"
