"""Download ESCO through its web-service API and write it as the official CSV distribution.

``wendbaar esco download`` uses this where the ESCO portal's download service (a form
that emails a link) cannot be scripted. The folder it writes has the file names, columns
and cell format of the official CSV zips, so the normal CSV importer reads it unchanged.
What the API answers, and which parts of that are not confirmed, is in
docs/esco-download.md.

No Django here, and only the standard library for HTTP.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path
from typing import Any

from wendbaar.taxonomy.esco_csv import ESCO_LANGUAGES

DEFAULT_BASE_URL = "https://ec.europa.eu/esco/api"
PAGE_SIZE = 100  # the largest page the API is known to serve
MANIFEST = "esco-download.json"

ProgressCallback = Callable[[str, int, int | None], None]
JSON = dict[str, Any]

_log = logging.getLogger(__name__)
_VERSION = re.compile(r"v\d+\.\d+\.\d+")
_SCHEME = "http://data.europa.eu/esco/concept-scheme/"
_USER_AGENT = "wendbaar-esco-download/0.1"

_BROADER_HEADER = ("conceptType", "conceptUri", "broaderType", "broaderUri")
HEADERS: dict[str, tuple[str, ...]] = {
    "occupations": (
        "conceptType",
        "conceptUri",
        "iscoGroup",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "status",
        "modifiedDate",
        "regulatedProfessionNote",
        "scopeNote",
        "definition",
        "inScheme",
        "description",
        "code",
    ),
    "skills": (
        "conceptType",
        "conceptUri",
        "skillType",
        "reuseLevel",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "status",
        "modifiedDate",
        "scopeNote",
        "definition",
        "inScheme",
        "description",
    ),
    "ISCOGroups": (
        "conceptType",
        "conceptUri",
        "code",
        "preferredLabel",
        "status",
        "altLabels",
        "inScheme",
        "description",
    ),
    "skillGroups": (
        "conceptType",
        "conceptUri",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "status",
        "modifiedDate",
        "scopeNote",
        "inScheme",
        "description",
        "code",
    ),
    "occupationSkillRelations": ("occupationUri", "relationType", "skillType", "skillUri"),
    "skillSkillRelations": (
        "originalSkillUri",
        "originalSkillType",
        "relationType",
        "relatedSkillType",
        "relatedSkillUri",
    ),
    "broaderRelationsOccPillar": _BROADER_HEADER,
    "broaderRelationsSkillPillar": _BROADER_HEADER,
}

_OCCUPATION_PILLAR = frozenset({"ISCOGroup", "Occupation"})
_SKILL_PILLAR = frozenset({"SkillGroup", "KnowledgeSkillCompetence"})
# Links to broader concepts, with the type of concept each points to; the generic
# broaderConcept is typed only by the concept it reaches.
_BROADER_LINKS = {
    "broaderIscoGroup": "ISCOGroup",
    "broaderOccupation": "Occupation",
    "broaderSkill": "KnowledgeSkillCompetence",
    "broaderHierarchyConcept": "SkillGroup",
    "broaderConcept": "",
}
_SKILL_RELATIONS = (("hasEssentialSkill", "essential"), ("hasOptionalSkill", "optional"))
# The API names skill types by URI (.../skill-type/skill); the CSV files say this.
_SKILL_TYPES = {"skill": "skill/competence", "knowledge": "knowledge"}


class EscoDownloadError(Exception):
    """The download cannot go on; the message says what failed (URL, HTTP status, reason).

    ``retryable`` is true for failures that asking again, or asking for less, may cure:
    HTTP 5xx and 429, time-outs and dropped connections.
    """

    def __init__(
        self,
        message: str,
        url: str | None = None,
        status: int | None = None,
        retryable: bool = False,
    ):
        super().__init__(message)
        self.url = url
        self.status = status
        self.retryable = retryable


@dataclass(frozen=True)
class _Kind:
    file: str  # base name of its CSV files
    endpoint: str
    scheme: str  # the concept scheme whose members are exactly the concepts of this kind
    concept_type: str
    scheme_separator: str  # the official files join inScheme URIs with this

    @property
    def header(self) -> tuple[str, ...]:
        return HEADERS[self.file]


_ISCO_GROUPS = _Kind("ISCOGroups", "concept", _SCHEME + "isco", "ISCOGroup", ",\n")
_OCCUPATIONS = _Kind(
    "occupations", "occupation", _SCHEME + "member-occupations", "Occupation", ",\n"
)
_SKILL_GROUPS = _Kind("skillGroups", "concept", _SCHEME + "skills-hierarchy", "SkillGroup", "\n")
_SKILLS = _Kind("skills", "skill", _SCHEME + "member-skills", "KnowledgeSkillCompetence", ",\n")
_KINDS = (_ISCO_GROUPS, _OCCUPATIONS, _SKILL_GROUPS, _SKILLS)


def download_esco(
    version: str,
    languages: list[str],
    dest: Path,
    base_url: str = DEFAULT_BASE_URL,
    progress: ProgressCallback | None = None,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 1.0,
    page_size: int = PAGE_SIZE,
) -> Path:
    """Download ESCO ``version`` in ``languages`` and return the folder ``dest/esco-<version>``.

    The folder holds ``occupations_<lang>.csv``, ``skills_<lang>.csv``,
    ``ISCOGroups_<lang>.csv`` and ``skillGroups_<lang>.csv`` per language, the four
    relation files, and ``esco-download.json`` saying where and when it came from and
    which records the API could not serve. It appears only once complete; an existing
    folder of the same version is replaced. Answers are kept under
    ``dest/.esco-<version>-cache`` until the download succeeds, so a rerun after an
    interruption does not ask again. ``progress`` is called with (stage, done, total).
    Raises :class:`EscoDownloadError`.
    """
    _check_version(version)
    langs = _check_languages(languages)
    dest = Path(dest)
    report = progress or _silent
    api = _Api(base_url, version, dest / f".esco-{version}-cache", timeout, retries, backoff)
    for lang in langs:
        _probe(api, lang)
    collection = _Collection()
    for position, lang in enumerate(langs):
        for kind in _KINDS:
            for resource in _concepts(api, kind, lang, page_size, collection.skipped, report):
                collection.add(kind, lang, resource, with_relations=position == 0)
    final = _publish(collection, dest, version, langs, base_url, report)
    shutil.rmtree(api.cache, ignore_errors=True)
    return final


def _silent(stage: str, done: int, total: int | None) -> None:
    return None


def _check_version(version: str) -> None:
    if not _VERSION.fullmatch(version):
        raise EscoDownloadError(f"{version!r} is not an ESCO version; write it like v1.2.0")


def _check_languages(languages: list[str]) -> list[str]:
    chosen = list(dict.fromkeys(lang.strip().lower() for lang in languages))
    if not chosen:
        raise EscoDownloadError("no language given; ESCO has " + " ".join(sorted(ESCO_LANGUAGES)))
    unknown = [lang for lang in chosen if lang not in ESCO_LANGUAGES]
    if unknown:
        raise EscoDownloadError(
            f"not an ESCO language: {', '.join(unknown)}; ESCO has "
            + " ".join(sorted(ESCO_LANGUAGES))
        )
    return chosen


class _Api:
    """GETs JSON from the ESCO API, retrying what may pass, keeping each answer on disk."""

    def __init__(
        self, base_url: str, version: str, cache: Path, timeout: float, retries: int, backoff: float
    ):
        self.base_url = base_url.rstrip("/")
        self.version = version
        self.cache = cache
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def get(self, endpoint: str, **params: str | int) -> JSON:
        query = urllib.parse.urlencode({**params, "selectedVersion": self.version})
        url = f"{self.base_url}/{endpoint}?{query}"
        stored = self.cache / (hashlib.sha256(url.encode()).hexdigest() + ".json")
        if stored.is_file():
            return _parse(url, stored.read_bytes())
        body = self._fetch(url)
        payload = _parse(url, body)
        _store(stored, body)
        return payload

    def _fetch(self, url: str) -> bytes:
        attempt = 0
        while True:
            try:
                return self._once(url)
            except EscoDownloadError as error:
                if not error.retryable or attempt >= self.retries:
                    raise
            time.sleep(self.backoff * 2**attempt)
            attempt += 1

    def _once(self, url: str) -> bytes:
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": _USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            retryable = exc.code == 429 or exc.code >= 500
            raise EscoDownloadError(
                f"{url}: HTTP {exc.code} {exc.reason}{_api_message(exc)}", url, exc.code, retryable
            ) from exc
        except (urllib.error.URLError, HTTPException, OSError) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise EscoDownloadError(f"{url}: no answer ({reason})", url, retryable=True) from exc


def _api_message(exc: urllib.error.HTTPError) -> str:
    """The API's own explanation from its error body, e.g. ' (Illegal/Unknown type ...)'."""
    try:
        message = json.loads(exc.read()).get("message")
    except (OSError, ValueError, AttributeError):
        return ""
    return f" ({message})" if isinstance(message, str) and message else ""


