"""Read the official ESCO CSV distribution: zip files, folders or single CSV files.

No Django here: this turns files into :mod:`records`, streaming row by row, and
raises :class:`EscoFormatError` naming the file and line for anything malformed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from wendbaar.errors import InputError
from wendbaar.taxonomy import records as r

ESCO_LANGUAGES = frozenset(
    [
        "ar",
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fi",
        "fr",
        "ga",
        "hr",
        "hu",
        "is",
        "it",
        "lt",
        "lv",
        "mt",
        "nl",
        "no",
        "pl",
        "pt",
        "ro",
        "sk",
        "sl",
        "sv",
        "uk",
    ]
)
_VERSION = re.compile(r"v(\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)
_LANG_FILE = re.compile(r"^(?P<base>[A-Za-z]+)_(?P<lang>[A-Za-z-]+)\.csv$")

# File base name -> (role, concept kind it describes, required columns).
CONCEPT_FILES = {
    "occupations": (
        r.OCCUPATION,
        {
            "conceptUri",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "status",
            "iscoGroup",
            "description",
            "code",
        },
    ),
    "skills": (
        r.SKILL,
        {
            "conceptUri",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "status",
            "skillType",
            "reuseLevel",
            "description",
        },
    ),
    "ISCOGroups": (r.ISCO_GROUP, {"conceptUri", "code", "preferredLabel", "altLabels", "status"}),
    "skillGroups": (
        r.SKILL_GROUP,
        {"conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "status", "code"},
    ),
}
COLLECTION_COLUMNS = {"conceptType", "conceptUri", "preferredLabel", "altLabels", "description"}
HIERARCHY_COLUMNS = {f"Level {i} URI" for i in range(4)}
RELATION_FILES = {
    "occupationSkillRelations": {"occupationUri", "relationType", "skillType", "skillUri"},
    "skillSkillRelations": {
        "originalSkillUri",
        "originalSkillType",
        "relationType",
        "relatedSkillType",
        "relatedSkillUri",
    },
    "broaderRelationsOccPillar": {"conceptType", "conceptUri", "broaderType", "broaderUri"},
    "broaderRelationsSkillPillar": {"conceptType", "conceptUri", "broaderType", "broaderUri"},
}
# Files of the distribution that wendbaar does not need.
IGNORED_FILES = {"conceptSchemes", "dictionary"}

COLLECTIONS = {
    "greenSkillsCollection": ("green", {"nl": "Groene vaardigheden", "en": "Green skills"}),
    "digitalSkillsCollection": ("digital", {"nl": "Digitale vaardigheden", "en": "Digital skills"}),
    "digCompSkillsCollection": ("digcomp", {"nl": "DigComp", "en": "DigComp"}),
    "languageSkillsCollection": ("language", {"nl": "Taalvaardigheden", "en": "Language skills"}),
    "transversalSkillsCollection": (
        "transversal",
        {"nl": "Transversale vaardigheden", "en": "Transversal skills"},
    ),
    "researchSkillsCollection": (
        "research-skills",
        {"nl": "Onderzoeksvaardigheden", "en": "Research skills"},
    ),
    "researchOccupationsCollection": (
        "research-occupations",
        {"nl": "Onderzoeksberoepen", "en": "Research occupations"},
    ),
}
_CONCEPT_TYPES = {
    "Occupation": r.OCCUPATION,
    "ISCOGroup": r.ISCO_GROUP,
    "SkillGroup": r.SKILL_GROUP,
    "KnowledgeSkillCompetence": r.SKILL,
}


class EscoFormatError(InputError):
    """Malformed ESCO input; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class SourceFile:
    """One CSV file of the distribution, inside a zip or on disk."""

    name: str  # e.g. "occupations_nl.csv"
    display: str  # where it came from, for messages
    role: str  # concepts | collection | hierarchy | relations
    base: str
    lang: str
    size: int
    opener: Callable[[], IO[bytes]]


