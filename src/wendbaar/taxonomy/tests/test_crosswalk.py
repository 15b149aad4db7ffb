"""Crosswalks: external schemes and their mappings in and out (CSV/TSV and SKOS)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from wendbaar.errors import InputError
from wendbaar.taxonomy.crosswalk_export import export_mappings
from wendbaar.taxonomy.crosswalk_import import CrosswalkOptions, import_crosswalk
from wendbaar.taxonomy.crosswalk_io import CrosswalkFormatError
from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.models import Concept, Mapping

from .esco_files import SKILL, write_release

pytestmark = pytest.mark.django_db

TABLE = (
    "code;naam;doel;soort\n"
    f"S1;Warmtepompen plaatsen;{SKILL}install-heat-pumps;exact\n"
    f"S2;Boekhouden;{SKILL}bookkeeping;skos:closeMatch\n"
    f"S2;Boekhouden;{SKILL}safety;\n"
    f"S3;Onbekend doel;{SKILL}does-not-exist;broadMatch\n"
)
OPTIONS = CrosswalkOptions(
    scheme="sector",
    scheme_title="Sector skills",
    source_column="code",
    label_column="naam",
    target_column="doel",
    relation_column="soort",
    default_relation="relatedMatch",
)


@pytest.fixture
def esco(tmp_path: Path) -> None:
    import_esco([write_release(tmp_path / "v1.1.1")])


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_table_with_configured_columns(esco: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "sector.csv", TABLE.replace(";", ","))
    summary = import_crosswalk(path, OPTIONS)
    assert summary["concepts_added"] == 3
    assert summary["mappings_added"] == 3
    assert summary["unresolved"] == {
        "rows": 1,
        "distinct_targets": 1,
        "examples": [
            {"line": 5, "source": "urn:wendbaar:sector:S3", "target": SKILL + "does-not-exist"}
        ],
    }
    relations = dict(Mapping.objects.values_list("target__uri", "relation"))
    assert relations == {
        SKILL + "install-heat-pumps": "exactMatch",
        SKILL + "bookkeeping": "closeMatch",
        SKILL + "safety": "relatedMatch",
    }
    s1 = Concept.objects.get(uri="urn:wendbaar:sector:S1")
    assert s1.kind == "external" and s1.code == "S1"
    assert s1.labels.get().text == "Warmtepompen plaatsen"
    assert Mapping.objects.filter(status="accepted", provenance="sector.csv").count() == 3
    again = import_crosswalk(path, OPTIONS)
    assert again["mappings_added"] == 0 and again["mappings_unchanged"] == 3
    assert again["concepts_added"] == again["concepts_changed"] == 0


def test_tsv_is_detected_by_name(esco: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "sector.tsv", TABLE.replace(";", "\t"))
    assert import_crosswalk(path, OPTIONS)["mappings_added"] == 3


def test_concepts_only(esco: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "sector.csv", TABLE.replace(";", ","))
    summary = import_crosswalk(
        path, CrosswalkOptions(**{**OPTIONS.__dict__, "concepts_only": True})
    )
    assert summary["concepts_added"] == 3
    assert not Mapping.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,naam\nS1,x\n", "missing columns: doel, soort"),
        (f"code,naam,doel,soort\nS1,x,{SKILL}safety,sameAs\n", "line 2: unknown relation 'sameAs'"),
        (f"code,naam,doel,soort\n,x,{SKILL}safety,exact\n", "line 2: code is empty"),
        (
            f"code,naam,doel,soort\nS1,x,{SKILL}safety,exact\nS1,x,{SKILL}safety,close\n",
            "line 3: S1 -> " + SKILL + "safety is mapped twice (also on line 2)",
        ),
        ('code,naam,doel,soort\nS1,"x,y,z\n', "broken CSV"),
        ("", "the file is empty"),
    ],
)
def test_bad_tables_change_nothing(esco: None, tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "sector.csv", text)
    before = Concept.objects.count()
    with pytest.raises(CrosswalkFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_crosswalk(path, OPTIONS)
    assert Concept.objects.count() == before
    assert not Mapping.objects.exists()


TURTLE = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/sector/> .
ex:scheme a skos:ConceptScheme .
ex:a a skos:Concept ; skos:inScheme ex:scheme ; skos:notation "A" ;
    skos:prefLabel "Warmtepompen plaatsen"@nl, "Installing heat pumps"@en ;
    skos:altLabel "warmtepomp monteren"@nl ;
    skos:exactMatch <{SKILL}install-heat-pumps> ;
    skos:broader ex:b .
ex:b a skos:Concept ; skos:prefLabel "Installatietechniek"@nl ;
    skos:narrowMatch <{SKILL}safety> ;
    skos:relatedMatch ex:a .
"""


