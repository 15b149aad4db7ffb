"""Route 5: an export of another passport system, in that system's own skill codes.

Accepted formats (docs/passport.md):

* CSV (comma or semicolon, UTF-8, a header row): ``code`` (required), ``label``,
  ``level`` and ``last_used`` (optional). ``level`` is how well the person can do it:
  1-4 or basic/independent/proficient/expert (Dutch: basis/zelfstandig/vaardig/expert).
  ``last_used`` is YYYY-MM-DD, YYYY-MM or YYYY.
* JSON: ``{"scheme": "...", "skills": [{"code": ..., "label": ..., "level": ...,
  "last_used": ...}]}`` or just the list.

A code is a concept of the chosen scheme (its code or URI) and counts when an accepted
exact or close crosswalk mapping leads to an ESCO skill. What cannot be mapped is
reported with its reason; the rest is added in one transaction, as self-declared
claims (another system's validation is not ours to vouch for) that keep the original
concept beside the ESCO skill.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wendbaar.errors import InputError
from wendbaar.passport.claims import add_claim
from wendbaar.passport.models import ClaimSource, Passport, SkillClaim, ValidationLevel
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

# Sent back on the confirmation screen in a form field: it must fit Django's 2.5 MB.
MAX_BYTES = 2_000_000
MAX_ROWS = 5000
MAX_DEPTH = 8
COLUMNS = ("code", "label", "level", "last_used")
SKILL_KINDS = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)
MAPPED = (Mapping.Relation.EXACT, Mapping.Relation.CLOSE)
LEVEL_WORDS = {
    "basic": 1,
    "basis": 1,
    "independent": 2,
    "zelfstandig": 2,
    "proficient": 3,
    "vaardig": 3,
    "expert": 4,
}


class ImportFormatError(InputError):
    """A file that does not have the documented shape; nothing of it is used."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__("import", message, line)
        self.message = (
            _("line %(line)s: %(message)s") % {"line": line, "message": message}
            if line
            else message
        )


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    label: str = ""
    proficiency: int | None = None
    last_used: date | None = None


@dataclass(frozen=True)
class Mapped:
    row: Row
    source: Concept
    target: Concept
    relation: str


@dataclass(frozen=True)
class Unmapped:
    row: Row
    reason: str


@dataclass
class ImportPlan:
    scheme: ConceptScheme
    mapped: list[Mapped] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)


def importable_schemes() -> list[ConceptScheme]:
    """Schemes other than ESCO with accepted exact or close mappings to ESCO skills."""
    ids = Mapping.objects.filter(
        status=Mapping.Status.ACCEPTED,
        relation__in=MAPPED,
        target__kind__in=SKILL_KINDS,
        target__scheme__kind=ConceptScheme.Kind.ESCO,
    ).values_list("source__scheme_id", flat=True)
    return list(ConceptScheme.objects.filter(pk__in=ids).exclude(kind=ConceptScheme.Kind.ESCO))


def _level(value: Any, line: int) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip().casefold()
    if text.isdigit() and 1 <= int(text) <= 4:
        return int(text)
    if text in LEVEL_WORDS:
        return LEVEL_WORDS[text]
    raise ImportFormatError(
        _("level %(value)r is not 1-4 or basic/independent/proficient/expert")
        % {"value": str(value)},
        line,
    )


def _date(value: Any, line: int) -> date | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 12, 31)
        if len(text) == 7 and text[4] == "-":
            year, month = int(text[:4]), int(text[5:])
            following = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date.fromisoformat(text)
    except ValueError:
        raise ImportFormatError(
            _("last_used %(value)r is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") % {"value": text},
            line,
        ) from None


def _row(line: int, values: dict[str, Any]) -> Row:
    code = values.get("code")
    if not isinstance(code, str | int) or not str(code).strip():
        raise ImportFormatError(_("the code is missing"), line)
    label = values.get("label") or ""
    return Row(
        line,
        str(code).strip()[:200],
        str(label).strip()[:300],
        _level(values.get("level"), line),
        _date(values.get("last_used"), line),
    )


