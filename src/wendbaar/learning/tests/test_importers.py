"""EDU-DEX XML, the CSV template and Open Badges 3.0: good records import, every bad one
is reported with its reason, re-import updates."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from wendbaar.cli import main
from wendbaar.learning.importers import import_file
from wendbaar.learning.importers.common import RecordError, parse_date, parse_price
from wendbaar.learning.models import Offering, OfferingSkill, Provider
from wendbaar.learning.tests.conftest import TODAY, skill

DATA = Path(__file__).with_name("data")
DEMO_FEED = Path(__file__).parents[1] / "demo_data" / "edudex_demo.xml"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,50", "1234.50"),
        ("1234.50", "1234.50"),
        ("1234,5", "1234.5"),
        ("€ 395", "395"),
        ("12.345.678", "12345678"),
        ("0", "0"),
    ],
)
def test_prices_are_parsed_strictly(text: str, amount: str) -> None:
    assert parse_price(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["twaalf euro", "1,234.50", "12.34.5", "", "-5", "1.2345"])
def test_prices_as_text_are_refused(text: str) -> None:
    with pytest.raises(RecordError, match="price"):
        parse_price(text)


def test_dates() -> None:
    assert parse_date("2026-03-01") == parse_date("01-03-2026") == dt.date(2026, 3, 1)
    for bad in ("1 maart", "2026/03/01", "31-02-2026"):
        with pytest.raises(RecordError):
            parse_date(bad)


def lexical_linker(demo: None) -> object:
    from wendbaar.learning.importers.common import default_linker

    return default_linker()


def test_edudex_feed_imports_with_linked_unconfirmed_skills(demo: None) -> None:
    report = import_file(DATA / "edudex_feed.xml", today=TODAY)
    assert report.complete, report.refused
    assert sorted(report.added) == ["WA-2030-01", "WA-2030-02"]
    course = Offering.objects.get(external_id="WA-2030-01")
    assert course.source == "edudex" and course.cost == Decimal("1250.00")
    assert (course.kind, course.mode, course.nlqf_level) == ("course", "blended", "3")
    assert (course.study_hours, course.duration_weeks, course.postcode) == (40, 6, "3511")
    assert [s.date for s in course.starts.all()] == [dt.date(2030, 2, 4), dt.date(2030, 9, 2)]
    uris = set(course.skill_links.values_list("concept__uri", flat=True))
    assert {skill("warmtepompen-installeren"), skill("koudemiddelen-hanteren")} <= uris
    assert not course.skill_links.filter(confirmed=True).exists()
    assert course.provider.name == "Warmte Academie Utrecht"


def test_reimport_updates_and_keeps_confirmed_skills(demo: None, tmp_path: Path) -> None:
    import_file(DATA / "edudex_feed.xml", today=TODAY)
    course = Offering.objects.get(external_id="WA-2030-01")
    kept = course.skill_links.first()
    assert kept is not None
    OfferingSkill.objects.filter(pk=kept.pk).update(confirmed=True)
    changed = tmp_path / "feed.xml"
    changed.write_text(
        (DATA / "edudex_feed.xml").read_text(encoding="utf-8").replace("1250.00", "1300.00"),
        encoding="utf-8",
    )
    report = import_file(changed, today=TODAY)
    assert report.complete and sorted(report.updated) == ["WA-2030-01", "WA-2030-02"]
    assert report.added == []
    assert Offering.objects.count() == 2 and Provider.objects.count() == 1
    course.refresh_from_db()
    assert course.cost == Decimal("1300.00")
    assert course.skill_links.filter(concept_id=kept.concept_id, confirmed=True).exists()
    assert course.starts.count() == 2


def test_demo_feed_imports(demo: None) -> None:
    report = import_file(DEMO_FEED, today=TODAY)
    assert report.complete, report.refused
    assert len(report.added) == 3
    solar = Offering.objects.get(external_id="GV-ZON-01")
    assert skill("zonnepanelen-monteren") in set(
        solar.skill_links.values_list("concept__uri", flat=True)
    )


def feed(*programs: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<programs>' + "".join(programs) + "</programs>"


def program(
    pid: str, *, amount: str = "500", start: str = "2030-01-01", text: str = "", title: str = ""
) -> str:
    text = text or "Je leert warmtepompen installeren."
    title = title or f"Cursus {pid}"
    return f"""<program><supplierId>s</supplierId><supplierName>School</supplierName>
    <programDescriptions><programName><nl>{title}</nl></programName>
    <programDescriptionText><nl>{text}</nl></programDescriptionText></programDescriptions>
    <programClassification><programId>{pid}</programId></programClassification>
    <programSchedule><genericProgramRun><cost><amount>{amount}</amount></cost></genericProgramRun>
    <programRun><id>{pid}-1</id><startDate>{start}</startDate></programRun></programSchedule>
    </program>"""


def test_edudex_bad_records_are_reported_one_by_one(demo: None, tmp_path: Path) -> None:
    path = tmp_path / "mixed.xml"
    path.write_text(
        feed(
            program("GOOD"),
            program("PRICE", amount="vijfhonderd"),
            program("PAST", start="2020-01-06"),
            program("NOSKILL", text="Zomerfeest met muziek.", title="Zomerfeest"),
            "<program><supplierId>s</supplierId></program>",
        ),
        encoding="utf-8",
    )
    report = import_file(path, today=TODAY)
    assert report.added == ["GOOD"]
    reasons = {r.record: r.reason for r in report.refused}
    assert "schema" in reasons["PRICE"] and "amount" in reasons["PRICE"]
    assert "in the past" in reasons["PAST"]
    assert "no recognisable skills" in reasons["NOSKILL"]
    assert any(k.startswith("program at line") for k in reasons)
    assert not report.complete and "NOT complete: 1 of 5" in report.summary()
    assert list(Offering.objects.values_list("external_id", flat=True)) == ["GOOD"]


def test_wrong_encoding_and_broken_xml_are_refused(demo: None, tmp_path: Path) -> None:
    latin = tmp_path / "latin.xml"
    latin.write_bytes(feed(program("X", text="Caf\xe9 warmtepompen installeren")).encode("latin-1"))
    doctype = tmp_path / "entity.xml"
    doctype.write_text(
        '<?xml version="1.0"?><!DOCTYPE programs [<!ENTITY x "y">]><programs>&x;</programs>',
        encoding="utf-8",
    )
    for path in (latin, doctype):
        report = import_file(path, today=TODAY)
        assert report.refused and not report.added and not report.complete
    assert "encoding" in import_file(latin, today=TODAY).refused[0].reason
    assert Offering.objects.count() == 0


CSV_HEADER = (
    "external_id;provider;provider_marks;title;description;kind;skills;cost;mode;"
    "start_dates;credential_id;kansberoep\n"
)


def test_csv_template(demo: None, tmp_path: Path) -> None:
    path = tmp_path / "aanbod.csv"
    rows = [
        f"C1;Leerhuis;crkbo nrto;Koudetechniek;Basis;module;{skill('koudetechniek')};1.234,50;online;01-03-2030;https://example.org/b/1;ja",
        "C2;Leerhuis;;Tekenen;;course;;gratis;classroom;;;",
        "C3;Leerhuis;;Later;Je leert warmtepompen installeren.;course;;100;classroom;2020-01-01;;",
        f"C4;Leerhuis;;Raar;;planet;{skill('koudetechniek')};100;classroom;;;",
        f"C5;Leerhuis;;Kort;;course;{skill('koudetechniek')};100",
    ]
    path.write_bytes(
        (CSV_HEADER + "\n".join(rows) + "\n").encode()
        + b"C6;Leerhuis;;Caf\xe9;;course;;1;online;;;\n"
    )
    report = import_file(path, today=TODAY, use_linker=False)
    assert report.added == ["C1"]
    reasons = {r.record: r.reason for r in report.refused}
    assert "price" in reasons["C2"]
    assert "in the past" in reasons["C3"]
    assert "kind" in reasons["C4"]
    assert "values" in reasons["line 6"]
    assert "encoding" in reasons["line 7"]
    c1 = Offering.objects.get(external_id="C1")
    assert c1.cost == Decimal("1234.50") and c1.kansberoep is True
    assert c1.provider.marks == ["crkbo", "nrto"]
    assert c1.skill_links.get().confirmed
    assert c1.credential == {"id": "https://example.org/b/1", "type": ["Achievement"]}


def test_csv_study_load_beyond_the_models_limit_is_refused(demo: None, tmp_path: Path) -> None:
    path = tmp_path / "aanbod.csv"
    header = CSV_HEADER.replace(";kansberoep\n", ";kansberoep;study_hours;duration_weeks\n")
    path.write_text(
        header
        + "L1;Leerhuis;;Lang;;course;;100;online;;;;50000;10\n"
        + "L2;Leerhuis;;Lang;;course;;100;online;;;;100;600\n"
        + f"L3;Leerhuis;;Goed;;course;{skill('koudetechniek')};100;online;;;;20000;520\n",
        encoding="utf-8",
    )
    report = import_file(path, today=TODAY, use_linker=False)
    reasons = {r.record: r.reason for r in report.refused}
    assert reasons == {
        "L1": "study_hours 50000 is more than 20000",
        "L2": "duration_weeks 600 is more than 520",
    }
    assert report.added == ["L3"]


def test_csv_header_errors(demo: None, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id;naam\n1;a\n", encoding="utf-8")
    report = import_file(path, today=TODAY, use_linker=False)
    assert (
        "missing columns" in report.refused[0].reason
        and "unknown columns" in report.refused[0].reason
    )


def test_open_badges_achievement_sets_credential_and_skills(demo: None, tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text(
        CSV_HEADER
        + f"B1;Leerhuis;;Badgecursus;;micro_credential;{skill('koudetechniek')};100;online;;https://example.org/b/9;\n",
        encoding="utf-8",
    )
    import_file(csv, today=TODAY, use_linker=False)
    achievement = {
        "id": "https://example.org/b/9",
        "type": ["Achievement"],
        "name": "Koudetechniek basis",
        "criteria": {"narrative": "Toets gehaald"},
        "alignment": [{"type": ["Alignment"], "targetUrl": skill("koudemiddelen-hanteren")}],
    }
    orphan = {**achievement, "id": "https://example.org/b/none"}
    path = tmp_path / "badges.json"
    path.write_text(json.dumps([achievement, orphan, {"type": "Thing"}]), encoding="utf-8")
    report = import_file(path)
    assert report.updated == ["https://example.org/b/9"]
    reasons = {r.record: r.reason for r in report.refused}
    assert "no offering awards" in reasons["https://example.org/b/none"]
    assert "Achievement" in reasons["achievement 3"]
    offering = Offering.objects.get(external_id="B1")
    assert offering.credential["name"] == "Koudetechniek basis"
    assert offering.skill_links.filter(
        concept__uri=skill("koudemiddelen-hanteren"), confirmed=True
    ).exists()


def test_cli_import_reports_and_exit_code(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalogue", "import", str(DATA / "edudex_feed.xml"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["complete"] is True and len(out["added"]) == 2
    bad = tmp_path / "bad.xml"
    bad.write_text(feed(program("GOOD2"), program("BAD", amount="duur")), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["catalogue", "import", str(bad)])
    assert exit_info.value.code == 2
    text = capsys.readouterr().out
    assert "refused BAD" in text and "NOT complete: 1 of 2" in text
    assert main(["catalogue", "import", str(tmp_path / "missing.xml")]) == 1