def _parse(url: str, body: bytes) -> JSON:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise EscoDownloadError(f"{url}: the answer is not valid JSON ({exc})", url) from exc
    if not isinstance(payload, dict):
        raise EscoDownloadError(f"{url}: the answer is JSON but not an object", url)
    return payload


def _store(path: Path, body: bytes) -> None:
    # Written aside and renamed, so an interruption never leaves half an answer in the cache.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(body)
    os.replace(partial, path)


def _probe(api: _Api, lang: str) -> None:
    """One small request per language, so a version or language the API lacks fails first."""
    try:
        api.get("resource/taxonomy", uri=_SCHEME + "occupations", language=lang)
    except EscoDownloadError as error:
        if error.retryable:
            raise
        raise EscoDownloadError(
            f"the ESCO API does not serve version {api.version} in language {lang!r}: {error}",
            error.url,
            error.status,
        ) from error


def _concepts(
    api: _Api, kind: _Kind, lang: str, page_size: int, skipped: list[str], report: ProgressCallback
) -> Iterator[JSON]:
    """Every concept of a kind in one language, page by page."""
    stage = f"{kind.file}_{lang}"
    seen: set[str] = set()
    unreadable = 0
    total: int | None = None
    page = 0
    while total is None or page * page_size < total:
        resources, total, notes = _page(api, kind, lang, page, page_size, total)
        for note in notes:
            _log.warning("ESCO record skipped: %s", note)
        skipped.extend(notes)
        unreadable += len(notes)
        fresh = {r["uri"]: r for r in resources if r["uri"] not in seen}
        if not fresh:  # the end, or an API that ignores offset: stop rather than loop
            break
        seen.update(fresh)
        yield from fresh.values()
        report(stage, len(seen), total)
        page += 1
    if total is not None and len(seen) + unreadable < total:
        raise EscoDownloadError(
            f"the ESCO API reports {total} {kind.file} in {lang!r}, but its pages held "
            f"{len(seen)} (and {unreadable} unreadable)"
        )


