"""download_esco against a local HTTP server that answers like the ESCO web-service API."""

from __future__ import annotations

import csv
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from wendbaar.taxonomy.esco_download import EscoDownloadError, download_esco

FIXTURE = Path(__file__).parent / "fixtures" / "esco_api" / "concepts.json"
VERSION = "v1.2.0"
SCHEME = "http://data.europa.eu/esco/concept-scheme/"
ISCO = "http://data.europa.eu/esco/isco/C"
O_DEV = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"
O_MOBILE = "http://data.europa.eu/esco/occupation/5e7c3a2b-1f4d-4a58-9d6e-0c9b8a7f6e5d"
O_TESTER = "http://data.europa.eu/esco/occupation/9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
K_PROG = "http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97"
K_PY = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
S_MOBILE = "http://data.europa.eu/esco/skill/cf9c15b2-2e3b-4fc5-b6c1-26b8ee9c2c0a"
S_TEAMS = "http://data.europa.eu/esco/skill/81b5b4f4-7d3f-4d1c-8e0c-8f2bd3e0e8e1"
G_S = "http://data.europa.eu/esco/skill/335228d2-297d-4e0e-a6ee-bc6a8dc110d9"
G_S5 = "http://data.europa.eu/esco/skill/6c9d9e1e-7ab5-4b7b-b24c-6ff9ad3c5a3c"
I06 = "http://data.europa.eu/esco/isced-f/06"
I0613 = "http://data.europa.eu/esco/isced-f/0613"

HEADERS = {
    "occupations": "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,"
    "status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code",
    "skills": "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,"
    "status,modifiedDate,scopeNote,definition,inScheme,description",
    "ISCOGroups": "conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,"
    "description",
    "skillGroups": "conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,"
    "modifiedDate,scopeNote,inScheme,description,code",
    "occupationSkillRelations": "occupationUri,relationType,skillType,skillUri",
    "skillSkillRelations": "originalSkillUri,originalSkillType,relationType,relatedSkillType,"
    "relatedSkillUri",
    "broaderRelationsOccPillar": "conceptType,conceptUri,broaderType,broaderUri",
    "broaderRelationsSkillPillar": "conceptType,conceptUri,broaderType,broaderUri",
}
OUTPUT_FILES = {
    *(
        f"{base}_{lang}.csv"
        for base in ("occupations", "skills", "ISCOGroups", "skillGroups")
        for lang in ("en", "nl")
    ),
    "occupationSkillRelations.csv",
    "skillSkillRelations.csv",
    "broaderRelationsOccPillar.csv",
    "broaderRelationsSkillPillar.csv",
    "esco-download.json",
}

Fault = Callable[[str, dict[str, str]], "tuple[int, bytes] | None"]


class FakeEsco:
    """Answers like the ESCO API, from the fixture: resources by scheme, paged by page index."""

    def __init__(self) -> None:
        data = json.loads(FIXTURE.read_text(encoding="utf-8"))
        self.taxonomy: dict[str, Any] = data["taxonomy"]
        self.resources: list[dict[str, Any]] = data["resources"]
        self.log: list[str] = []
        self.fault: Fault | None = None
        self.base_url = ""

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        if self.fault is not None and (hit := self.fault(path, query)) is not None:
            return hit
        if query.get("selectedVersion") != VERSION:
            return error(400, f"Invalid ESCO version: {query.get('selectedVersion')}")
        if path == "/esco/api/resource/taxonomy":
            return 200, json.dumps(titled(self.taxonomy, query["language"])).encode()
        endpoint = path.removeprefix("/esco/api/resource/")
        if endpoint not in ("occupation", "skill", "concept") or "isInScheme" not in query:
            return error(404, "Resource not found")
        return 200, self.page(endpoint, query)

    def page(self, endpoint: str, query: dict[str, str]) -> bytes:
        lang = query["language"]
        members = [
            r
            for r in self.resources
            if query["isInScheme"] in {s["uri"] for s in r["_links"]["isInScheme"]}
            and endpoint in ("concept", r["className"].lower())
        ]
        limit, page = int(query["limit"]), int(query["offset"])
        chunk = members[page * limit : (page + 1) * limit]
        body = {
            "total": len(members),
            "count": len(chunk),
            "concepts": [{"uri": r["uri"], "title": titled(r, lang)["title"]} for r in chunk],
            "_embedded": {r["uri"]: titled(r, lang) for r in chunk},
            "_links": {"self": {"href": f"{self.base_url}/resource/{endpoint}"}},
        }
        return json.dumps(body).encode()


