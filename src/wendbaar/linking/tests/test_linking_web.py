"""The linker behind the portal, the API and the CLI, on a small imported taxonomy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from wendbaar.cli import main
from wendbaar.linking import service
from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.tests.esco_files import OCC, SKILL, write_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy(tmp_path: Path) -> Iterator[None]:
    import_esco([write_release(tmp_path / "v1.1.1")])
    service.reset()
    yield
    service.reset()


def test_api_links_dutch_compound_to_occupation(client: Client, taxonomy: None) -> None:
    response = client.post(
        "/api/v1/link",
        {"texts": ["monteur warmtepompen", "", "🙂"], "kind": "occupation", "lang": "nl"},
        content_type="application/json",
    )
    assert response.status_code == 200
    first, empty, emoji = response.json()["results"]
    best = first["candidates"][0]
    assert best["uri"] == OCC + "heat-pump"
    assert best["display_label"] == "warmtepompmonteur" and best["display_lang"] == "nl"
    assert set(best["stages"]) == {"lexical", "dense"}
    assert empty == {"text": "", "candidates": []}
    assert emoji["candidates"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"texts": ["x" * 1001]}, "texts"),
        ({"texts": ["a"] * 101}, "texts"),
        ({"texts": []}, "texts"),
        ({"texts": ["a"], "kind": "planet"}, "kind"),
        ({"texts": ["a"], "top": 500}, "top"),
    ],
)
def test_api_limits_are_explained(client: Client, taxonomy: None, body: dict, field: str) -> None:
    response = client.post("/api/v1/link", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_find_page_without_javascript(client: Client, taxonomy: None) -> None:
    page = client.get("/wat-kun-je/", {"q": "boekhouding doen"}).content.decode()
    assert "Dit hebben we gevonden" in page
    assert "boekhouding" in page
    long = client.get("/wat-kun-je/", {"q": "x" * 1001}).content.decode()
    assert 'aria-invalid="true"' in long and 'role="alert"' in long
    assert 'value="' + "x" * 1001 + '"' in long


def test_cli_link_and_batch(taxonomy: None, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["link", "warmtepompen installeren", "--kind", "skill", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["candidates"][0]["uri"] == SKILL + "install-heat-pumps"
    batch = tmp_path / "titles.txt"
    batch.write_text("boekhouder\n\n" + "y" * 1001 + "\nverpleegkundige\n", encoding="utf-8")
    assert main(["link", "--batch", str(batch), "--kind", "occupation"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["text"][:10] for line in lines] == ["boekhouder", "", "y" * 10, "verpleegku"]
    assert lines[0]["candidates"][0]["uri"] == OCC + "bookkeeper"
    assert lines[1]["candidates"] == []
    assert "too long" in lines[2]["error"]
    assert lines[3]["candidates"][0]["uri"] == OCC + "nurse"


def test_api_extract_finds_spans(client: Client, taxonomy: None) -> None:
    text = "Ik werkte als boekhouder. Daarna ging ik warmtepompen installeren."
    response = client.post(
        "/api/v1/extract", {"texts": [text], "lang": "nl"}, content_type="application/json"
    )
    assert response.status_code == 200
    mentions = response.json()["results"][0]["mentions"]
    found = {m["candidates"][0]["uri"]: m for m in mentions}
    assert OCC + "bookkeeper" in found and SKILL + "install-heat-pumps" in found
    span = found[OCC + "bookkeeper"]
    assert text[span["start"] : span["end"]] == span["text"]
    too_many = client.post(
        "/api/v1/extract", {"texts": ["a"] * 11}, content_type="application/json"
    )
    assert too_many.status_code == 400


def test_cli_extract(taxonomy: None, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    cv = tmp_path / "cv.txt"
    cv.write_text("Ervaring: verpleegkundige in de thuiszorg.\n", encoding="utf-8")
    assert main(["extract", str(cv), "--lang", "nl", "--json"]) == 0
    mentions = json.loads(capsys.readouterr().out)["mentions"]
    assert mentions[0]["candidates"][0]["uri"] == OCC + "nurse"
    binary = tmp_path / "cv.pdf"
    binary.write_bytes(b"%PDF-1.4\xff\xfe\x00")
    assert main(["extract", str(binary)]) == 1
    assert "cannot be read as UTF-8 text" in capsys.readouterr().err


def test_crosswalk_suggest_agreement_and_review(
    client: Client, taxonomy: None, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from wendbaar.taxonomy.models import Mapping

    reference = tmp_path / "sector.csv"
    reference.write_text(
        "code,naam,doel,soort\n"
        f"A,Warmtepompen installeren,{SKILL}install-heat-pumps,exactMatch\n"
        f"B,Boekhouding,{SKILL}bookkeeping,closeMatch\n",
        encoding="utf-8",
    )
    args = [
        "crosswalk",
        "import",
        str(reference),
        "--scheme",
        "sector",
        "--source-column",
        "code",
        "--label-column",
        "naam",
        "--target-column",
        "doel",
        "--relation-column",
        "soort",
        "--concepts-only",
    ]
    assert main(args) == 0
    service.reset()
    assert main(["crosswalk", "suggest", "sector"]) == 0
    assert "suggestions added for 2 of 2 concepts" in capsys.readouterr().out
    suggested = Mapping.objects.filter(status="suggested", source__scheme__code="sector")
    assert {m.target.uri for m in suggested} >= {
        SKILL + "install-heat-pumps",
        SKILL + "bookkeeping",
    }
    assert all(0 < (m.confidence or 0) <= 1 for m in suggested)
    assert (
        main(
            [
                "crosswalk",
                "agreement",
                "sector",
                str(reference),
                "--source-column",
                "code",
                "--target-column",
                "doel",
                "--relation-column",
                "soort",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["reference_concepts"] == 2
    assert report["top1_in_reference_exact_or_close"] == 1.0
    editor = get_user_model().objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="change_mapping"))
    client.force_login(editor)
    page = client.get("/beroepen-en-vaardigheden/koppelingen/sector/").content.decode()
    assert "Warmtepompen installeren" in page and "voorgesteld" in page


def test_cli_linking_build_reports_the_cache(taxonomy: None, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["linking", "build"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("Linker ready: 10 concepts")
    service.reset()
    assert main(["linking", "build"]) == 0
    assert "0 labels encoded" in capsys.readouterr().out