def _page(
    api: _Api, kind: _Kind, lang: str, page: int, page_size: int, total: int | None
) -> tuple[list[JSON], int | None, list[str]]:
    """A page's concepts, the total the API reports, and notes on records it could not serve.

    The API's ``offset`` counts pages of ``limit`` concepts, not concepts.
    """
    try:
        payload = api.get(
            f"resource/{kind.endpoint}",
            isInScheme=kind.scheme,
            language=lang,
            limit=page_size,
            offset=page,
        )
    except EscoDownloadError as error:
        if not error.retryable or page_size == 1:
            raise
        return _records(api, kind, lang, page, page_size, total, error)
    return _resources(payload), _total(payload, total), []


def _records(
    api: _Api,
    kind: _Kind,
    lang: str,
    page: int,
    page_size: int,
    total: int | None,
    error: EscoDownloadError,
) -> tuple[list[JSON], int | None, list[str]]:
    """A failing page read one record at a time: one malformed concept can break a page."""
    resources: list[JSON] = []
    notes: list[str] = []
    for index in range(page * page_size, (page + 1) * page_size):
        if total is not None and index >= total:
            break
        try:
            payload = api.get(
                f"resource/{kind.endpoint}",
                isInScheme=kind.scheme,
                language=lang,
                limit=1,
                offset=index,
            )
        except EscoDownloadError as record_error:
            if not record_error.retryable:
                raise
            notes.append(f"{kind.file}_{lang} record {index}: {record_error}")
            continue
        found = _resources(payload)
        total = _total(payload, total)
        if not found:
            break
        resources.extend(found)
    if not resources:
        raise error  # nothing on the page could be read: the API fails, not one record
    return resources, total, notes