def titled(resource: dict[str, Any], lang: str) -> dict[str, Any]:
    return {**resource, "title": resource["preferredLabel"].get(lang, "")}


def error(status: int, message: str) -> tuple[int, bytes]:
    body = {"logref": "BadInputException", "status": status, "message": message, "_links": None}
    return status, json.dumps(body).encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        fake: FakeEsco = self.server.fake  # type: ignore[attr-defined]
        fake.log.append(self.path)
        url = urllib.parse.urlsplit(self.path)
        status, body = fake.answer(url.path, dict(urllib.parse.parse_qsl(url.query)))
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and went away is part of the tests


@pytest.fixture
def esco() -> Iterator[FakeEsco]:
    server = QuietServer(("127.0.0.1", 0), Handler)
    fake = FakeEsco()
    server.fake = fake  # type: ignore[attr-defined]
    fake.base_url = f"http://127.0.0.1:{server.server_port}/esco/api"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join()


def download(esco: FakeEsco, dest: Path, **options: Any) -> Path:
    options.setdefault("backoff", 0)
    options.setdefault("page_size", 2)
    return download_esco(VERSION, ["en", "nl"], dest, base_url=esco.base_url, **options)


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def rows_by_uri(path: Path) -> dict[str, dict[str, str]]:
    header, *rows = read(path)
    return {row[1]: dict(zip(header, row, strict=True)) for row in rows}


def leftovers(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir() if p.name.endswith((".partial", ".old")))


def requested(esco: FakeEsco, endpoint: str, **params: str) -> list[str]:
    return [
        line
        for line in esco.log
        if urllib.parse.urlsplit(line).path.endswith("/" + endpoint)
        and all(f"{k}={v}" in line for k, v in params.items())
    ]


def test_writes_the_official_files_with_their_exact_headers(esco: FakeEsco, tmp_path: Path):
    folder = download(esco, tmp_path)

    assert folder == tmp_path / "esco-v1.2.0"
    assert {p.name for p in folder.iterdir()} == OUTPUT_FILES
    for name in OUTPUT_FILES - {"esco-download.json"}:
        raw = (folder / name).read_bytes()
        base = name.removesuffix(".csv").removesuffix("_en").removesuffix("_nl")
        assert raw.startswith(HEADERS[base].encode() + b"\r\n"), name  # no BOM, CRLF as official
    assert sorted(p.name for p in tmp_path.iterdir()) == ["esco-v1.2.0"]  # no cache, no partial


def test_occupation_rows(esco: FakeEsco, tmp_path: Path):
    folder = download(esco, tmp_path)

    en = rows_by_uri(folder / "occupations_en.csv")
    assert list(en) == sorted([O_DEV, O_MOBILE, O_TESTER])
    assert en[O_DEV] == {
        "conceptType": "Occupation",
        "conceptUri": O_DEV,
        "iscoGroup": "2512",
        "preferredLabel": "software developer",
        "altLabels": "programmer\nsoftware engineer",
        "hiddenLabels": "",
        "status": "released",
        "modifiedDate": "",
        "regulatedProfessionNote": "http://data.europa.eu/esco/regulated-professions/unregulated",
        "scopeNote": "",
        "definition": "",
        "inScheme": f"{SCHEME}occupations,\n{SCHEME}member-occupations",
        "description": "Software developers implement or program all kinds of software systems, "
        "based on specifications and designs.",
        "code": "2512.4",
    }
    # A narrower occupation has no ISCO link; its code starts with the ISCO group.
    assert en[O_MOBILE]["iscoGroup"] == "2512"
    assert en[O_MOBILE]["hiddenLabels"] == "app coder\napp builder"
    assert en[O_MOBILE]["scopeNote"] == "Excludes web developers."
    assert en[O_TESTER]["regulatedProfessionNote"].endswith("/regulated")
    assert en[O_TESTER]["definition"] == (
        "A software tester checks software against its specification."
    )

    nl = rows_by_uri(folder / "occupations_nl.csv")
    assert nl[O_DEV]["preferredLabel"] == "softwareontwikkelaar"
    assert nl[O_DEV]["altLabels"] == "programmeur\nsoftware-engineer"
    assert nl[O_MOBILE]["hiddenLabels"] == "app-bouwer"
    assert nl[O_TESTER]["description"] == "Softwaretesters voeren softwaretests uit."


