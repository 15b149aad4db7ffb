"""Fetch one small JSON document from another server, without becoming a tool for attackers.

Used for other issuers' did:web documents and status lists, whose URLs come from a
credential anyone can paste. So: https only; no redirect to another origin; only public
addresses (a pasted DID must not reach the intranet or a cloud metadata service), and the
address checked is the address connected to, so DNS cannot answer differently in
between; one time budget for the whole fetch; a size limit; a JSON media type and strict
JSON. Plain Python (no Django): the caller passes the policy.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from wendbaar.credentials.engine.jsonld_safety import JsonLdSafetyError, Limits, parse_json

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 16_384


class FetchError(Exception):
    """A document that could not be fetched; the message says why, for the verdict."""


@dataclass(frozen=True)
class FetchPolicy:
    """``local_hosts`` may be fetched over plain http and at private addresses (tests)."""

    timeout: float = 5.0
    max_bytes: int = 100_000
    local_hosts: frozenset[str] = frozenset()
    max_redirects: int = 3


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)


def fetch_json(url: str, policy: FetchPolicy, accept: Collection[str]) -> dict[str, Any]:
    """The JSON object at ``url``; FetchError when the policy refuses it or it fails."""
    deadline = time.monotonic() + policy.timeout
    target = _target(url, policy)
    for _hop in range(policy.max_redirects + 1):
        status, location, body = _get(target, policy, accept, deadline)
        if status not in REDIRECTS:
            return _parse(body, policy, url)
        if not location:
            raise FetchError(f"{url} redirects without saying where to")
        following = _target(urljoin(_url(target), location), policy)
        if following.origin != target.origin:
            raise FetchError(f"{url} redirects to another host, which is not followed")
        target = following
    raise FetchError(f"{url} redirects more than {policy.max_redirects} times")


def _target(url: str, policy: FetchPolicy) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchError(f"{url} is not a valid URL: {error}") from None
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None:
        raise FetchError(f"{url} is not a plain https URL")
    local = host in policy.local_hosts
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise FetchError(f"{url} is not an https URL")
    default = 443 if parts.scheme == "https" else 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.scheme, host, port or default, path)


def _url(target: _Target) -> str:
    default = {"https": 443, "http": 80}[target.scheme]
    port = "" if target.port == default else f":{target.port}"
    host = f"[{target.host}]" if ":" in target.host else target.host  # IPv6 literal
    return f"{target.scheme}://{host}{port}{target.path}"


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{url} did not answer in time")
    return left


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _addresses(target: _Target, policy: FetchPolicy) -> list[tuple[Any, ...]]:
    """Where to connect: every address of the host, all of them public (unless local)."""
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(f"{target.host} could not be found: {error}") from None
    local = target.host in policy.local_hosts
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if not local and not _public(address):
            raise FetchError(f"{target.host} is at {address}, which is not a public address")
    return [(family, sockaddr) for family, _type, _proto, _name, sockaddr in found]


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to addresses checked beforehand; TLS checks the host name."""

    def __init__(
        self,
        target: _Target,
        addresses: list[tuple[Any, ...]],
        timeout: float,
        tls: ssl.SSLContext | None,
    ):
        super().__init__(target.host, target.port, timeout=timeout)
        self.addresses = addresses
        self.tls = tls
        self.default_port = 443 if tls is not None else 80  # no ":443" in the Host header

    def connect(self) -> None:
        error: OSError = OSError("no address")
        for family, sockaddr in self.addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(sockaddr)
            except OSError as failed:
                sock.close()
                error = failed
                continue
            self.sock = self.tls.wrap_socket(sock, server_hostname=self.host) if self.tls else sock
            return
        raise error


def _get(
    target: _Target, policy: FetchPolicy, accept: Collection[str], deadline: float
) -> tuple[int, str | None, bytes]:
    url = _url(target)
    addresses = _addresses(target, policy)
    tls = ssl.create_default_context() if target.scheme == "https" else None
    connection = _PinnedConnection(target, addresses, _remaining(deadline, url), tls)
    try:
        connection.request(
            "GET",
            target.path,
            headers={
                "Accept": ", ".join(accept),
                "Accept-Encoding": "identity",
                "User-Agent": "wendbaar-verifier",
            },
        )
        # getresponse() may drop the connection's socket (HTTP/1.0); the body still
        # reads from it, so keep it to renew the time-out before every read.
        sock = connection.sock
        sock.settimeout(_remaining(deadline, url))
        response = connection.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), b""
        if response.status != 200:
            raise FetchError(f"{url} answered HTTP {response.status}")
        _check_headers(response, url, policy, accept)
        body = bytearray()
        while len(body) <= policy.max_bytes:
            sock.settimeout(_remaining(deadline, url))
            chunk = response.read(min(CHUNK, policy.max_bytes + 1 - len(body)))
            if not chunk:
                break
            body += chunk
        if len(body) > policy.max_bytes:
            raise FetchError(f"{url} is larger than {policy.max_bytes} bytes")
        return response.status, None, bytes(body)
    except TimeoutError:
        raise FetchError(f"{url} did not answer in time") from None
    except ssl.SSLError as error:
        raise FetchError(f"{url}: secure connection failed: {error}") from None
    except (http.client.HTTPException, OSError) as error:
        reason = str(error) or type(error).__name__
        raise FetchError(f"{url} could not be reached: {reason}") from None
    finally:
        connection.close()


def _check_headers(
    response: http.client.HTTPResponse, url: str, policy: FetchPolicy, accept: Collection[str]
) -> None:
    media = (response.getheader("Content-Type") or "").split(";", 1)[0].strip().lower()
    if media not in accept and media != "application/json" and not media.endswith("+json"):
        raise FetchError(f"{url} is not JSON (Content-Type {media or 'missing'})")
    if (response.getheader("Content-Encoding") or "identity").lower() != "identity":
        raise FetchError(f"{url} is compressed, which is not accepted")
    length = response.getheader("Content-Length")
    if length is not None and length.isdigit() and int(length) > policy.max_bytes:
        raise FetchError(f"{url} is larger than {policy.max_bytes} bytes")


def _parse(body: bytes, policy: FetchPolicy, url: str) -> dict[str, Any]:
    try:
        value = parse_json(body, Limits(max_bytes=policy.max_bytes))
    except JsonLdSafetyError as error:
        raise FetchError(f"{url} is not valid JSON: {error.message}") from None
    if not isinstance(value, dict):
        raise FetchError(f"{url} is not a JSON object")
    return value