def _resources(payload: JSON) -> list[JSON]:
    """A page's concepts: full resources under ``_embedded`` by URI, in the ``concepts`` order."""
    embedded = payload.get("_embedded")
    if not isinstance(embedded, dict):
        return []
    refs = payload.get("concepts")
    if isinstance(refs, list) and refs:
        found = [embedded.get(ref.get("uri")) for ref in refs if isinstance(ref, dict)]
    else:
        found = list(embedded.values())
    return [r for r in found if isinstance(r, dict) and isinstance(r.get("uri"), str)]


def _total(payload: JSON, previous: int | None) -> int | None:
    total = payload.get("total")
    return total if isinstance(total, int) else previous


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _text(value: object, lang: str) -> str:
    """A language's text from maps like {"nl": "…"} or {"nl": {"literal": "…"}}."""
    if isinstance(value, dict):
        value = value.get(lang)
    if isinstance(value, dict):
        value = value.get("literal")
    return _string(value)


def _texts(value: object, lang: str) -> list[str]:
    """A language's labels from a map like {"nl": ["…", "…"]}."""
    items = value.get(lang) if isinstance(value, dict) else None
    if isinstance(items, str):
        return [items]
    return [item for item in items if isinstance(item, str)] if isinstance(items, list) else []


def _links(resource: JSON, rel: str) -> list[JSON]:
    """A HAL link relation as a list of {"uri": …, "title": …} objects (the API may give one)."""
    all_links = resource.get("_links")
    links = all_links.get(rel) if isinstance(all_links, dict) else None
    if isinstance(links, dict):
        links = [links]
    if not isinstance(links, list):
        return []
    return [link for link in links if isinstance(link, dict) and isinstance(link.get("uri"), str)]


def _link_uris(resource: JSON, rel: str) -> list[str]:
    return [link["uri"] for link in _links(resource, rel)]


def _first_uri(resource: JSON, rel: str) -> str:
    uris = _link_uris(resource, rel)
    return uris[0] if uris else ""