def test_skill_and_group_rows(esco: FakeEsco, tmp_path: Path):
    folder = download(esco, tmp_path)

    skills = rows_by_uri(folder / "skills_en.csv")
    assert {uri: (row["skillType"], row["reuseLevel"]) for uri, row in skills.items()} == {
        K_PROG: ("knowledge", "cross-sector"),
        K_PY: ("knowledge", "sector-specific"),
        S_MOBILE: ("skill/competence", "occupation-specific"),
        S_TEAMS: ("skill/competence", "transversal"),
    }
    assert skills[K_PY]["inScheme"] == f"{SCHEME}member-skills,\n{SCHEME}skills,\n{SCHEME}digital"
    assert skills[K_PY]["hiddenLabels"] == "pyhton"
    assert skills[S_TEAMS]["description"] == (
        "Work confidently within a group,\neach doing their part in the service of the whole."
    )
    nl = rows_by_uri(folder / "skills_nl.csv")
    assert nl[K_PROG]["preferredLabel"] == "computerprogrammering"

    isco = read(folder / "ISCOGroups_nl.csv")
    assert [row[:4] for row in isco[1:]] == [
        ["ISCOGroup", ISCO + "2", "2", "Intellectuele, wetenschappelijke en artistieke beroepen"],
        [
            "ISCOGroup",
            ISCO + "25",
            "25",
            "Specialisten op het gebied van informatie- en communicatietechnologie",
        ],
        ["ISCOGroup", ISCO + "251", "251", "Ontwerpers en analisten van software en applicaties"],
        ["ISCOGroup", ISCO + "2512", "2512", "Softwareontwikkelaars"],
    ]

    groups = rows_by_uri(folder / "skillGroups_en.csv")
    assert {uri: row["code"] for uri, row in groups.items()} == {
        G_S: "S",
        G_S5: "S5",
        I06: "",
        I0613: "",
    }
    # Skill groups join their schemes with a bare newline, as the official file does.
    assert groups[I06]["inScheme"] == f"{SCHEME}isced-f\n{SCHEME}skills\n{SCHEME}skills-hierarchy"
    assert groups[G_S5]["scopeNote"] == "Excludes:\n- programming computer systems"


def test_relation_files(esco: FakeEsco, tmp_path: Path):
    folder = download(esco, tmp_path)

    assert read(folder / "occupationSkillRelations.csv")[1:] == sorted(
        [
            [O_DEV, "essential", "knowledge", K_PROG],
            [O_DEV, "essential", "skill/competence", S_TEAMS],
            [O_DEV, "optional", "knowledge", K_PY],
            [O_MOBILE, "essential", "knowledge", K_PROG],
            [O_MOBILE, "essential", "skill/competence", S_MOBILE],
            [O_TESTER, "essential", "knowledge", K_PROG],
            [O_TESTER, "optional", "skill/competence", S_TEAMS],
        ]
    )
    assert read(folder / "skillSkillRelations.csv")[1:] == [
        [S_MOBILE, "skill/competence", "essential", "knowledge", K_PROG],
        [S_MOBILE, "skill/competence", "optional", "knowledge", K_PY],
    ]
    assert read(folder / "broaderRelationsOccPillar.csv")[1:] == sorted(
        [
            ["ISCOGroup", ISCO + "25", "ISCOGroup", ISCO + "2"],
            ["ISCOGroup", ISCO + "251", "ISCOGroup", ISCO + "25"],
            ["ISCOGroup", ISCO + "2512", "ISCOGroup", ISCO + "251"],
            ["Occupation", O_DEV, "ISCOGroup", ISCO + "2512"],
            ["Occupation", O_MOBILE, "Occupation", O_DEV],
            ["Occupation", O_TESTER, "ISCOGroup", ISCO + "2512"],
        ]
    )
    assert read(folder / "broaderRelationsSkillPillar.csv")[1:] == sorted(
        [
            ["KnowledgeSkillCompetence", K_PROG, "SkillGroup", I0613],
            ["KnowledgeSkillCompetence", K_PY, "KnowledgeSkillCompetence", K_PROG],
            ["KnowledgeSkillCompetence", K_PY, "SkillGroup", I0613],
            ["KnowledgeSkillCompetence", S_MOBILE, "SkillGroup", G_S5],
            ["KnowledgeSkillCompetence", S_TEAMS, "SkillGroup", G_S],
            ["SkillGroup", G_S5, "SkillGroup", G_S],
            ["SkillGroup", I0613, "SkillGroup", I06],  # given twice by the API, written once
        ]
    )