def test_skos_turtle_import(esco: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "sector.ttl", TURTLE)
    summary = import_crosswalk(path, CrosswalkOptions(scheme="sector"))
    assert summary["concepts_added"] == 2
    # ex:b relatedMatch ex:a stays inside the scheme: not a crosswalk row.
    assert summary["mappings_added"] == 2
    a = Concept.objects.get(uri="https://example.org/sector/a")
    assert a.code == "A"
    assert set(a.labels.values_list("lang", "kind", "text")) == {
        ("nl", "pref", "Warmtepompen plaatsen"),
        ("nl", "alt", "warmtepomp monteren"),
        ("en", "pref", "Installing heat pumps"),
    }
    assert Mapping.objects.get(source=a).relation == "exactMatch"


def test_skos_rdfxml_import(esco: None, tmp_path: Path) -> None:
    graph = Graph().parse(data=TURTLE, format="turtle")
    path = _write(tmp_path, "sector.rdf", graph.serialize(format="xml"))
    assert import_crosswalk(path, CrosswalkOptions(scheme="sector"))["mappings_added"] == 2


def test_broken_turtle_is_refused(esco: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "sector.ttl", "@prefix skos: <x> .\nthis is not turtle")
    with pytest.raises(CrosswalkFormatError, match="not valid turtle"):
        import_crosswalk(path, CrosswalkOptions(scheme="sector"))


def test_export_turtle_round_trip(esco: None, tmp_path: Path) -> None:
    import_crosswalk(_write(tmp_path, "sector.csv", TABLE.replace(";", ",")), OPTIONS)
    out = io.StringIO()
    assert export_mappings("sector", "turtle", out, ["accepted"]) == 3
    graph = Graph().parse(data=out.getvalue(), format="turtle")
    s1 = URIRef("urn:wendbaar:sector:S1")
    assert (s1, SKOS.exactMatch, URIRef(SKILL + "install-heat-pumps")) in graph
    assert str(graph.value(s1, SKOS.prefLabel)) == "Warmtepompen plaatsen"
    # The export imports again: same concepts and mappings, nothing new.
    again = import_crosswalk(
        _write(tmp_path, "again.ttl", out.getvalue()), CrosswalkOptions(scheme="sector")
    )
    assert again["concepts_added"] == again["concepts_changed"] == again["mappings_added"] == 0
    assert again["mappings_changed"] == 3  # the same mappings, now from again.ttl
    assert set(Mapping.objects.values_list("provenance", flat=True)) == {"again.ttl"}


def test_scheme_cannot_take_over_concepts_of_another(esco: None, tmp_path: Path) -> None:
    path = _write(tmp_path, "sector.csv", TABLE.replace(";", ","))
    import_crosswalk(path, OPTIONS)
    with pytest.raises(InputError, match="already belongs to another classification"):
        import_crosswalk(
            _write(
                tmp_path,
                "copy.csv",
                TABLE.replace(";", ",").replace("S1,", "urn:wendbaar:sector:S1,"),
            ),
            CrosswalkOptions(**{**OPTIONS.__dict__, "scheme": "copy"}),
        )
    assert Concept.objects.get(uri="urn:wendbaar:sector:S1").scheme.code == "sector"


def test_export_csv_filters_by_status(esco: None, tmp_path: Path) -> None:
    import_crosswalk(_write(tmp_path, "sector.csv", TABLE.replace(";", ",")), OPTIONS)
    Mapping.objects.filter(relation="relatedMatch").update(status="rejected")
    out = io.StringIO()
    assert export_mappings("sector", "csv", out, ["accepted"]) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["source_code"], r["relation"], r["target_label"]) for r in rows] == [
        ("S1", "exactMatch", "warmtepompen installeren"),
        ("S2", "closeMatch", "boekhouding"),
    ]


def test_export_of_unknown_scheme(esco: None) -> None:
    with pytest.raises(CrosswalkFormatError, match="no such scheme"):
        export_mappings("nope", "csv", io.StringIO(), ["accepted"])
