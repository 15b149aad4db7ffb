"""The ESCO CSV reader on its own: discovery, versions and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from wendbaar.taxonomy import esco_csv
from wendbaar.taxonomy import records as r
from wendbaar.taxonomy.esco_csv import EscoFormatError

from .esco_files import OCC, OCC_HEADER, write_csv, write_release, zip_folder


def test_discovers_files_languages_and_version_from_folder_name(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "esco-v1.2.0")
    dist = esco_csv.discover([folder])
    assert dist.version == "v1.2.0"
    assert dist.languages == ["en", "nl"]
    assert {f.base for f in dist.of_role("concepts")} == {"occupations", "skills", "ISCOGroups"}
    assert dist.complete_kinds() == {r.OCCUPATION, r.SKILL, r.KNOWLEDGE, r.ISCO_GROUP}


def test_reads_zip_and_folder_together(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "v1.1.1-en", langs=("en",))
    archive = zip_folder(folder, tmp_path / "ESCO dataset - v1.1.1 - classification - en - csv.zip")
    nl = write_release(tmp_path / "v1.1.1-nl", langs=("nl",), with_relations=False)
    dist = esco_csv.discover([archive, nl])
    assert dist.version == "v1.1.1"
    assert dist.languages == ["en", "nl"]
    occupations = next(f for f in dist.files if f.base == "occupations" and f.lang == "en")
    records = list(esco_csv.concept_records(occupations))
    assert [rec.content.pref for rec in records][:2] == ["heat pump installer", "bookkeeper"]
    assert records[0].content.alt == ("heat pump fitter",)
    assert records[0].attributes["isco_group"] == "7127"


def test_a_folder_of_downloaded_zips_is_read_inside(tmp_path: Path) -> None:
    downloads = tmp_path / "v1.1.1"
    downloads.mkdir()
    en = write_release(tmp_path / "en", langs=("en",))
    nl = write_release(tmp_path / "nl", langs=("nl",), with_relations=False)
    zip_folder(en, downloads / "ESCO dataset - v1.1.1 - classification - en - csv.zip")
    zip_folder(nl, downloads / "ESCO dataset - v1.1.1 - classification - nl - csv.zip")
    dist = esco_csv.discover([downloads])
    assert dist.version == "v1.1.1"
    assert dist.languages == ["en", "nl"]
    assert [f.base for f in dist.of_role("relations")] == ["occupationSkillRelations"]


def test_mixed_versions_are_refused(tmp_path: Path) -> None:
    one = write_release(tmp_path / "v1.1.1-nl", langs=("nl",), with_relations=False)
    two = write_release(tmp_path / "v1.2.0-en", langs=("en",), with_relations=False)
    with pytest.raises(EscoFormatError, match="mixed ESCO versions"):
        esco_csv.discover([one, two])


def test_version_must_be_known(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "esco")
    with pytest.raises(EscoFormatError, match="pass it with --version"):
        esco_csv.discover([folder])
    assert esco_csv.discover([folder], version="v1.0.9").version == "v1.0.9"


def test_version_option_must_agree_with_file_names(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "v1.1.1")
    with pytest.raises(EscoFormatError, match=r"files are v1\.1\.1 but --version says v1\.2\.0"):
        esco_csv.discover([folder], version="v1.2.0")


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "v1.1.1", langs=("en",))
    (folder / "occupations_xx.csv").write_text("conceptUri\n", encoding="utf-8")
    with pytest.raises(EscoFormatError, match="unknown language 'xx'") as info:
        esco_csv.discover([folder])
    assert "occupations_xx.csv" in str(info.value)


def test_missing_columns_name_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    write_csv(folder / "occupations_en.csv", ["conceptUri", "preferredLabel"], [])
    dist = esco_csv.discover([folder])
    with pytest.raises(EscoFormatError) as info:
        esco_csv.check_header(dist.files[0])
    message = str(info.value)
    assert "occupations_en.csv, line 1" in message
    assert "missing columns" in message and "altLabels" in message


def test_broken_quoting_names_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    path = write_csv(
        folder / "occupations_en.csv",
        OCC_HEADER,
        [
            {
                "conceptType": "Occupation",
                "conceptUri": OCC + "a",
                "preferredLabel": "a",
                "status": "released",
                "iscoGroup": "1111",
            },
        ],
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write('Occupation,http://x/b,1111,"unterminated,,,,,,,,,,\n')
    dist = esco_csv.discover([folder])
    with pytest.raises(EscoFormatError, match=r"occupations_en.csv, line 3: broken CSV"):
        list(esco_csv.concept_records(dist.files[0]))


def test_row_of_wrong_width_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    path = folder / "occupationSkillRelations.csv"
    path.write_text(
        "occupationUri,relationType,skillType,skillUri\nhttp://o,essential,knowledge\n",
        encoding="utf-8",
    )
    dist = esco_csv.discover([folder])
    with pytest.raises(EscoFormatError, match=r"line 2: expected 4 columns, found 3"):
        list(esco_csv.relation_records(dist.files[0]))


def test_unknown_relation_type_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    (folder / "occupationSkillRelations.csv").write_text(
        "occupationUri,relationType,skillType,skillUri\nhttp://o,required,knowledge,http://s\n",
        encoding="utf-8",
    )
    dist = esco_csv.discover([folder])
    with pytest.raises(EscoFormatError, match="relationType must be essential or optional"):
        list(esco_csv.relation_records(dist.files[0]))


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    header = ",".join(OCC_HEADER)
    (folder / "occupations_nl.csv").write_bytes(
        (header + "\n").encode()
        + "Occupation,http://o,1,inspici\xebnt".encode("latin-1")
        + b",,,released,,,,,,,\n"
    )
    dist = esco_csv.discover([folder])
    with pytest.raises(EscoFormatError, match="not UTF-8"):
        list(esco_csv.concept_records(dist.files[0]))


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "v1.1.1", langs=("en",))
    archive = zip_folder(folder, tmp_path / "ESCO dataset - v1.1.1 - en.zip")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(EscoFormatError, match="not a readable zip file"):
        esco_csv.discover([archive])


def test_corrupt_member_in_zip_is_refused(tmp_path: Path) -> None:
    folder = write_release(tmp_path / "v1.1.1", langs=("en",))
    archive = zip_folder(folder, tmp_path / "ESCO dataset - v1.1.1 - en.zip")
    data = bytearray(archive.read_bytes())
    # Damage the compressed body of the first member; the directory stays readable.
    data[60:80] = b"\x00" * 20
    archive.write_bytes(bytes(data))
    dist = esco_csv.discover([archive])
    first = sorted(dist.files, key=lambda f: f.name)[0]
    with pytest.raises(EscoFormatError, match="damaged or truncated"):
        list(esco_csv.rows(first, set()))


def test_no_esco_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "v1.1.1").mkdir()
    (tmp_path / "v1.1.1" / "readme.txt").write_text("hello")
    with pytest.raises(EscoFormatError, match="no ESCO CSV files found"):
        esco_csv.discover([tmp_path / "v1.1.1"])


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EscoFormatError, match="no such file or folder"):
        esco_csv.discover([tmp_path / "nope.zip"])


def test_hierarchy_rows_become_broader_relations(tmp_path: Path) -> None:
    folder = tmp_path / "v1.1.1"
    folder.mkdir()
    (folder / "skillsHierarchy_en.csv").write_text(
        "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,"
        "Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description\n"
        "http://a,A\nhttp://a,A,http://b,B\nhttp://a,A,http://b,B,http://c,C,,,\n",
        encoding="utf-8",
    )
    dist = esco_csv.discover([folder])
    pairs = [(rel.source_uri, rel.target_uri) for rel in esco_csv.hierarchy_records(dist.files[0])]
    assert pairs == [("http://b", "http://a"), ("http://b", "http://a"), ("http://c", "http://b")]