def test_pages_by_page_index_and_reports_progress(esco: FakeEsco, tmp_path: Path):
    calls: list[tuple[str, int, int | None]] = []
    download(esco, tmp_path, progress=lambda *call: calls.append(call))

    skill_pages = requested(esco, "resource/skill", language="en")
    assert len(skill_pages) == 2
    assert "limit=2&offset=0" in skill_pages[0] and "limit=2&offset=1" in skill_pages[1]
    assert all("selectedVersion=v1.2.0" in line for line in esco.log)
    last = {stage: (done, total) for stage, done, total in calls}
    assert last == {
        "ISCOGroups_en": (4, 4),
        "occupations_en": (3, 3),
        "skillGroups_en": (4, 4),
        "skills_en": (4, 4),
        "ISCOGroups_nl": (4, 4),
        "occupations_nl": (3, 3),
        "skillGroups_nl": (4, 4),
        "skills_nl": (4, 4),
        "writing": (12, 12),
    }


def test_manifest(esco: FakeEsco, tmp_path: Path):
    manifest = json.loads((download(esco, tmp_path) / "esco-download.json").read_text())

    assert manifest["version"] == "v1.2.0"
    assert manifest["languages"] == ["en", "nl"]
    assert manifest["source"] == esco.base_url
    assert manifest["rows"]["skills_nl.csv"] == 4
    assert manifest["rows"]["occupationSkillRelations.csv"] == 7
    assert manifest["skipped"] == []


def test_retries_a_server_error(esco: FakeEsco, tmp_path: Path):
    failures = iter([(500, b'{"status": 500, "message": "busy"}')])

    def once(path: str, query: dict[str, str]) -> tuple[int, bytes] | None:
        return next(failures, None) if path.endswith("/resource/skill") else None

    esco.fault = once
    folder = download(esco, tmp_path)

    first_page = requested(esco, "resource/skill", language="en", offset="0")
    assert len(first_page) == 2 and first_page[0] == first_page[1]
    assert len(read(folder / "skills_en.csv")) == 5


def test_retries_a_timeout(esco: FakeEsco, tmp_path: Path):
    slow = iter([True])

    def stall(path: str, query: dict[str, str]) -> None:
        if path.endswith("/resource/occupation") and next(slow, False):
            time.sleep(1.0)

    esco.fault = stall
    folder = download(esco, tmp_path, timeout=0.3)

    assert len(requested(esco, "resource/occupation", language="en", offset="0")) == 2
    assert len(read(folder / "occupations_en.csv")) == 4


def test_a_client_error_fails_clearly_and_leaves_no_output(esco: FakeEsco, tmp_path: Path):
    esco.fault = lambda path, query: (
        error(404, "Resource not found") if path.endswith("/resource/occupation") else None
    )

    with pytest.raises(EscoDownloadError) as caught:
        download(esco, tmp_path)

    message = str(caught.value)
    assert "/esco/api/resource/occupation?" in message
    assert "HTTP 404" in message and "Resource not found" in message
    assert caught.value.status == 404
    assert len(requested(esco, "resource/occupation")) == 1  # a 4xx is not retried
    assert not (tmp_path / "esco-v1.2.0").exists()
    assert leftovers(tmp_path) == []


def test_invalid_json_fails_clearly_and_leaves_no_output(esco: FakeEsco, tmp_path: Path):
    esco.fault = lambda path, query: (
        (200, b"<html>Scheduled maintenance</html>") if path.endswith("/resource/concept") else None
    )

    with pytest.raises(EscoDownloadError, match="not valid JSON") as caught:
        download(esco, tmp_path)

    assert "/esco/api/resource/concept?" in str(caught.value)
    assert not (tmp_path / "esco-v1.2.0").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("version", ["1.2.0", "v1.2", "latest", "v1.2.0-nl", ""])
def test_a_malformed_version_fails_before_any_request(esco: FakeEsco, tmp_path: Path, version: str):
    with pytest.raises(EscoDownloadError, match="not an ESCO version"):
        download_esco(version, ["nl"], tmp_path, base_url=esco.base_url)

    assert esco.log == []


