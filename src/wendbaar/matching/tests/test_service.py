"""The engine fed from the database: inputs, caching per process and on disk, signals
loading, the public functions other apps use, and the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from wendbaar import cli
from wendbaar.demo.loader import load_demo
from wendbaar.matching import service, views
from wendbaar.matching.engine.tables import TableError
from wendbaar.matching.models import TensionFigure, WageFigure
from wendbaar.matching.signals_import import import_tension, load_matching_demo_if_empty
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import SkillClaim
from wendbaar.taxonomy.models import Concept, ImportRun

from .conftest import ADMIN_ASSISTANT, SECRETARY, essential_skills, make_person, skill

pytestmark = pytest.mark.django_db


def test_profiles_from_the_database_match_the_demo(demo: None) -> None:
    data = service.profiles_from_database()
    profiles = data.profiles
    assert (len(profiles), len(profiles.skills)) == (32, 312)
    o = profiles.index[ADMIN_ASSISTANT]
    essential = {profiles.skills.uris[s] for s in profiles.essential_of(o)}
    assert essential == set(essential_skills(ADMIN_ASSISTANT))
    assert len(profiles.optional_of(o)) == 10
    assert profiles.skills.in_collection("green").sum() > 0
    assert profiles.skills.related.nnz > 0  # the demo has skill-skill relations
    assert data.concept_ids[ADMIN_ASSISTANT] == Concept.objects.get(uri=ADMIN_ASSISTANT).pk


def test_labour_market_from_the_loaded_figures(demo: None) -> None:
    engine = service.get_engine()
    market = engine.market
    assert market is not None
    signals = market[engine.profiles.index[ADMIN_ASSISTANT]]
    assert (signals.brc, signals.brc_label) == ("0431", "Administratief werk (demo)")
    assert signals.wage is not None and signals.wage.p50 == 18.5
    assert market.tension is not None
    amsterdam = market.tension.get("0431", "Groot Amsterdam")
    zwolle = market.tension.get("0431", "Zwolle")
    assert amsterdam is not None and amsterdam.value == 0.55
    assert zwolle is not None and zwolle.region == "Nederland"  # national fallback
    electrician = engine.profiles.index[service.resolve_occupation("elektromonteur") or ""]
    assert "energy" in market[electrician].sectors
    assert market.shortage(None)[electrician]


def test_engine_is_cached_and_rebuilt_only_when_inputs_change(demo: None) -> None:
    first = service.get_engine()
    assert service.get_engine() is first
    WageFigure.objects.filter(brc="0431").update(p50=30.0)
    WageFigure.objects.create(brc="9999", p50=1.0, p25=1.0, p75=1.0, source="test")
    again = service.get_engine()
    assert again is first  # signals only: the same matrix, new signals
    assert again.market is not None
    wage = again.market[again.profiles.index[ADMIN_ASSISTANT]].wage
    assert wage is not None and wage.p50 == 30.0
    ImportRun.objects.create(kind="test", status="succeeded")
    assert service.get_engine() is not first  # the taxonomy may have changed


def test_build_stores_the_matrix_and_logs_a_run(demo: None) -> None:
    summary = service.build_transitions()
    stored = Path(summary["stored_in"])
    assert stored.parent == settings.HOME / "matching" and stored.is_file()
    assert summary["occupations"] == 32 and summary["labour_market"] is True
    run = ImportRun.objects.get(kind="transitions")
    assert run.status == "succeeded" and run.summary["key"] == summary["key"]
    service.reset()
    stored.touch()
    before = stored.stat().st_mtime_ns
    service.get_engine()
    assert stored.stat().st_mtime_ns == before  # read, not rewritten


def test_fit_skills_puts_the_source_occupation_first(demo: None) -> None:
    report = service.fit_skills(essential_skills(SECRETARY), limit=3)
    engine = service.get_engine()
    assert report.status == "ok"
    assert engine.profiles.occupations[report.fits[0].target].uri == SECRETARY
    assert report.fits[0].of_status("missing", essential=True) == []


def test_fit_passport_weighs_validation_level_and_recency(demo: None) -> None:
    skills = essential_skills(SECRETARY)[:6]
    weak = passport_of(make_person("zwak", skills, level=1))
    strong = passport_of(make_person("sterk", skills, level=5))
    old = passport_of(make_person("oud", skills, level=5))
    SkillClaim.objects.filter(passport=old).update(
        last_used=date.today() - timedelta(days=365 * 20)
    )

    def score(passport: object) -> float:
        report = service.fit_passport(passport, limit=40)
        engine = service.get_engine()
        return next(
            f.score for f in report.fits if engine.profiles.occupations[f.target].uri == SECRETARY
        )

    assert score(strong) > score(weak)
    assert score(strong) > score(old)


def test_missing_skills_for_a_passport_and_for_uris(demo: None) -> None:
    essentials = essential_skills(ADMIN_ASSISTANT)
    have = essentials[:5]
    person = make_person("leerling", have, level=5)
    missing = service.missing_skills(passport_of(person), ADMIN_ASSISTANT)
    uris = {m.uri for m in missing if m.essential}
    assert uris and uris <= set(essentials) - set(have)
    assert all(m.label for m in missing)
    assert [m.essential for m in missing] == sorted((m.essential for m in missing), reverse=True)
    everything = service.missing_skills([], ADMIN_ASSISTANT)
    assert {m.uri for m in everything if m.essential} == set(essentials)
    assert len([m for m in everything if not m.essential]) == 10
    with pytest.raises(service.UnknownOccupation):
        service.missing_skills([], "http://data.europa.eu/esco/occupation/unknown")


def test_deprecated_skills_are_reported_as_such(demo: None) -> None:
    gone = skill("archiveren")
    Concept.objects.filter(uri=gone).update(deprecated=True)
    report = service.fit_skills([gone, skill("telefoneren")])
    assert [(i.uri, service.describe_issue(i)) for i in report.issues] == [(gone, "deprecated")]
    assert report.status == "ok"


def test_tension_upload_is_all_or_nothing(demo: None, tmp_path: Path) -> None:
    before = TensionFigure.objects.count()
    bad = tmp_path / "uwv.csv"
    bad.write_text(
        "Periode;Beroepsgroep;Typering\n2026 kwartaal 3;0431;heel erg\n", encoding="utf-8"
    )
    with pytest.raises(TableError, match="line 2"):
        import_tension(bad)
    assert TensionFigure.objects.count() == before
    good = tmp_path / "uwv2.csv"
    good.write_text(
        "Periode;Arbeidsmarktregio;Beroepsgroep;Spanningsindicator\n"
        "2026 kwartaal 3;Nederland;0431 Administratief medewerkers;2,0\n"
        "2026 kwartaal 3;Nederland;9998 Bestaat niet;2,0\n",
        encoding="utf-8",
    )
    summary = import_tension(good)
    assert summary["figures"] == 1 and summary["issue_count"] == 1
    figure = TensionFigure.objects.get()
    assert (figure.brc, figure.category, figure.is_demo) == ("0431", "krap", False)


def test_cli_transitions_from_a_label(demo: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["transitions", "from", "administratief medewerker", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["origin"]["uri"] == ADMIN_ASSISTANT
    assert data["options"][0]["occupation"]["uri"] == SECRETARY
    names = [f["name"] for f in data["options"][0]["flags"]]
    assert names == ["viable", "desirable", "in_demand", "sector", "effort"]
    assert data["options"][0]["covered"] and data["options"][0]["missing"]
    assert cli.main(["transitions", "from", "zzzz qqqq", "--json"]) == 1
    assert "no occupation found" in capsys.readouterr().err


def test_cli_fit_from_a_file(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        *essential_skills(SECRETARY)[:8],
        "telefoneren",
        "http://data.europa.eu/esco/skill/does-not-exist",
        "",
    ]
    path = tmp_path / "skills.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert cli.main(["fit", "--skills", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["results"][0]["occupation"]["uri"] == SECRETARY
    assert data["results"][0]["covered"] and "missing" in data["results"][0]
    assert [i["status"] for i in data["issues"]] == ["unknown"]
    assert cli.main(["fit", "--skills", str(tmp_path / "none.txt"), "--json"]) == 1


def test_cli_build_and_signals(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["transitions", "build", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["occupations"] == 32
    broken = tmp_path / "wages.csv"
    broken.write_text("brc;p50\n0431;x\n", encoding="utf-8")
    assert cli.main(["signals", "wages", str(broken)]) == 1
    assert WageFigure.objects.filter(brc="0431").exists()


def test_demo_figures_only_beside_the_demo_taxonomy() -> None:
    assert load_matching_demo_if_empty() is False  # no demo taxonomy: never invented figures
    assert not TensionFigure.objects.exists()
    load_demo()
    assert load_matching_demo_if_empty() is True
    assert TensionFigure.objects.filter(is_demo=True).count() == 30
    assert service.demo_figures()
    assert load_matching_demo_if_empty() is False  # figures are there


def test_a_new_process_reads_the_stored_inputs_while_the_taxonomy_is_unchanged(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = service.get_engine()
    stored = service.inputs_path(service.taxonomy_version())
    assert stored.is_file()
    service.reset()  # as a new worker

    def no_database(version: str = "") -> None:
        raise AssertionError("read the database although the stored inputs match")

    with monkeypatch.context() as patched:
        patched.setattr(service, "profiles_from_database", no_database)
        again = service.get_engine()
    assert again.profiles.content_hash() == first.profiles.content_hash()
    assert again.profiles.labels == first.profiles.labels
    assert service.database_profiles().concept_ids[ADMIN_ASSISTANT] == (
        Concept.objects.get(uri=ADMIN_ASSISTANT).pk
    )
    Concept.objects.filter(uri=skill("archiveren")).update(deprecated=True)
    changed = service.get_engine()  # another version: read from the database again
    assert changed is not again
    assert skill("archiveren") not in changed.profiles.skills.index
    assert skill("archiveren") in service.database_profiles().deprecated
    assert service.inputs_path(service.taxonomy_version()) != stored


def test_taxonomy_version_follows_imports_and_changes_but_not_own_runs(demo: None) -> None:
    before = service.taxonomy_version()
    ImportRun.objects.create(kind="transitions", status="succeeded")
    ImportRun.objects.create(kind="tension", status="succeeded")
    assert service.taxonomy_version() == before  # the figures have their own fingerprint
    concept = Concept.objects.get(uri=skill("archiveren"))
    concept.labels.create(kind="alt", lang="nl", text="dossiers bijhouden")
    with_label = service.taxonomy_version()
    assert with_label != before
    ImportRun.objects.create(kind="esco", status="succeeded")
    assert service.taxonomy_version() != with_label


def test_kept_results_and_regions_follow_the_figures_and_the_taxonomy(
    demo: None, client: Client
) -> None:
    url = "/en/wat-kan-ik-nog-meer/"
    first = client.get(url, {"beroep": ADMIN_ASSISTANT}).context["result"]
    assert client.get(url, {"beroep": ADMIN_ASSISTANT}).context["result"] == first
    secretary = first["options"][0]
    assert secretary["occupation"]["uri"] == SECRETARY
    wage = secretary["signals"]["wage"]["p50"]
    WageFigure.objects.filter(brc=secretary["signals"]["wage"]["brc"]).update(p50=wage + 7)
    WageFigure.objects.create(brc="9999", p50=1.0, p25=1.0, p75=1.0, source="test")
    shown = client.get(url, {"beroep": ADMIN_ASSISTANT}).context["result"]["options"][0]
    assert shown["signals"]["wage"]["p50"] == wage + 7
    assert "Rijnmond" in views.regions() and service.demo_figures()
    TensionFigure.objects.filter(region="Rijnmond").delete()
    TensionFigure.objects.filter(is_demo=True).update(is_demo=False)
    WageFigure.objects.update(is_demo=False)
    TensionFigure.objects.create(
        brc="0431", region="Utrecht", category="krap", value=2.0, period="2026", source="test"
    )
    assert "Rijnmond" not in views.regions() and "Utrecht" in views.regions()
    assert not service.demo_figures()
    Concept.objects.get(uri=SECRETARY).labels.filter(kind="pref", lang="en").update(kind="alt")
    Concept.objects.get(uri=SECRETARY).labels.create(
        kind="pref", lang="en", text="office secretary"
    )
    renamed = client.get(url, {"beroep": ADMIN_ASSISTANT}).context["result"]["options"][0]
    assert renamed["occupation"]["label"] == "office secretary"


def test_build_keeps_only_the_newest_and_the_previous_matrix(demo: None) -> None:
    folder = settings.HOME / "matching"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("transitions-old.npz", "credit-old.npz", "inputs-old.npz"):
        (folder / name).write_bytes(b"an older build")
    for name in ("transitions-prev.npz", "credit-prev.npz"):
        (folder / name).write_bytes(b"the build workers use now")
    ImportRun.objects.create(kind="transitions", status="succeeded", summary={"key": "prev"})
    summary = service.build_transitions()
    left = sorted(p.name for p in folder.glob("*.npz"))
    key = summary["key"]
    inputs = service.inputs_path(service.taxonomy_version()).name
    assert left == sorted(
        [
            f"credit-{key}.npz",
            "credit-prev.npz",
            inputs,
            f"transitions-{key}.npz",
            "transitions-prev.npz",
        ]
    )
    assert {"credit-old.npz", "inputs-old.npz", "transitions-old.npz"} <= set(
        summary["removed_files"]
    )
    again = service.build_transitions()  # now the previous build is this one
    assert again["key"] == key
    assert sorted(again["removed_files"]) == ["credit-prev.npz", "transitions-prev.npz"]
    assert sorted(p.name for p in folder.glob("*.npz")) == sorted(
        [f"credit-{key}.npz", inputs, f"transitions-{key}.npz"]
    )


def test_build_reads_the_database_even_when_inputs_are_stored(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.get_engine()
    assert service.inputs_path(service.taxonomy_version()).is_file()
    read: list[str] = []
    real = service.profiles_from_database

    def counted(version: str = "") -> service.DatabaseProfiles:
        read.append(version)
        return real(version)

    monkeypatch.setattr(service, "profiles_from_database", counted)
    service.build_transitions()
    assert len(read) == 1
    assert service.inputs_path(service.taxonomy_version()).is_file()


def test_damaged_stored_inputs_are_read_again_from_the_database(demo: None) -> None:
    path = service.inputs_path(service.taxonomy_version())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a numpy file")
    engine = service.get_engine()
    assert len(engine.profiles) == 32
    assert service.DatabaseProfiles.load(path).profiles.content_hash() == (
        engine.profiles.content_hash()
    )
