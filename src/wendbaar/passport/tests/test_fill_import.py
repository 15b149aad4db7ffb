"""Route 5: another passport system's export (CSV or JSON) through a crosswalk."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wendbaar.demo.loader import load_demo
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import ClaimSource, SkillClaim, ValidationLevel
from wendbaar.passport.passport_import import (
    ImportFormatError,
    apply_import,
    importable_schemes,
    plan_import,
    read_rows,
)
from wendbaar.passport.tests.fill_fixtures import make_user, skill
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# A small self-made export of an imaginary sector passport ("Vakpas"), semicolon-separated
# as Dutch spreadsheets write it. Five codes: two exact, one close, one only broad, one unknown.
CSV = (
    "code;label;level;last_used\n"
    "VP-01;Boekhouding bijhouden;3;2023-06\n"
    "VP-02;Facturen maken;expert;2022\n"
    "VP-03;Salaris uitrekenen;;\n"
    "VP-04;Financieel beleid;basic;2020-01-15\n"
    "VP-99;Onbekend;;\n"
)


@pytest.fixture
def vakpas(db: None) -> ConceptScheme:
    load_demo()
    scheme = ConceptScheme.objects.create(
        code="vakpas", uri="urn:vakpas", kind="external", titles={"nl": "Vakpas", "en": "Vakpas"}
    )
    targets = {
        "VP-01": ("boekhouden", "exactMatch", "accepted"),
        "VP-02": ("facturen-verwerken", "exactMatch", "accepted"),
        "VP-03": ("salarissen-verwerken", "closeMatch", "accepted"),
        "VP-04": ("budgetten-bewaken", "broadMatch", "accepted"),
    }
    for code, (target, relation, status) in targets.items():
        source = Concept.objects.create(
            scheme=scheme, uri=f"urn:vakpas:{code}", kind="external", code=code
        )
        Mapping.objects.create(
            source=source, target=skill(target), relation=relation, status=status
        )
    # A suggested (unreviewed) mapping never counts.
    source = Concept.objects.get(code="VP-04")
    Mapping.objects.create(
        source=source, target=skill("boekhouden"), relation="exactMatch", status="suggested"
    )
    return scheme


def test_only_schemes_with_accepted_mappings_are_offered(vakpas: ConceptScheme) -> None:
    assert importable_schemes() == [vakpas]


def test_csv_maps_through_the_crosswalk_and_reports_the_rest(vakpas: ConceptScheme) -> None:
    plan = plan_import(vakpas, read_rows("vakpas.csv", CSV.encode("utf-8-sig")))
    assert [(m.row.code, m.target.code, m.relation) for m in plan.mapped] == [
        ("VP-01", "boekhouden", "exactMatch"),
        ("VP-02", "facturen-verwerken", "exactMatch"),
        ("VP-03", "salarissen-verwerken", "closeMatch"),
    ]
    assert [(u.row.line, u.row.code) for u in plan.unmapped] == [(5, "VP-04"), (6, "VP-99")]
    assert "no accepted exact or close mapping" in plan.unmapped[0].reason
    assert "not in Vakpas" in plan.unmapped[1].reason
    assert not SkillClaim.objects.exists()  # planning stores nothing
    passport = passport_of(make_user("anna"))
    apply_import(passport, plan)
    claims = {c.concept.code: c for c in SkillClaim.objects.select_related("concept")}
    assert set(claims) == {"boekhouden", "facturen-verwerken", "salarissen-verwerken"}
    first = claims["boekhouden"]
    assert (first.source, first.level, first.proficiency, first.last_used) == (
        ClaimSource.IMPORT,
        ValidationLevel.SELF_DECLARED,
        3,
        date(2023, 6, 30),
    )
    assert first.source_concept == Concept.objects.get(code="VP-01")
    assert claims["facturen-verwerken"].proficiency == 4
    assert claims["facturen-verwerken"].last_used == date(2022, 12, 31)


def test_json_shape_and_duplicates(vakpas: ConceptScheme) -> None:
    data = {
        "skills": [{"code": "VP-01", "level": 2}, {"code": "urn:vakpas:VP-02"}, {"code": "VP-01"}]
    }
    plan = plan_import(vakpas, read_rows("export.json", json.dumps(data).encode()))
    assert [m.target.code for m in plan.mapped] == ["boekhouden", "facturen-verwerken"]
    assert "already" in plan.unmapped[0].reason and plan.unmapped[0].row.line == 3
    bare = read_rows("x.json", json.dumps([{"code": 7}]).encode())
    assert bare[0].code == "7"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("a.csv", "label;level\nx;1\n", "“code”"),
        ("a.csv", "code;level\nVP-01;9\n", "line 2"),
        ("a.csv", "code,last_used\nVP-01,gisteren\n", "not a date"),
        ("a.csv", "code\n\n", "no skills"),
        ("a.json", "{nope", "not valid JSON"),
        ("a.json", '{"skills": {"code": 1}}', "expected a list"),
        ("a.json", '{"skills": ' + "[" * 20 + "]" * 20 + "}", "nests too deeply"),
        ("a.json", "[" * 100_000 + "]" * 100_000, "nests too deeply"),
        ("a.json", '[{"label": "x"}]', "code is missing"),
        ("a.csv", "", "empty"),
        ("a.csv", "code\n" + "1\n" * 1_100_000, "larger than 2 MB"),
        ("a.csv", "\xff", "UTF-8"),
    ],
)
def test_bad_files_are_refused_with_where_and_why(
    vakpas: ConceptScheme, name: str, content: str, words: str
) -> None:
    data = content.encode("latin-1") if content == "\xff" else content.encode("utf-8")
    with pytest.raises(ImportFormatError) as error:
        read_rows(name, data)
    assert words in error.value.message


def test_the_page_reports_then_adds_all_at_once(vakpas: ConceptScheme, client: Client) -> None:
    user = make_user("anna")
    client.force_login(user)
    page = client.post(
        "/en/mijn-paspoort/importeren/",
        {
            "step": "check",
            "scheme": "vakpas",
            "file": SimpleUploadedFile("vakpas.csv", CSV.encode()),
        },
    ).content.decode()
    assert "3 skills can be added" in page and "2 codes could not be translated" in page
    assert "VP-99" in page and not SkillClaim.objects.exists()
    response = client.post(
        "/mijn-paspoort/importeren/",
        {"step": "confirm", "scheme": "vakpas", "name": "vakpas.csv", "payload": CSV},
    )
    assert response.status_code == 302
    assert SkillClaim.objects.filter(passport__owner=user).count() == 3
    bad = client.post(
        "/en/mijn-paspoort/importeren/",
        {"step": "check", "scheme": "vakpas", "file": SimpleUploadedFile("x.csv", b"nothing\n")},
    ).content.decode()
    assert 'role="alert"' in bad and "“code”" in bad
    unknown = client.post("/mijn-paspoort/importeren/", {"step": "confirm", "scheme": "esco"})
    assert unknown.status_code == 404


def test_all_or_nothing(vakpas: ConceptScheme, monkeypatch: pytest.MonkeyPatch) -> None:
    passport = passport_of(make_user("anna"))
    plan = plan_import(vakpas, read_rows("vakpas.csv", CSV.encode()))
    calls = []

    from wendbaar.passport import passport_import

    real = passport_import.add_claim

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(passport_import, "add_claim", failing)
    with pytest.raises(RuntimeError):
        apply_import(passport, plan)
    assert not SkillClaim.objects.exists()