def _depth(value: Any, limit: int) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise ImportFormatError(_("the JSON nests too deeply"))
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _json_rows(text: str) -> list[Row]:
    try:
        value = json.loads(text)
    except RecursionError:
        raise ImportFormatError(_("the JSON nests too deeply")) from None
    except ValueError as error:
        raise ImportFormatError(
            _("this is not valid JSON (%(error)s)") % {"error": error}
        ) from None
    _depth(value, MAX_DEPTH)
    items = value.get("skills") if isinstance(value, dict) else value
    if not isinstance(items, list):
        raise ImportFormatError(_('expected a list of skills, or an object with "skills"'))
    rows = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ImportFormatError(_("skill %(number)s is not an object") % {"number": number})
        rows.append(_row(number, item))
    return rows


def _csv_rows(text: str) -> list[Row]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().casefold() for name in reader.fieldnames or []]
    if "code" not in header:
        raise ImportFormatError(
            _("the first line must name the columns, with at least “code” (found: %(found)s)")
            % {"found": ", ".join(header) or _("nothing")},
            1,
        )
    reader.fieldnames = header
    rows = []
    try:
        for record in reader:
            if not any((v or "").strip() for k, v in record.items() if isinstance(v, str)):
                continue
            values = {k: v for k, v in record.items() if k in COLUMNS}
            rows.append(_row(reader.line_num, values))
    except csv.Error as error:
        raise ImportFormatError(str(error), reader.line_num) from None
    return rows


def read_rows(name: str, data: bytes) -> list[Row]:
    """The rows of a CSV or JSON export; ImportFormatError says what is wrong and where."""
    if len(data) > MAX_BYTES:
        raise ImportFormatError(_("the file is larger than 2 MB"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError(_("the file is not UTF-8 text")) from None
    if "\x00" in text:
        raise ImportFormatError(_("the file is not text"))
    if not text.strip():
        raise ImportFormatError(_("the file is empty"))
    is_json = name.lower().endswith(".json") or text.lstrip()[:1] in ("{", "[")
    rows = _json_rows(text) if is_json else _csv_rows(text)
    if not rows:
        raise ImportFormatError(_("the file has no skills in it"))
    if len(rows) > MAX_ROWS:
        raise ImportFormatError(
            _("the file has %(count)s skills; at most %(max)s")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return rows


def plan_import(scheme: ConceptScheme, rows: list[Row]) -> ImportPlan:
    """What each row maps to, or why it does not; nothing is stored."""
    plan = ImportPlan(scheme)
    codes = {row.code for row in rows}
    concepts = {
        key: concept
        for concept in Concept.objects.filter(scheme=scheme, code__in=codes)
        for key in (concept.code,)
    }
    concepts.update({c.uri: c for c in Concept.objects.filter(scheme=scheme, uri__in=codes)})
    best: dict[int, Mapping] = {}
    for mapping in (
        Mapping.objects.filter(
            source__in=list(concepts.values()),
            status=Mapping.Status.ACCEPTED,
            relation__in=MAPPED,
            target__kind__in=SKILL_KINDS,
            target__scheme__kind=ConceptScheme.Kind.ESCO,
        )
        .select_related("target")
        .order_by("relation", "-confidence", "pk")
    ):
        best.setdefault(mapping.source_id, mapping)  # exactMatch sorts before closeMatch
    seen: set[str] = set()
    for row in rows:
        concept = concepts.get(row.code)
        if row.code in seen:
            plan.unmapped.append(Unmapped(row, _("this code was already on an earlier line")))
        elif concept is None:
            plan.unmapped.append(
                Unmapped(row, _("this code is not in %(scheme)s") % {"scheme": scheme.title()})
            )
        elif concept.pk not in best:
            plan.unmapped.append(
                Unmapped(row, _("there is no accepted exact or close mapping to ESCO for it"))
            )
        else:
            mapping = best[concept.pk]
            plan.mapped.append(Mapped(row, concept, mapping.target, mapping.relation))
        seen.add(row.code)
    return plan


def apply_import(passport: Passport, plan: ImportPlan) -> list[SkillClaim]:
    """Every mapped row as a self-declared claim, in one transaction."""
    changed_claims = []
    with transaction.atomic():
        for item in plan.mapped:
            claim, changed = add_claim(
                passport,
                item.target,
                ValidationLevel.SELF_DECLARED,
                ClaimSource.IMPORT,
                source_concept=item.source,
                proficiency=item.row.proficiency,
                last_used=item.row.last_used,
            )
            if changed:
                changed_claims.append(claim)
    return changed_claims