def _tail(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def _skill_type(uri: str) -> str:
    tail = _tail(uri)
    return _SKILL_TYPES.get(tail, tail)


def _isco_code(resource: JSON, code: str) -> str:
    """The 4-digit ISCO group of an occupation: its code starts with it ('2512.4.1')."""
    if code:
        return code.split(".", 1)[0]
    groups = _link_uris(resource, "broaderIscoGroup")
    return _tail(groups[0]).removeprefix("C") if groups else ""


def _fields(kind: _Kind, resource: JSON, lang: str) -> dict[str, str]:
    """Every column a concept file can have, for one concept in one language."""
    uri: str = resource["uri"]
    code = _string(resource.get("code"))
    return {
        "conceptType": kind.concept_type,
        "conceptUri": uri,
        "preferredLabel": _text(resource.get("preferredLabel"), lang)
        or _string(resource.get("title")),
        "altLabels": "\n".join(_texts(resource.get("alternativeLabel"), lang)),
        "hiddenLabels": "\n".join(_texts(resource.get("hiddenLabel"), lang)),
        "status": _string(resource.get("status")),
        "modifiedDate": "",  # the API is not known to give it
        "scopeNote": _text(resource.get("scopeNote"), lang),
        "definition": _text(resource.get("definition"), lang),
        "inScheme": kind.scheme_separator.join(_link_uris(resource, "isInScheme")),
        "description": _text(resource.get("description"), lang),
        # An ISCO group's URI ends in C and its code: .../isco/C2512.
        "code": _tail(uri).removeprefix("C") if kind is _ISCO_GROUPS else code,
        "iscoGroup": _isco_code(resource, code),
        "regulatedProfessionNote": _first_uri(resource, "regulatedProfessionNote"),
        "skillType": _skill_type(_first_uri(resource, "hasSkillType")),
        "reuseLevel": _tail(_first_uri(resource, "hasReuseLevel")),
    }


@dataclass
class _Collection:
    """What the download has gathered: concept rows per file, and the relations."""

    rows: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # file -> uri -> row
    types: dict[str, str] = field(default_factory=dict)  # uri -> conceptType
    skill_types: dict[str, str] = field(default_factory=dict)
    # (source, relationType, skill type the link states, target)
    skill_links: dict[str, set[tuple[str, str, str, str]]] = field(default_factory=dict)
    broader: set[tuple[str, str, str]] = field(default_factory=set)  # (uri, link, broader uri)
    skipped: list[str] = field(default_factory=list)

    def add(self, kind: _Kind, lang: str, resource: JSON, with_relations: bool) -> None:
        fields = _fields(kind, resource, lang)
        row = [fields[column] for column in kind.header]
        self.rows.setdefault(f"{kind.file}_{lang}.csv", {})[fields["conceptUri"]] = row
        if with_relations:  # relations are the same in every language
            self._relate(kind, resource, fields)

    def _relate(self, kind: _Kind, resource: JSON, fields: dict[str, str]) -> None:
        uri = fields["conceptUri"]
        self.types[uri] = kind.concept_type
        if kind is _SKILLS:
            self.skill_types[uri] = fields["skillType"]
        links = self.skill_links.setdefault(kind.file, set())
        for rel, relation in _SKILL_RELATIONS:
            for target in _links(resource, rel):
                stated = _skill_type(_string(target.get("skillType")))
                links.add((uri, relation, stated, target["uri"]))
        for rel in _BROADER_LINKS:
            self.broader.update((uri, rel, target) for target in _link_uris(resource, rel))

    def files(self, langs: list[str]) -> dict[str, tuple[tuple[str, ...], list[list[str]]]]:
        """Every output file: name -> (header, rows), rows sorted as the official files are."""
        out: dict[str, tuple[tuple[str, ...], list[list[str]]]] = {}
        for lang in langs:
            for kind in _KINDS:
                name = f"{kind.file}_{lang}.csv"
                out[name] = (kind.header, sorted(self.rows.get(name, {}).values()))
        relations = {
            "occupationSkillRelations": self._occupation_skills(),
            "skillSkillRelations": self._skill_skills(),
            "broaderRelationsOccPillar": self._broader(_OCCUPATION_PILLAR),
            "broaderRelationsSkillPillar": self._broader(_SKILL_PILLAR),
        }
        for base, rows in relations.items():
            out[f"{base}.csv"] = (HEADERS[base], [list(row) for row in sorted(rows)])
        return out

    def _skill_type_of(self, uri: str, stated: str) -> str:
        # The skill's own answer wins; the link's statement covers skills the API could not serve.
        return self.skill_types.get(uri) or stated

    def _occupation_skills(self) -> set[tuple[str, ...]]:
        links = self.skill_links.get(_OCCUPATIONS.file, set())
        return {
            (occupation, relation, self._skill_type_of(skill, stated), skill)
            for occupation, relation, stated, skill in links
        }

    def _skill_skills(self) -> set[tuple[str, ...]]:
        links = self.skill_links.get(_SKILLS.file, set())
        return {
            (
                skill,
                self._skill_type_of(skill, ""),
                relation,
                self._skill_type_of(related, stated),
                related,
            )
            for skill, relation, stated, related in links
        }

    def _broader(self, pillar: frozenset[str]) -> set[tuple[str, ...]]:
        rows: set[tuple[str, ...]] = set()
        for uri, rel, target in self.broader:
            concept_type = self.types[uri]
            broader_type = self.types.get(target) or _BROADER_LINKS[rel]
            if concept_type in pillar and broader_type in pillar:
                rows.add((concept_type, uri, broader_type, target))
        return rows


def _publish(
    collection: _Collection,
    dest: Path,
    version: str,
    langs: list[str],
    base_url: str,
    report: ProgressCallback,
) -> Path:
    """Write everything into a hidden folder, then rename it into place."""
    dest.mkdir(parents=True, exist_ok=True)
    work = dest / f".esco-{version}-{uuid.uuid4().hex[:8]}.partial"
    work.mkdir()
    try:
        files = collection.files(langs)
        for done, (name, (header, rows)) in enumerate(files.items(), 1):
            _write_csv(work / name, header, rows)
            report("writing", done, len(files))
        manifest = {
            "version": version,
            "languages": langs,
            "source": base_url,
            "downloaded": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": {name: len(rows) for name, (_header, rows) in files.items()},
            "skipped": collection.skipped,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        return _replace(work, dest / f"esco-{version}")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    # csv's defaults (minimal quoting, CRLF line ends, UTF-8 without BOM) match the
    # official files byte for byte.
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _replace(work: Path, final: Path) -> Path:
    """Move the finished folder to its name; an older download of the version goes."""
    if not final.exists():
        work.rename(final)
        return final
    old = final.with_name(f".{final.name}-{uuid.uuid4().hex[:8]}.old")
    final.rename(old)
    work.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final