def test_a_version_the_api_lacks_fails_on_the_first_request(esco: FakeEsco, tmp_path: Path):
    with pytest.raises(EscoDownloadError) as caught:
        download_esco("v9.9.9", ["nl", "en"], tmp_path, base_url=esco.base_url, backoff=0)

    assert "does not serve version v9.9.9 in language 'nl'" in str(caught.value)
    assert "HTTP 400" in str(caught.value) and "Invalid ESCO version" in str(caught.value)
    assert len(esco.log) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("languages", [["nl", "xx"], ["nl", "nb"], []])
def test_an_unknown_language_fails_before_any_request(
    esco: FakeEsco, tmp_path: Path, languages: list[str]
):
    with pytest.raises(EscoDownloadError) as caught:
        download_esco(VERSION, languages, tmp_path, base_url=esco.base_url)

    for unknown in set(languages) - {"nl"}:
        assert unknown in str(caught.value)
    assert "bg cs da de el en es" in str(caught.value)
    assert esco.log == []


class Interrupted(Exception):
    pass


def test_an_interrupted_download_resumes_from_its_cache(esco: FakeEsco, tmp_path: Path):
    reference = download(esco, tmp_path / "reference")
    esco.log.clear()

    def interrupt(stage: str, done: int, total: int | None) -> None:
        if stage == "skills_en":
            raise Interrupted

    with pytest.raises(Interrupted):
        download(esco, tmp_path / "data", progress=interrupt)
    assert not (tmp_path / "data" / "esco-v1.2.0").exists()
    assert leftovers(tmp_path / "data") == []
    first_run = set(esco.log)
    esco.log.clear()

    folder = download(esco, tmp_path / "data")

    assert esco.log and first_run.isdisjoint(esco.log)  # nothing fetched twice
    for name in OUTPUT_FILES - {"esco-download.json"}:
        assert (folder / name).read_bytes() == (reference / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["esco-v1.2.0"]


def test_a_record_the_api_cannot_serve_is_skipped_and_reported(
    esco: FakeEsco, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    def broken_record(path: str, query: dict[str, str]) -> tuple[int, bytes] | None:
        # ESCO has had records that make every page holding them fail.
        page = (query.get("limit"), query.get("offset"))
        if path.endswith("/resource/skill") and page in {("2", "1"), ("1", "3")}:
            return 500, b'{"message": "More than one value found for field hasSkillType"}'
        return None

    esco.fault = broken_record
    with caplog.at_level(logging.WARNING):
        folder = download(esco, tmp_path)

    assert S_TEAMS not in rows_by_uri(folder / "skills_en.csv")
    assert set(rows_by_uri(folder / "skills_nl.csv")) == {K_PROG, K_PY, S_MOBILE}
    # Relations to it stay, typed by what the occupation's link says.
    assert [O_DEV, "essential", "skill/competence", S_TEAMS] in read(
        folder / "occupationSkillRelations.csv"
    )
    skipped = json.loads((folder / "esco-download.json").read_text())["skipped"]
    assert len(skipped) == 2
    assert skipped[0].startswith("skills_en record 3: ") and "HTTP 500" in skipped[0]
    assert "skills_en record 3" in caplog.text


def test_paging_that_does_not_add_up_is_an_error(esco: FakeEsco, tmp_path: Path):
    esco.fault = lambda path, query: (
        (200, esco.page("skill", {**query, "offset": "0"}))
        if path.endswith("/resource/skill")
        else None
    )

    with pytest.raises(EscoDownloadError, match="reports 4 skills in 'en', but its pages held 2"):
        download(esco, tmp_path)

    assert not (tmp_path / "esco-v1.2.0").exists()


def test_a_page_that_fails_for_every_record_is_an_error(esco: FakeEsco, tmp_path: Path):
    esco.fault = lambda path, query: (503, b"") if path.endswith("/resource/skill") else None

    with pytest.raises(EscoDownloadError, match="HTTP 503") as caught:
        download(esco, tmp_path, retries=1)

    assert caught.value.status == 503
    assert not (tmp_path / "esco-v1.2.0").exists()
    assert leftovers(tmp_path) == []


def test_replaces_an_earlier_download_of_the_version(esco: FakeEsco, tmp_path: Path):
    old = tmp_path / "esco-v1.2.0"
    old.mkdir()
    (old / "occupations_de.csv").write_text("stale\n")

    folder = download(esco, tmp_path)

    assert folder == old
    assert not (folder / "occupations_de.csv").exists()
    assert {p.name for p in folder.iterdir()} == OUTPUT_FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["esco-v1.2.0"]
