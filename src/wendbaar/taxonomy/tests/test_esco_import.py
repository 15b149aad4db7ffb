"""ESCO import into the database: changes, idempotency, upgrades, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from wendbaar.taxonomy.esco_csv import EscoFormatError
from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.models import (
    Concept,
    ConceptScheme,
    ImportRun,
    Label,
    Relation,
    SchemeRelease,
)
from wendbaar.taxonomy.runs import progress_key

from .esco_files import OCC, OCCUPATIONS, RELATIONS, SKILL, SKILLS, write_release

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple:
    return (
        sorted(Concept.objects.values_list("uri", "kind", "deprecated", "content_hash")),
        sorted(Label.objects.values_list("concept__uri", "lang", "kind", "text")),
        sorted(Relation.objects.values_list("source__uri", "kind", "target__uri")),
        list(ConceptScheme.objects.values_list("code", "version")),
    )


def test_first_import_creates_concepts_labels_and_relations(tmp_path: Path) -> None:
    summary = import_esco([write_release(tmp_path / "v1.1.1")])
    assert summary["version"] == "v1.1.1"
    assert summary["concepts"]["added"] == {
        "isco_group": 3,
        "knowledge": 1,
        "occupation": 3,
        "skill": 3,
    }
    assert summary["relations"]["added"] == {"essential": 4, "optional": 1}
    heat_pump = Concept.objects.get(uri=OCC + "heat-pump")
    assert heat_pump.kind == "occupation" and heat_pump.code == "7127.1"
    assert heat_pump.attributes["isco_group"] == "7127"
    labels = set(heat_pump.labels.values_list("lang", "kind", "text"))
    assert labels == {
        ("en", "pref", "heat pump installer"),
        ("en", "alt", "heat pump fitter"),
        ("nl", "pref", "warmtepompmonteur"),
        ("nl", "alt", "monteur warmtepompen"),
    }
    assert Label.objects.get(text="warmtepompmonteur").search_text == "warmtepompmonteur"
    assert Concept.objects.get(uri=SKILL + "bookkeeping").kind == "knowledge"
    assert Concept.objects.get(uri="http://data.europa.eu/esco/isco/C7127").scheme.code == "isco-08"
    essential = Relation.objects.filter(source=heat_pump, kind="essential")
    assert {r.target.uri for r in essential} == {SKILL + "install-heat-pumps", SKILL + "safety"}
    run = ImportRun.objects.get()
    assert run.status == "succeeded" and run.summary["total_changes"] == summary["total_changes"]


def test_identical_second_import_reports_no_changes(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "v1.1.1")
    import_esco([folder])
    before = _snapshot()
    summary = import_esco([folder])
    assert summary["total_changes"] == 0
    assert _snapshot() == before
    assert SchemeRelease.objects.count() == 1


def test_newer_version_reports_added_changed_and_deprecated(tmp_path: Path) -> None:
    import_esco([write_release(tmp_path / "v1.1.1")])
    nurse = Concept.objects.get(uri=OCC + "nurse")
    occupations = {k: v for k, v in OCCUPATIONS.items() if k != "nurse"}
    occupations["bookkeeper"] = (
        "4311",
        "bookkeeper",
        "boekhouder",
        ["ledger clerk"],
        ["administrateur"],
    )
    occupations["installer"] = ("7411", "solar panel installer", "zonnepaneelmonteur", [], [])
    relations = [rel for rel in RELATIONS if rel[0] != "nurse"]
    summary = import_esco(
        [write_release(tmp_path / "v1.2.0", occupations=occupations, relations=relations)]
    )
    assert summary["previous_version"] == "v1.1.1"
    assert summary["concepts"]["added"] == {"occupation": 1}
    assert summary["concepts"]["changed"] == {"occupation": 1}
    assert summary["concepts"]["deprecated"] == {"occupation": 1}
    assert summary["samples"]["deprecated_occupation"] == [OCC + "nurse"]
    assert summary["relations"]["removed"] == {"essential": 1, "optional": 0}
    nurse.refresh_from_db()
    # Kept, with its labels, so whatever refers to it keeps working.
    assert nurse.deprecated and nurse.last_release == "v1.1.1"
    assert nurse.labels.filter(lang="nl", kind="pref").get().text == "verpleegkundige"
    assert Concept.objects.get(uri=OCC + "installer").first_release == "v1.2.0"
    assert ConceptScheme.objects.get(code="esco").version == "v1.2.0"
    assert Concept.objects.get(uri=OCC + "bookkeeper").last_release == "v1.2.0"


def test_concept_that_returns_is_reinstated(tmp_path: Path) -> None:
    import_esco([write_release(tmp_path / "v1.1.1")])
    occupations = {k: v for k, v in OCCUPATIONS.items() if k != "nurse"}
    import_esco([write_release(tmp_path / "v1.2.0", occupations=occupations)])
    summary = import_esco([write_release(tmp_path / "v1.2.1")])
    assert summary["concepts"]["reinstated"] == {"occupation": 1}
    assert not Concept.objects.get(uri=OCC + "nurse").deprecated


def test_language_only_release_keeps_other_languages(tmp_path: Path) -> None:
    import_esco([write_release(tmp_path / "v1.1.1")])
    occupations = dict(OCCUPATIONS)
    occupations["nurse"] = ("2221", "nurse", "verpleegkundige niveau 4", [], [])
    summary = import_esco(
        [
            write_release(
                tmp_path / "v1.2.0", occupations=occupations, langs=("nl",), with_relations=False
            )
        ]
    )
    assert summary["concepts"]["changed"] == {"occupation": 1}
    nurse = Concept.objects.get(uri=OCC + "nurse")
    assert set(nurse.labels.filter(kind="pref").values_list("lang", "text")) == {
        ("en", "nurse responsible for general care"),
        ("nl", "verpleegkundige niveau 4"),
    }
    assert Relation.objects.filter(source=nurse).count() == 1


def test_relation_to_unknown_concept_makes_placeholder(tmp_path: Path) -> None:
    relations = [*RELATIONS, ("heat-pump", "optional", "not-described")]
    summary = import_esco([write_release(tmp_path / "v1.1.1", relations=relations)])
    assert summary["concepts"]["placeholders"] == {"skill": 1}
    placeholder = Concept.objects.get(uri=SKILL + "not-described")
    assert placeholder.placeholder and not placeholder.labels.exists()
    skills = {**SKILLS, "not-described": ("skill/competence", "described later", None)}
    summary = import_esco([write_release(tmp_path / "v1.1.2", skills=skills, relations=relations)])
    placeholder.refresh_from_db()
    assert not placeholder.placeholder
    assert summary["concepts"]["changed"] == {"skill": 1}


def test_failure_halfway_leaves_database_exactly_as_it_was(tmp_path: Path) -> None:
    import_esco([write_release(tmp_path / "v1.1.1")])
    before = _snapshot()
    broken = write_release(
        tmp_path / "v1.2.0",
        occupations={
            "carpenter": ("7115", "carpenter", "timmerman", [], []),
            **OCCUPATIONS,
        },
    )
    # The concept files are fine and get written first; the relations file breaks at line 4.
    with (broken / "occupationSkillRelations.csv").open("a", encoding="utf-8") as handle:
        handle.write('http://o,essential,"knowledge\n')
    with pytest.raises(
        EscoFormatError, match=r"occupationSkillRelations.csv, line \d+: broken CSV"
    ):
        import_esco([broken])
    assert _snapshot() == before
    failed = ImportRun.objects.filter(status="failed").get()
    assert "broken CSV" in failed.error


def test_bad_header_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "v1.1.1")
    (folder / "skills_en.csv").write_text("conceptUri,preferredLabel\nhttp://s,x\n")
    with pytest.raises(EscoFormatError, match=r"skills_en\.csv, line 1: missing columns"):
        import_esco([folder])
    assert not Concept.objects.exists()
    assert not ImportRun.objects.exists()


def test_progress_is_published_for_the_portal(tmp_path: Path) -> None:
    import_esco([write_release(tmp_path / "v1.1.1")])
    run = ImportRun.objects.get()
    state = cache.get(progress_key(run.pk))
    assert state["stage"].endswith("occupationSkillRelations.csv")
    assert state["done"] == state["total"] > 0
