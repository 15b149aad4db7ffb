"""EDU-DEX program feeds (XML) to offering records.

Each ``program`` element is checked against our subset of program.xsd v1.8
(``xsd/program-subset.xsd``, see its header for what it is) on its own, so one invalid
program is refused with its XSD message and the others still import. The parser reads no
network, resolves no entities and loads no DTD.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from wendbaar.learning.importers.common import Record, RecordError, Refused, parse_date
from wendbaar.learning.models import Mode, OfferingKind

XSD = Path(__file__).with_name("xsd") / "program-subset.xsd"

KINDS = {
    "course": OfferingKind.COURSE,
    "module": OfferingKind.MODULE,
    "microCredential": OfferingKind.MICRO_CREDENTIAL,
    "programme": OfferingKind.PROGRAMME,
    "evc": OfferingKind.EVC,
    "onTheJob": OfferingKind.ON_THE_JOB,
    "freeOnline": OfferingKind.FREE_ONLINE,
}
MODES = {
    "online": Mode.ONLINE,
    "classroom": Mode.CLASSROOM,
    "blended": Mode.BLENDED,
    "atWork": Mode.AT_WORK,
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD), _parser()))


def looks_like(head: bytes) -> bool:
    return b"<program" in head


def _text(node: etree._Element, path: str) -> str:
    found = node.find(path)
    return (found.text or "").strip() if found is not None else ""


def _lang_text(node: etree._Element, path: str, lang: str) -> str:
    return _text(node, f"{path}/{lang}") or _text(node, f"{path}/nl") or _text(node, f"{path}/en")


def read(path: Path) -> Iterator[Record | Refused]:
    """Records and refusals, one per program; a file that cannot be read is one refusal."""
    try:
        tree = etree.parse(io.BytesIO(path.read_bytes()), _parser())
    except etree.XMLSyntaxError as exc:
        reason = str(exc)
        if "encoding" in reason.lower() or "utf-8" in reason.lower() or "char" in reason.lower():
            reason = f"wrong encoding or invalid characters: {reason}"
        yield Refused(path.name, f"cannot be read as XML: {reason}")
        return
    if tree.docinfo.doctype:
        yield Refused(path.name, "a DOCTYPE is not allowed in an EDU-DEX feed")
        return
    root = tree.getroot()
    programs = [root] if root.tag == "program" else list(root.iterchildren("program"))
    if not programs:
        yield Refused(path.name, f"no program elements (the root is <{root.tag}>)")
        return
    for program in programs:
        record_id = _text(program, "programClassification/programId") or (
            f"program at line {program.sourceline}"
        )
        single = etree.ElementTree(copy.deepcopy(program))
        if not schema().validate(single):
            first = schema().error_log[0]
            yield Refused(record_id, f"does not match the EDU-DEX schema: {first.message}")
            continue
        try:
            yield _record(program, record_id)
        except RecordError as exc:
            yield Refused(record_id, str(exc))


def _record(program: etree._Element, record_id: str) -> Record:
    lang = _text(program, "programClassification/language") or "nl"
    lang = lang[:2].lower()
    generic = program.find("programSchedule/genericProgramRun")
    runs = program.findall("programSchedule/programRun")
    amounts = [_text(r, "cost/amount") for r in runs if _text(r, "cost/amount")]
    if generic is not None and _text(generic, "cost/amount"):
        amounts.insert(0, _text(generic, "cost/amount"))
    # The XSD made amounts decimals; a run may be dearer than the generic price.
    cost = max((Decimal(a) for a in amounts), default=None)
    location = next(
        (
            loc
            for loc in [generic.find("location") if generic is not None else None]
            + [r.find("location") for r in runs]
            if loc is not None
        ),
        None,
    )
    level = _text(program, "programClassification/programLevel")
    study = program.find("programCurriculum/studyLoad")
    duration = program.find("programCurriculum/duration")
    return Record(
        external_id=record_id,
        provider=_text(program, "supplierName"),
        provider_id=_text(program, "supplierId"),
        title=_lang_text(program, "programDescriptions/programName", lang),
        description="\n\n".join(
            t
            for t in (
                _lang_text(program, "programDescriptions/programSummaryText", lang),
                _lang_text(program, "programDescriptions/programDescriptionText", lang),
            )
            if t
        ),
        kind=KINDS.get(_text(program, "programClassification/programType"), OfferingKind.COURSE),
        mode=MODES.get(_text(program, "programClassification/instructionMode"), Mode.CLASSROOM),
        nlqf_level=level[4:] if level.startswith("NLQF") else "",
        eqf_level=level[3:] if level.startswith("EQF") else "",
        study_hours=int(study.get("value", "0")) if study is not None else 0,
        duration_weeks=int(duration.get("value", "0")) if duration is not None else 0,
        cost=cost,
        location=_text(location, "city") if location is not None else "",
        postcode=(_text(location, "postalCode")[:4] if location is not None else ""),
        language=lang,
        starts=[parse_date(_text(r, "startDate")) for r in runs if _text(r, "startDate")],
    )