@dataclass
class Distribution:
    files: list[SourceFile]
    version: str
    ignored: list[str]

    @property
    def languages(self) -> list[str]:
        return sorted({f.lang for f in self.files if f.lang})

    def of_role(self, role: str) -> list[SourceFile]:
        return [f for f in self.files if f.role == role]

    def complete_kinds(self) -> set[str]:
        """Concept kinds whose full list is in this run, so missing ones are deprecated."""
        kinds = {CONCEPT_FILES[f.base][0] for f in self.of_role("concepts")}
        if r.SKILL in kinds:
            kinds.add(r.KNOWLEDGE)
        return kinds


def version_in(path: Path) -> str | None:
    """The ESCO version named by a path ('ESCO dataset - v1.1.1 - ...zip', 'v1.2.0-nl/')."""
    for part in (path.name, *(p.name for p in path.parents)):
        match = _VERSION.search(part)
        if match:
            return "v" + match.group(1)
    return None


def _classify(name: str, display: str) -> tuple[str, str, str] | None:
    """(role, base, lang) for a file name, None for files to ignore."""
    stem = Path(name).name
    if not stem.lower().endswith(".csv"):
        return None
    match = _LANG_FILE.match(stem)
    base, lang = (match.group("base"), match.group("lang")) if match else (stem[:-4], "")
    if base in IGNORED_FILES:
        return None
    if base in RELATION_FILES:
        return "relations", base, ""
    if not match:
        raise EscoFormatError(display, f"unexpected file name {stem!r}: not an ESCO CSV file")
    if lang not in ESCO_LANGUAGES:
        raise EscoFormatError(
            display,
            f"unknown language {lang!r} in file name; ESCO languages are "
            + ", ".join(sorted(ESCO_LANGUAGES)),
        )
    if base in CONCEPT_FILES:
        return "concepts", base, lang
    if base in COLLECTIONS or base.endswith("Collection"):
        return "collection", base, lang
    if base == "skillsHierarchy":
        return "hierarchy", base, lang
    raise EscoFormatError(display, f"unexpected file name {stem!r}: not an ESCO CSV file")


def _zip_files(path: Path) -> Iterator[tuple[str, str, int, Callable[[], IO[bytes]]]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise EscoFormatError(str(path), f"not a readable zip file ({exc})") from exc
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename

        def opener(name: str = name) -> IO[bytes]:
            return archive.open(name)

        yield name, f"{path.name}:{name}", info.file_size, opener


def _disk_file(path: Path) -> tuple[str, str, int, Callable[[], IO[bytes]]]:
    return path.name, str(path), path.stat().st_size, lambda: path.open("rb")


def discover(paths: list[Path], version: str | None = None) -> Distribution:
    """Find the ESCO CSV files in zips, folders and files, and settle the version."""
    found: list[SourceFile] = []
    ignored: list[str] = []
    versions: dict[str, str] = {}
    for path in paths:
        if not path.exists():
            raise EscoFormatError(str(path), "no such file or folder")
        if path.is_dir():
            # A folder of downloads holds the official zips; a folder of CSVs is unpacked.
            entries: list[tuple[str, str, int, Callable[[], IO[bytes]]]] = []
            for member in sorted(p for p in path.iterdir() if p.is_file()):
                if member.suffix.lower() == ".zip":
                    entries.extend(_zip_files(member))
                else:
                    entries.append(_disk_file(member))
        elif zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
            entries = list(_zip_files(path))
        else:
            entries = [_disk_file(path)]
        if (named := version_in(path.resolve())) is not None:
            versions[str(path)] = named
        for name, display, size, opener in entries:
            kind = _classify(name, display)
            if kind is None:
                ignored.append(display)
                continue
            role, base, lang = kind
            found.append(SourceFile(name, display, role, base, lang, size, opener))
    if not found:
        raise EscoFormatError(", ".join(map(str, paths)), "no ESCO CSV files found")
    distinct = set(versions.values())
    if len(distinct) > 1:
        listing = "; ".join(f"{p} is {v}" for p, v in versions.items())
        raise EscoFormatError(listing, "mixed ESCO versions in one import")
    named_version = distinct.pop() if distinct else None
    if version and named_version and version != named_version:
        raise EscoFormatError(
            ", ".join(versions), f"files are {named_version} but --version says {version}"
        )
    final = version or named_version
    if not final:
        raise EscoFormatError(
            ", ".join(map(str, paths)),
            "cannot tell the ESCO version from the file names; pass it with --version",
        )
    _check_duplicates(found)
    return Distribution(files=found, version=final, ignored=ignored)


def _check_duplicates(files: list[SourceFile]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for f in files:
        key = (f.base, f.lang)
        if key in seen:
            raise EscoFormatError(f.display, f"the same file is also given as {seen[key]}")
        seen[key] = f.display


class _Counting(io.RawIOBase):
    """Counts bytes read so progress can follow a stream of unknown line count."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None]):
        self._raw = raw
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._on_read(len(data))
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def rows(
    source: SourceFile, required: set[str], on_read: Callable[[int], None] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for a CSV file, checking columns and quoting strictly.

    The skills hierarchy table leaves out empty trailing cells, so there a short
    row is padded; everywhere else a row of the wrong width means broken quoting.
    """
    allow_short = source.role == "hierarchy"
    try:
        raw = source.opener()
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        raise EscoFormatError(source.display, f"cannot be read ({exc})") from exc
    stream: IO[bytes] = raw
    if on_read is not None:
        stream = io.BufferedReader(_Counting(raw, on_read), buffer_size=1 << 16)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise EscoFormatError(source.display, "the file is empty", 1) from None
        missing = required - set(header)
        if missing:
            raise EscoFormatError(
                source.display, "missing columns: " + ", ".join(sorted(missing)), 1
            )
        width = len(header)
        for row in reader:
            if not row:
                continue
            if allow_short and len(row) < width:
                row += [""] * (width - len(row))
            if len(row) != width:
                raise EscoFormatError(
                    source.display,
                    f"expected {width} columns, found {len(row)} (check the quoting)",
                    reader.line_num,
                )
            yield reader.line_num, dict(zip(header, row, strict=True))
    except csv.Error as exc:
        raise EscoFormatError(source.display, f"broken CSV: {exc}", reader.line_num) from exc
    except UnicodeDecodeError as exc:
        raise EscoFormatError(
            source.display, f"not UTF-8 text ({exc.reason})", reader.line_num + 1
        ) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise EscoFormatError(
            source.display, f"the file is damaged or truncated ({exc})", reader.line_num
        ) from exc
    finally:
        text.close()


def check_header(source: SourceFile) -> None:
    """Read only the header, so bad files are refused before anything is written."""
    for _ in rows(source, required_columns(source)):
        break


def required_columns(source: SourceFile) -> set[str]:
    if source.role == "concepts":
        return CONCEPT_FILES[source.base][1]
    if source.role == "collection":
        return COLLECTION_COLUMNS
    if source.role == "hierarchy":
        return HIERARCHY_COLUMNS
    return RELATION_FILES[source.base]


def _split(cell: str, separator: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in cell.split(separator):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


def _skill_kind(skill_type: str) -> str:
    return r.KNOWLEDGE if skill_type.strip() == "knowledge" else r.SKILL


def concept_records(
    source: SourceFile, on_read: Callable[[int], None] | None = None
) -> Iterator[r.ConceptRecord]:
    kind = CONCEPT_FILES[source.base][0]
    for line, row in rows(source, CONCEPT_FILES[source.base][1], on_read):
        uri = row["conceptUri"].strip()
        if not uri:
            raise EscoFormatError(source.display, "conceptUri is empty", line)
        pref = row["preferredLabel"].strip()
        content = r.LanguageContent(
            lang=source.lang,
            pref=pref,
            alt=tuple(a for a in _split(row.get("altLabels", ""), "\n") if a != pref),
            hidden=_split(row.get("hiddenLabels", ""), "\n"),
            description=row.get("description", "").strip(),
            definition=row.get("definition", "").strip(),
            scope_note=row.get("scopeNote", "").strip(),
        )
        attributes: dict[str, object] = {}
        concept_kind = kind
        if kind == r.OCCUPATION:
            attributes["isco_group"] = row["iscoGroup"].strip()
            note = row.get("regulatedProfessionNote", "").strip()
            if note:
                attributes["regulated_profession_note"] = note
        elif kind == r.SKILL:
            concept_kind = _skill_kind(row["skillType"])
            attributes["skill_type"] = row["skillType"].strip()
        yield r.ConceptRecord(
            uri=uri,
            kind=concept_kind,
            content=content,
            code=row.get("code", "").strip(),
            status=row["status"].strip(),
            reuse_level=row.get("reuseLevel", "").strip(),
            attributes=attributes,
            source=source.display,
            line=line,
        )


def collection_code(base: str) -> tuple[str, dict[str, str]]:
    if base in COLLECTIONS:
        return COLLECTIONS[base]
    stem = base.removesuffix("Collection")
    return re.sub(r"(?<!^)(?=[A-Z])", "-", stem).lower(), {"en": stem}


def collection_records(
    source: SourceFile, on_read: Callable[[int], None] | None = None
) -> Iterator[tuple[r.CollectionMember, r.ConceptRecord]]:
    """Members of a collection, with the labels the file gives (label-only records)."""
    code, _titles = collection_code(source.base)
    for line, row in rows(source, COLLECTION_COLUMNS, on_read):
        uri = row["conceptUri"].strip()
        kind = _CONCEPT_TYPES.get(row["conceptType"].strip())
        if kind is None:
            raise EscoFormatError(
                source.display, f"unknown conceptType {row['conceptType']!r}", line
            )
        if kind == r.SKILL:
            kind = _skill_kind(row.get("skillType", ""))
        pref = row["preferredLabel"].strip()
        content = r.LanguageContent(
            lang=source.lang,
            pref=pref,
            alt=tuple(a for a in _split(row["altLabels"], "|") if a != pref),
            description=row["description"].strip(),
        )
        record = r.ConceptRecord(
            uri=uri, kind=kind, content=content, core=False, source=source.display, line=line
        )
        yield r.CollectionMember(code, uri, kind), record


def relation_records(
    source: SourceFile, on_read: Callable[[int], None] | None = None
) -> Iterator[r.RelationRecord]:
    for line, row in rows(source, RELATION_FILES[source.base], on_read):
        if source.base == "occupationSkillRelations":
            kind = _relation_kind(row["relationType"], r.ESSENTIAL, r.OPTIONAL, source, line)
            yield r.RelationRecord(
                row["occupationUri"].strip(),
                row["skillUri"].strip(),
                kind,
                r.OCCUPATION,
                _skill_kind(row["skillType"]),
                source.display,
                line,
            )
        elif source.base == "skillSkillRelations":
            kind = _relation_kind(
                row["relationType"], r.SKILL_ESSENTIAL, r.SKILL_OPTIONAL, source, line
            )
            yield r.RelationRecord(
                row["originalSkillUri"].strip(),
                row["relatedSkillUri"].strip(),
                kind,
                _skill_kind(row["originalSkillType"]),
                _skill_kind(row["relatedSkillType"]),
                source.display,
                line,
            )
        else:
            yield r.RelationRecord(
                row["conceptUri"].strip(),
                row["broaderUri"].strip(),
                r.BROADER,
                _type_kind(row["conceptType"], source, line),
                _type_kind(row["broaderType"], source, line),
                source.display,
                line,
            )


def hierarchy_records(
    source: SourceFile, on_read: Callable[[int], None] | None = None
) -> Iterator[r.RelationRecord]:
    """Broader relations between skill groups, from the skills hierarchy table."""
    for line, row in rows(source, HIERARCHY_COLUMNS, on_read):
        levels = [row[f"Level {i} URI"].strip() for i in range(4)]
        levels = [uri for uri in levels if uri]
        for narrower, broader in zip(levels[1:], levels[:-1], strict=False):
            yield r.RelationRecord(
                narrower, broader, r.BROADER, r.SKILL_GROUP, r.SKILL_GROUP, source.display, line
            )


def _relation_kind(value: str, essential: str, optional: str, source: SourceFile, line: int) -> str:
    value = value.strip()
    if value == "essential":
        return essential
    if value == "optional":
        return optional
    raise EscoFormatError(
        source.display, f"relationType must be essential or optional, not {value!r}", line
    )


def _type_kind(value: str, source: SourceFile, line: int) -> str:
    kind = _CONCEPT_TYPES.get(value.strip())
    if kind is None:
        raise EscoFormatError(source.display, f"unknown conceptType {value!r}", line)
    return kind
